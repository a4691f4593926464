/** Project administration's writes beyond creation: removing a member, moving the access window, the history. */
import type { Db } from './queryable.ts';

/** Removes a membership; false when the user was not a member. */
export async function removeMember(db: Db, projectId: string, userId: string): Promise<boolean> {
  const { rowCount } = await db.query(`delete from enclave.memberships where project_id = $1 and user_id = $2`, [
    projectId,
    userId,
  ]);
  return (rowCount ?? 0) > 0;
}

/**
 * Sets the window's last day (inclusive). Closing sets it to `lastDay` before today and, for a project that had
 * not started, moves the start back with it (a window is never inverted).
 */
export async function setAccessWindowEnd(
  db: Db,
  projectId: string,
  endsOn: string,
): Promise<{ starts_on: string; ends_on: string }> {
  const { rows } = await db.query<{ starts_on: string; ends_on: string }>(
    `update enclave.projects set ends_on = $2::date, starts_on = least(starts_on, $2::date) where id = $1
     returning starts_on::text as starts_on, ends_on::text as ends_on`,
    [projectId, endsOn],
  );
  return rows[0]!;
}

export interface DbHistoryEntry {
  seq: string;
  at: Date;
  route: string;
  user_id: string | null;
  user_name: string | null;
  details: Record<string, unknown> | null;
}

/** A project's domain events from the audit chain (created, members, grants, window, policy, releases), newest first. */
export async function projectHistory(db: Db, projectId: string, limit = 500): Promise<DbHistoryEntry[]> {
  const { rows } = await db.query<DbHistoryEntry>(
    `select a.seq::text as seq, a.at, a.route, a.user_id, u.name as user_name, a.details
       from enclave.audit_log a left join enclave.users u on u.id = a.user_id
      where a.project_id = $1 and a.method = 'EVENT'
      order by a.seq desc limit $2`,
    [projectId, limit],
  );
  return rows;
}
