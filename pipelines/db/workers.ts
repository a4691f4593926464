/** SQL for the registry of live pipeline workers (`pipelines.workers`) and the takeover of a dead worker's jobs. */
import type pg from 'pg';
import { guardFrom } from '../framework/materialisation-states.ts';

type Queryable = pg.Pool | pg.PoolClient;

/** The graphile-worker tasks a pipeline worker pool runs: only their locks are ours to judge. */
export const PIPELINE_TASKS = ['materialise', 'pipeline_nightly'] as const;

export interface WorkerIdentity {
  lockId: string;
  worker: string;
  host: string;
  pid: number;
}

/** Inserts or renews a worker's row (a worker swept by mistake, say after a long pause, comes back). */
export async function heartbeat(db: Queryable, who: WorkerIdentity, stats: Record<string, unknown>): Promise<void> {
  await db.query(
    `insert into pipelines.workers (lock_id, worker, host, pid, stats) values ($1, $2, $3, $4, $5)
     on conflict (lock_id) do update set heartbeat_at = now(), stats = excluded.stats`,
    [who.lockId, who.worker, who.host, who.pid, JSON.stringify(stats)],
  );
}

export async function leave(db: Queryable, lockId: string): Promise<void> {
  await db.query('delete from pipelines.workers where lock_id = $1', [lockId]);
}

export interface DeadWorker {
  lockId: string;
  worker: string | null;
}

/**
 * Pools that hold pipeline work but are not alive: registered ones whose heartbeat is older than the lease, and
 * pools that never registered (or whose row is gone) yet have held a pipeline job for longer than the lease.
 */
export async function deadWorkers(db: Queryable, leaseMs: number): Promise<DeadWorker[]> {
  const { rows } = await db.query<DeadWorker>(
    `select lock_id as "lockId", worker from pipelines.workers where heartbeat_at < now() - make_interval(secs => $1)
     union
     select distinct j.locked_by, null
       from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = any($2) and j.locked_by is not null and j.locked_at < now() - make_interval(secs => $1)
        and not exists (select 1 from pipelines.workers w where w.lock_id = j.locked_by)`,
    [leaseMs / 1000, PIPELINE_TASKS],
  );
  return rows;
}

export interface LockedJob {
  id: string;
  task: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

/** The jobs the given pools hold, locked for the caller's transaction. */
export async function jobsLockedBy(client: pg.PoolClient, lockIds: readonly string[]): Promise<LockedJob[]> {
  const { rows } = await client.query<LockedJob>(
    `select j.id::text, t.identifier as task, j.payload, j.attempts, j.max_attempts as "maxAttempts"
       from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where j.locked_by = any($1) for update of j`,
    [lockIds],
  );
  return rows;
}

/**
 * The running attempts of the given pools become `retrying`, with the reason; returns their ids. Only rows the
 * table lets become `retrying` are matched (`running`): a finished attempt of a dead pool keeps its status.
 */
export async function interruptAttempts(
  client: pg.PoolClient,
  lockIds: readonly string[],
  leaseMs: number,
): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `update pipelines.materialisations
        set status = 'retrying', finished_at = now(), seconds = extract(epoch from now() - started_at),
            error = 'interrupted: worker ' || coalesce(worker, lock_id) || ' stopped (no heartbeat for ' || $2 || ' ms)'
      where status = any($3) and lock_id = any($1)
      returning id::text`,
    [lockIds, leaseMs, guardFrom('retrying', 'running')],
  );
  return rows.map((row) => row.id);
}

/** graphile-worker's own release of a dead worker's locks (sql/000016), then the registry rows go. */
export async function releaseLocks(client: pg.PoolClient, lockIds: readonly string[]): Promise<void> {
  await client.query('select graphile_worker.force_unlock_workers($1::text[])', [lockIds]);
  await client.query('delete from pipelines.workers where lock_id = any($1)', [lockIds]);
}

/** Removes jobs that have no attempt left (graphile-worker would keep them as permanently failed). */
export async function completeJobs(db: Queryable, jobIds: readonly string[]): Promise<void> {
  if (jobIds.length > 0) await db.query('select graphile_worker.complete_jobs($1::bigint[])', [jobIds]);
}

export interface DbWorker {
  worker: string;
  lock_id: string;
  heartbeat_age: number;
  stats: Record<string, unknown>;
}

export async function listWorkers(db: Queryable): Promise<DbWorker[]> {
  const { rows } = await db.query<DbWorker>(
    `select worker, lock_id, extract(epoch from now() - heartbeat_at)::float8 as heartbeat_age, stats
       from pipelines.workers order by worker, lock_id`,
  );
  return rows;
}
