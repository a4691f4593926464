/** SQL of the `output_checks` schema: checks, release requests, votes, status history and the released cells. */
import type pg from 'pg';
import type { ReleaseStatus } from '../workflow.ts';
import type { CellPopulation, ReleasedCell } from '../released-cells.ts';
import type { DbCheck, DbReleaseRequest, DbStatusChange, DbVote, Protection } from './types.ts';
import type { CheckReport, Verdict } from '../types.ts';

/** A pool or a client inside a transaction. */
export type Db = Pick<pg.Pool, 'query'> | pg.PoolClient;

export async function saveCheck(db: Db, check: Omit<DbCheck, 'checked_at'>): Promise<void> {
  await db.query(
    `insert into output_checks.checks (query_id, outcome, report, companion, populations, companion_rows)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (query_id) do update set outcome = excluded.outcome, report = excluded.report,
       companion = excluded.companion, populations = excluded.populations, companion_rows = excluded.companion_rows,
       checked_at = now()`,
    [
      check.query_id,
      check.outcome,
      JSON.stringify(check.report),
      JSON.stringify(check.companion),
      JSON.stringify(check.populations),
      JSON.stringify(check.companion_rows),
    ],
  );
}

export async function getCheck(db: Db, queryId: string): Promise<DbCheck | null> {
  const { rows } = await db.query<DbCheck>('select * from output_checks.checks where query_id = $1', [queryId]);
  return rows[0] ?? null;
}

export interface NewRequest {
  id: string;
  queryId: string;
  projectId: string;
  requesterId: string;
  status: ReleaseStatus;
  justification: string;
  requiresTwo: boolean;
  protection: Protection;
  outcome: Verdict;
  report: CheckReport;
  outputPath: string;
  outputSha256: string;
  autoReleased: boolean;
}

export async function insertRequest(db: Db, r: NewRequest): Promise<DbReleaseRequest> {
  const { rows } = await db.query<DbReleaseRequest>(
    `insert into output_checks.release_requests (id, query_id, project_id, requester_id, status, justification,
       requires_two_custodians, protection, outcome, report, output_path, output_sha256, auto_released, decided_at)
     values ($13, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, case when $4 = 'approved' then now() end)
     returning *`,
    [
      r.queryId,
      r.projectId,
      r.requesterId,
      r.status,
      r.justification,
      r.requiresTwo,
      JSON.stringify(r.protection),
      r.outcome,
      JSON.stringify(r.report),
      r.outputPath,
      r.outputSha256,
      r.autoReleased,
      r.id,
    ],
  );
  return rows[0]!;
}

export async function getRequest(db: Db, id: string, lock = false): Promise<DbReleaseRequest | null> {
  const { rows } = await db.query<DbReleaseRequest>(
    `select * from output_checks.release_requests where id = $1${lock ? ' for update' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function listRequests(
  db: Db,
  filter: { statuses?: readonly ReleaseStatus[]; requesterId?: string },
): Promise<DbReleaseRequest[]> {
  const { rows } = await db.query<DbReleaseRequest>(
    `select * from output_checks.release_requests
      where ($1::text[] is null or status = any($1)) and ($2::uuid is null or requester_id = $2)
      order by created_at`,
    [filter.statuses ?? null, filter.requesterId ?? null],
  );
  return rows;
}

/** Moves a request from `from` to `to` only if it is still in `from` (false otherwise: someone got there first). */
export async function updateStatus(
  db: Db,
  id: string,
  from: ReleaseStatus,
  to: ReleaseStatus,
  patch: { justification?: string; nextRound?: boolean } = {},
): Promise<boolean> {
  const decided = ['approved', 'rejected', 'withdrawn'].includes(to);
  const result = await db.query(
    `update output_checks.release_requests
        set status = $3, updated_at = now(), decided_at = case when $4 then now() else decided_at end,
            justification = coalesce($5, justification), round = round + case when $6 then 1 else 0 end
      where id = $1 and status = $2`,
    [id, from, to, decided, patch.justification ?? null, patch.nextRound ?? false],
  );
  return result.rowCount === 1;
}

export async function recordStatusChange(db: Db, change: Omit<DbStatusChange, 'id' | 'at'>): Promise<void> {
  await db.query(
    `insert into output_checks.status_changes (request_id, from_status, to_status, actor_id, reason) values ($1, $2, $3, $4, $5)`,
    [change.request_id, change.from_status, change.to_status, change.actor_id, change.reason],
  );
}

export async function listStatusChanges(db: Db, requestId: string): Promise<DbStatusChange[]> {
  const { rows } = await db.query<DbStatusChange>(
    'select * from output_checks.status_changes where request_id = $1 order by id',
    [requestId],
  );
  return rows;
}

export async function insertVote(db: Db, vote: Omit<DbVote, 'voted_at'>): Promise<void> {
  await db.query(
    `insert into output_checks.votes (request_id, round, custodian_id, decision, reason) values ($1, $2, $3, $4, $5)`,
    [vote.request_id, vote.round, vote.custodian_id, vote.decision, vote.reason],
  );
}

export async function listVotes(db: Db, requestId: string, round?: number): Promise<DbVote[]> {
  const { rows } = await db.query<DbVote>(
    'select * from output_checks.votes where request_id = $1 and ($2::int is null or round = $2) order by voted_at',
    [requestId, round ?? null],
  );
  return rows;
}

export async function insertReleasedCells(
  db: Db,
  input: {
    projectId: string;
    requestId: string;
    queryId: string;
    datasets: string[];
    cells: readonly CellPopulation[];
  },
): Promise<void> {
  for (const cell of input.cells) {
    await db.query(
      `insert into output_checks.released_cells (project_id, request_id, query_id, datasets, description, output_sql, key_count, cell_key, persons)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        input.projectId,
        input.requestId,
        input.queryId,
        input.datasets,
        cell.description,
        cell.outputSql,
        cell.keyCount,
        cell.key,
        cell.persons,
      ],
    );
  }
}

/** The project's released cells (newest first, at most `limit`), optionally only those released after `since`. */
export async function listReleasedCells(
  db: Db,
  projectId: string,
  limit = 5000,
  since?: Date,
): Promise<ReleasedCell[]> {
  const { rows } = await db.query<{
    id: string;
    description: string;
    output_sql: string;
    key_count: number;
    cell_key: string;
    persons: number;
  }>(
    `select id, description, output_sql, key_count, cell_key, persons from output_checks.released_cells
      where project_id = $1 and output_sql is not null and ($3::timestamptz is null or released_at > $3)
      order by id desc limit $2`,
    [projectId, limit, since ?? null],
  );
  return rows.map((r) => ({
    id: String(r.id),
    description: r.description,
    outputSql: r.output_sql,
    keyCount: r.key_count,
    key: r.cell_key,
    persons: r.persons,
  }));
}
