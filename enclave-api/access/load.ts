/** Loading things a principal may see; anything else is reported as not found. */
import { notFound } from '../../platform/index.ts';
import { getProject, isMember } from '../db/projects.ts';
import { getQuery } from '../db/queries.ts';
import type { Db } from '../db/queryable.ts';
import type { DbProject, DbQuery, Principal } from '../types.ts';
import { canSeeProject, canSeeQuery } from './rules.ts';

/** The project and whether the caller is a member; 404 if it does not exist or is not visible to them. */
export async function loadVisibleProject(
  db: Db,
  principal: Principal,
  id: string,
): Promise<{ project: DbProject; member: boolean }> {
  const project = await getProject(db, id);
  if (!project) throw notFound('project');
  const member = await isMember(db, project.id, principal.userId);
  if (!canSeeProject(principal, member)) throw notFound('project');
  return { project, member };
}

/** The query if the caller may see it; 404 otherwise. */
export async function loadVisibleQuery(db: Db, principal: Principal, id: string): Promise<DbQuery> {
  const query = await getQuery(db, id);
  if (!query || !canSeeQuery(principal, query.user_id)) throw notFound('query');
  return query;
}
