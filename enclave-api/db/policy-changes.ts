/** Pending and approved project policy changes, and applying one to its project. */
import type { PolicyChange } from '../access/policy.ts';
import type { Db } from './queryable.ts';

export interface DbPolicyChange {
  id: string;
  project_id: string;
  change: PolicyChange;
  loosens: string[];
  reason: string;
  status: 'pending' | 'approved';
  proposed_by: string;
  proposed_at: Date;
  approved_by: string | null;
  approved_at: Date | null;
}

export async function insertPolicyChange(
  db: Db,
  input: { projectId: string; change: PolicyChange; loosens: string[]; reason: string; proposedBy: string },
): Promise<DbPolicyChange> {
  const { rows } = await db.query<DbPolicyChange>(
    `insert into enclave.policy_changes (project_id, change, loosens, reason, proposed_by) values ($1, $2, $3, $4, $5) returning *`,
    [input.projectId, JSON.stringify(input.change), JSON.stringify(input.loosens), input.reason, input.proposedBy],
  );
  return rows[0]!;
}

/** One change of `projectId`; `forUpdate` locks it for the approving transaction. */
export async function getPolicyChange(
  db: Db,
  projectId: string,
  id: string,
  forUpdate = false,
): Promise<DbPolicyChange | null> {
  const { rows } = await db.query<DbPolicyChange>(
    `select * from enclave.policy_changes where project_id = $1 and id = $2${forUpdate ? ' for update' : ''}`,
    [projectId, id],
  );
  return rows[0] ?? null;
}

export async function listPolicyChanges(db: Db, projectId: string): Promise<DbPolicyChange[]> {
  const { rows } = await db.query<DbPolicyChange>(
    `select * from enclave.policy_changes where project_id = $1 order by proposed_at desc`,
    [projectId],
  );
  return rows;
}

/** Marks a pending change approved by `approvedBy`; false when it was no longer pending. */
export async function markPolicyChangeApproved(db: Db, id: string, approvedBy: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `update enclave.policy_changes set status = 'approved', approved_by = $2, approved_at = now() where id = $1 and status = 'pending'`,
    [id, approvedBy],
  );
  return rowCount === 1;
}

/** Sets the settings `change` names on the project (the others stay). */
export async function applyPolicyChange(db: Db, projectId: string, change: PolicyChange): Promise<void> {
  await db.query(
    `update enclave.projects
        set auto_release_pass = coalesce($2, auto_release_pass),
            requires_two_custodians = coalesce($3, requires_two_custodians),
            disclosure_overrides = coalesce($4::jsonb, disclosure_overrides)
      where id = $1`,
    [
      projectId,
      change.autoReleasePass ?? null,
      change.requiresTwoCustodians ?? null,
      change.disclosureOverrides === undefined ? null : JSON.stringify(change.disclosureOverrides),
    ],
  );
}
