/**
 * Worker loss: a worker renews the lease of each query it runs; every API and worker process sweeps queries
 * whose lease ran out to `failed` with code `interrupted`. Re-running them is left to the researcher, because a
 * real query may already have spent part of the project's daily budget and its output may have been half-checked.
 */
import { hostname } from 'node:os';
import type pg from 'pg';
import { logger } from '../../platform/index.ts';
import { failOrphanedQueries } from '../db/queries.ts';

/** Shortest lease: heartbeats every quarter of it must get through a busy database. */
const MIN_LEASE_MS = 4_000;

/**
 * The lease of a running query: the configured one (`SDF_QUERY_LEASE_MS`), else three query time limits (at least a
 * minute). A worker renews it every quarter lease, so a live worker's query never expires however long its output
 * check takes.
 */
export function queryLeaseMs(timeoutMs: number, configured?: number): number {
  if (configured !== undefined && Number.isFinite(configured) && configured > 0)
    return Math.max(MIN_LEASE_MS, configured);
  return Math.max(60_000, 3 * timeoutMs);
}

/** How a worker names itself on the queries it claims: the configured name (`SDF_WORKER_ID`), else `host:pid`. */
export function workerId(configured?: string): string {
  return configured || `${hostname()}:${process.pid}`;
}

/** Sweeps expired leases now and every quarter lease until `stop()`; logs what it failed. */
export function startLeaseSweep(pool: pg.Pool, leaseMs: number): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const sweep = () => {
    running ??= failOrphanedQueries(pool, leaseMs)
      .then(async (ids) => {
        if (ids.length > 0) {
          logger.warn({ queryIds: ids, leaseMs }, 'failed queries whose worker stopped (lease expired)');
          await completeJobsOf(pool, ids);
        }
        const released = await releaseStalledQueuedJobs(pool, leaseMs);
        if (released > 0)
          logger.warn({ jobs: released, leaseMs }, 'released query jobs a stopped worker had taken but not started');
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not sweep expired query leases'))
      .finally(() => {
        running = null;
      });
  };
  sweep();
  const timer = setInterval(sweep, leaseMs / 4);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * Removes the dead worker's jobs of failed queries: graphile-worker would keep them locked for four hours and
 * then hold them as spent attempts, counted in the queue depth though nothing is left to do. Its own functions
 * do it: unlock the jobs of that worker (the rest of its queries' leases ran out with these, and its jobs of
 * queries it never started are given back), then complete them.
 */
async function completeJobsOf(pool: pg.Pool, queryIds: string[]): Promise<void> {
  const jobsOf = `select id, locked_by from graphile_worker._private_jobs where payload->>'queryId' = any($1::text[])`;
  const { rows } = await pool.query<{ locked_by: string }>(
    `select distinct locked_by from (${jobsOf}) j where locked_by is not null`,
    [queryIds],
  );
  await releaseWorkers(
    pool,
    rows.map((r) => r.locked_by),
  );
  await pool.query(`select graphile_worker.complete_jobs(array(select id from (${jobsOf}) j))`, [queryIds]);
}

/**
 * A worker that died between taking a query's job and starting the query leaves the query `queued` and its job
 * locked (for graphile-worker's four hours). A live worker starts a query within moments of taking its job, so a
 * job locked for a whole lease on a still-queued query belongs to a dead worker: its jobs are unlocked and another
 * worker runs the query. Unlocking a live worker's other jobs is harmless: their queries are no longer queued, so
 * a second run finds nothing to do. Returns how many jobs were released.
 */
async function releaseStalledQueuedJobs(pool: pg.Pool, leaseMs: number): Promise<number> {
  const { rows } = await pool.query<{ locked_by: string }>(
    `select distinct j.locked_by
       from graphile_worker._private_jobs j join enclave.queries q on q.id::text = j.payload->>'queryId'
      where q.status = 'queued' and j.locked_by is not null and j.locked_at < now() - make_interval(secs => $1)`,
    [leaseMs / 1000],
  );
  return rows.length === 0
    ? 0
    : releaseWorkers(
        pool,
        rows.map((r) => r.locked_by),
      );
}

/**
 * Unlocks every job of the given (dead) workers and gives the jobs of queries they never started their attempt
 * back: taking a job counts an attempt, and a query job has one, so without it the query would stay queued for
 * good (graphile-worker takes no job whose attempts are spent). Returns how many jobs were given back.
 */
async function releaseWorkers(pool: pg.Pool, workers: string[]): Promise<number> {
  if (workers.length === 0) return 0;
  const { rows } = await pool.query<{ id: string }>(
    `select j.id::text from graphile_worker._private_jobs j join enclave.queries q on q.id::text = j.payload->>'queryId'
      where q.status = 'queued' and j.locked_by = any($1::text[])`,
    [workers],
  );
  await pool.query('select graphile_worker.force_unlock_workers($1::text[])', [workers]);
  if (rows.length > 0) {
    await pool.query('select graphile_worker.reschedule_jobs($1::bigint[], attempts => 0)', [rows.map((r) => r.id)]);
  }
  return rows.length;
}

/** Renews one query's lease every quarter lease while `work` runs. */
export async function withHeartbeat<T>(
  leaseMs: number,
  renew: () => Promise<unknown>,
  work: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(() => {
    renew().catch((error: unknown) => logger.warn({ err: error }, 'could not renew a query lease'));
  }, leaseMs / 4);
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
