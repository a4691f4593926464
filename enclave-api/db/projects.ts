/** Projects, memberships and dataset grants (grants are data: who granted what, when and why). */
import { SdfError } from '../../platform/index.ts';
import type { DbDatasetGrant, DbProject } from '../types.ts';
import type { Db } from './queryable.ts';

const PROJECT_COLUMNS = `id, title, purpose, legal_basis, starts_on::text as starts_on, ends_on::text as ends_on,
  requires_two_custodians, auto_release_pass, disclosure_overrides, created_by, created_at`;

export interface NewProject {
  title: string;
  purpose: string;
  legalBasis: string;
  /** YYYY-MM-DD */
  startsOn: string;
  /** YYYY-MM-DD, inclusive */
  endsOn: string;
  requiresTwoCustodians?: boolean;
  autoReleasePass?: boolean;
  disclosureOverrides?: Record<string, unknown>;
  createdBy?: string | null;
}

export async function createProject(db: Db, input: NewProject): Promise<DbProject> {
  if (input.endsOn < input.startsOn) throw new SdfError('bad_input', 'endsOn: must not be before startsOn', 400);
  const { rows } = await db.query<DbProject>(
    `insert into enclave.projects (title, purpose, legal_basis, starts_on, ends_on, requires_two_custodians,
       auto_release_pass, disclosure_overrides, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${PROJECT_COLUMNS}`,
    [
      input.title,
      input.purpose,
      input.legalBasis,
      input.startsOn,
      input.endsOn,
      input.requiresTwoCustodians ?? false,
      input.autoReleasePass ?? false,
      JSON.stringify(input.disclosureOverrides ?? {}),
      input.createdBy ?? null,
    ],
  );
  return rows[0]!;
}

export async function getProject(db: Db, id: string): Promise<DbProject | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<DbProject>(`select ${PROJECT_COLUMNS} from enclave.projects where id = $1`, [id]);
  return rows[0] ?? null;
}

/** Projects a user is a member of, or every project when `all`. */
export async function listProjects(db: Db, userId: string, all: boolean): Promise<DbProject[]> {
  const { rows } = await db.query<DbProject>(
    `select ${PROJECT_COLUMNS} from enclave.projects p
      where $2 or exists (select 1 from enclave.memberships m where m.project_id = p.id and m.user_id = $1)
      order by created_at`,
    [userId, all],
  );
  return rows;
}

export async function addMember(
  db: Db,
  input: { projectId: string; userId: string; addedBy?: string | null },
): Promise<void> {
  await db.query(
    `insert into enclave.memberships (project_id, user_id, added_by) values ($1, $2, $3) on conflict do nothing`,
    [input.projectId, input.userId, input.addedBy ?? null],
  );
}

export async function isMember(db: Db, projectId: string, userId: string): Promise<boolean> {
  const { rows } = await db.query(`select 1 from enclave.memberships where project_id = $1 and user_id = $2`, [
    projectId,
    userId,
  ]);
  return rows.length > 0;
}

export async function listMembers(db: Db, projectId: string): Promise<{ id: string; name: string; role: string }[]> {
  const { rows } = await db.query<{ id: string; name: string; role: string }>(
    `select u.id, u.name, u.role from enclave.memberships m join enclave.users u on u.id = m.user_id
      where m.project_id = $1 order by u.name`,
    [projectId],
  );
  return rows;
}

/** Grants a dataset to a project with the granter and the reason; re-granting a revoked grant restores it. */
export async function grantDataset(
  db: Db,
  input: { projectId: string; datasetId: string; grantedBy?: string | null; reason: string },
): Promise<DbDatasetGrant> {
  try {
    const { rows } = await db.query<DbDatasetGrant>(
      `insert into enclave.dataset_grants (project_id, dataset_id, granted_by, reason) values ($1, $2, $3, $4)
       on conflict (project_id, dataset_id) do update
         set granted_by = excluded.granted_by, reason = excluded.reason, granted_at = now(), revoked_at = null
       returning *`,
      [input.projectId, input.datasetId, input.grantedBy ?? null, input.reason],
    );
    return rows[0]!;
  } catch (error) {
    if ((error as { code?: string }).code === '23503') {
      throw new SdfError('bad_input', `datasets: no dataset "${input.datasetId}" in the catalog`, 400);
    }
    throw error;
  }
}

export async function revokeGrant(db: Db, projectId: string, datasetId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `update enclave.dataset_grants set revoked_at = now() where project_id = $1 and dataset_id = $2 and revoked_at is null`,
    [projectId, datasetId],
  );
  return (rowCount ?? 0) > 0;
}

/** Current (unrevoked) grants of a project. */
export async function listGrants(db: Db, projectId: string): Promise<DbDatasetGrant[]> {
  const { rows } = await db.query<DbDatasetGrant>(
    `select * from enclave.dataset_grants where project_id = $1 and revoked_at is null order by dataset_id`,
    [projectId],
  );
  return rows;
}

export const isUuid = (value: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
