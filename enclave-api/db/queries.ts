/** Query records: submitted, claimed by the job, finished or failed; every update is guarded by the state table. */
import { hashSql } from '../auth/tokens.ts';
import { sourcesOf } from '../queries/states.ts';
import type { CheckReport, UncheckedReport } from '../../output-checks/index.ts';
import type { DbQuery, Outcome, PinnedVersion, QueryTarget, SandboxColumn } from '../types.ts';
import { isUuid } from './projects.ts';
import type { Db } from './queryable.ts';

export async function insertQuery(
  db: Db,
  input: { projectId: string; userId: string; sql: string; target: QueryTarget },
): Promise<DbQuery> {
  const { rows } = await db.query<DbQuery>(
    `insert into enclave.queries (project_id, user_id, sql, sql_hash, target) values ($1, $2, $3, $4, $5) returning *`,
    [input.projectId, input.userId, input.sql, hashSql(input.sql), input.target],
  );
  return rows[0]!;
}

export async function getQuery(db: Db, id: string): Promise<DbQuery | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<DbQuery>(`select * from enclave.queries where id = $1`, [id]);
  return rows[0] ?? null;
}

/** A user's queries (or all, for overseers), newest first, without rows. */
export async function listQueries(
  db: Db,
  filter: { userId?: string; projectId?: string; limit?: number },
): Promise<DbQuery[]> {
  const { rows } = await db.query<DbQuery>(
    `select id, project_id, user_id, sql, sql_hash, target, status, error_code, error_message, submitted_at, started_at,
            finished_at, worker_id, heartbeat_at, datasets, columns, row_count, truncated, null as rows, result_path, outcome,
            check_report
       from enclave.queries
      where ($1::uuid is null or user_id = $1) and ($2::uuid is null or project_id = $2)
      order by submitted_at desc limit $3`,
    [filter.userId ?? null, filter.projectId ?? null, filter.limit ?? 100],
  );
  return rows;
}

/** Queries of a user that are queued or running (the concurrent-query quota counts these). */
export async function countActiveQueries(db: Db, userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from enclave.queries where user_id = $1 and status in ('queued', 'running', 'checking')`,
    [userId],
  );
  return rows[0]?.n ?? 0;
}

/** queued → running, pinning the releases it will read, by `workerId`. Returns false if the query was not queued. */
export async function markRunning(
  db: Db,
  id: string,
  datasets: PinnedVersion[],
  workerId: string | null = null,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update enclave.queries set status = 'running', started_at = now(), heartbeat_at = now(), worker_id = $4, datasets = $2
      where id = $1 and status = any($3)`,
    [id, JSON.stringify(datasets), sourcesOf('running'), workerId],
  );
  return (rowCount ?? 0) > 0;
}

/** Renews the lease of a query its worker still runs (or checks); false once it has left those states. */
export async function heartbeatQuery(db: Db, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `update enclave.queries set heartbeat_at = now() where id = $1 and status in ('running', 'checking')`,
    [id],
  );
  return (rowCount ?? 0) > 0;
}

export async function markSucceeded(
  db: Db,
  id: string,
  result: {
    columns: SandboxColumn[];
    rowCount: number;
    truncated: boolean;
    rows: unknown[] | null;
    resultPath: string | null;
  },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update enclave.queries set status = 'succeeded', finished_at = now(), columns = $2, row_count = $3,
            truncated = $4, rows = $5, result_path = $6
      where id = $1 and status = any($7)`,
    [
      id,
      JSON.stringify(result.columns),
      result.rowCount,
      result.truncated,
      result.rows === null ? null : JSON.stringify(result.rows),
      result.resultPath,
      sourcesOf('succeeded'),
    ],
  );
  return (rowCount ?? 0) > 0;
}

export async function markFailed(db: Db, id: string, code: string, message: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `update enclave.queries set status = 'failed', finished_at = now(), error_code = $2, error_message = $3
      where id = $1 and status = any($4)`,
    [id, code, message, sourcesOf('failed')],
  );
  return (rowCount ?? 0) > 0;
}

/** running → checking: a real query ran and wrote its result inside the facility; its output is being checked. */
export async function markChecking(
  db: Db,
  id: string,
  result: { columns: SandboxColumn[]; rowCount: number; truncated: boolean; resultPath: string },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update enclave.queries set status = 'checking', columns = $2, row_count = $3, truncated = $4, result_path = $5
      where id = $1 and status = any($6)`,
    [id, JSON.stringify(result.columns), result.rowCount, result.truncated, result.resultPath, sourcesOf('checking')],
  );
  return (rowCount ?? 0) > 0;
}

/** checking → succeeded with the check's outcome and report, stored at once (a poller never sees one without the other). */
export async function recordOutputCheck(
  db: Db,
  id: string,
  outcome: Outcome,
  report: CheckReport | UncheckedReport,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update enclave.queries set status = 'succeeded', finished_at = now(), outcome = $2, check_report = $3
      where id = $1 and status = any($4)`,
    [id, outcome, JSON.stringify(report ?? null), sourcesOf('succeeded')],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * Fails queries left `running` or `checking` by a worker that died: a live worker renews `heartbeat_at` well
 * within the lease, so a query not heard of for `leaseMs` (started before heartbeats, by `started_at`) is
 * orphaned. Returns the ids failed, with code `interrupted`.
 */
export async function failOrphanedQueries(db: Db, leaseMs: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `update enclave.queries set status = 'failed', finished_at = now(), error_code = 'interrupted',
            error_message = 'the worker running the query stopped before it finished; submit it again'
      where status in ('running', 'checking') and coalesce(heartbeat_at, started_at) < now() - make_interval(secs => $1)
      returning id`,
    [leaseMs / 1000],
  );
  return rows.map((row) => row.id);
}
