/**
 * Worker loss: a query whose worker stopped renewing its lease is failed `interrupted` by the sweep every API and
 * worker process runs; a query whose worker is alive is never failed, however long it runs. (The multi-process
 * version, with a worker killed by SIGKILL, is in `scale-out.test.ts`.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from 'graphile-worker';
import {
  failOrphanedQueries,
  getQuery,
  heartbeatQuery,
  queryLeaseMs,
  startLeaseSweep,
  withHeartbeat,
} from '../enclave-api/index.ts';
import { makeProject, makeUser } from './enclave-fixtures.ts';
import { makeTestDatabase, type TestDatabase } from './helpers.ts';

let db: TestDatabase;
let project: string;
let userId: string;

beforeAll(async () => {
  db = await makeTestDatabase();
  userId = (await makeUser(db.pool, 'researcher')).id;
  project = await makeProject(db.pool, { datasets: [], members: [userId] });
});
afterAll(async () => {
  await db.drop();
});

/** A query row at `status`, started and last renewed the given seconds ago. */
async function queryAt(status: string, heartbeatAgo: number | null, startedAgo = 3600): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(
    `insert into enclave.queries (project_id, user_id, sql, sql_hash, target, status, started_at, heartbeat_at, worker_id)
     values ($1, $2, 'select 1', 'x', 'synthetic', $3, now() - make_interval(secs => $4),
             case when $5::float is null then null else now() - make_interval(secs => $5) end, 'host:1') returning id`,
    [project, userId, status, startedAgo, heartbeatAgo],
  );
  return rows[0]!.id;
}

const statusOf = async (id: string) => (await getQuery(db.pool, id))?.status;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('query leases', () => {
  it.each([
    { status: 'running', heartbeatAgo: 120, failed: true },
    { status: 'checking', heartbeatAgo: 120, failed: true },
    { status: 'running', heartbeatAgo: 59, failed: false },
    { status: 'running', heartbeatAgo: 0, failed: false },
    { status: 'running', heartbeatAgo: null, failed: true },
    { status: 'queued', heartbeatAgo: 120, failed: false },
    { status: 'succeeded', heartbeatAgo: 120, failed: false },
  ])(
    'a $status query last renewed $heartbeatAgo s ago under a 60 s lease: failed = $failed',
    async ({ status, heartbeatAgo, failed }) => {
      const id = await queryAt(status, heartbeatAgo);
      const swept = await failOrphanedQueries(db.pool, 60_000);
      expect(swept.includes(id)).toBe(failed);
      const query = await getQuery(db.pool, id);
      if (failed) expect(query).toMatchObject({ status: 'failed', error_code: 'interrupted' });
      else expect(query?.status).toBe(status);
    },
  );

  it.each([
    { configured: undefined, timeoutMs: 2_000, lease: 60_000 },
    { configured: undefined, timeoutMs: 60_000, lease: 180_000 },
    { configured: 10_000, timeoutMs: 60_000, lease: 10_000 },
    { configured: 10, timeoutMs: 60_000, lease: 4_000 },
  ])(
    'the lease is $lease ms for a $timeoutMs ms time limit configured as $configured',
    ({ configured, timeoutMs, lease }) => {
      expect(queryLeaseMs(timeoutMs, configured)).toBe(lease);
    },
  );

  it('the periodic sweep fails a query whose worker went silent within about one lease', async () => {
    const id = await queryAt('running', 0);
    const sweep = startLeaseSweep(db.pool, 4_000);
    try {
      const started = Date.now();
      while ((await statusOf(id)) === 'running' && Date.now() - started < 10_000) await sleep(200);
      expect(await getQuery(db.pool, id)).toMatchObject({ status: 'failed', error_code: 'interrupted' });
      // silent for 4 s, swept every 1 s
      expect(Date.now() - started).toBeLessThan(4_000 + 2_500);
    } finally {
      await sweep.stop();
    }
  });

  it('releases the job of a query a dead worker took but never started, so another worker runs it', async () => {
    await runMigrations({ pgPool: db.pool });
    const id = await queryAt('queued', null);
    const lockedBy = async () =>
      (
        await db.pool.query<{ locked_by: string | null }>(
          `select locked_by from graphile_worker._private_jobs where payload->>'queryId' = $1`,
          [id],
        )
      ).rows[0]?.locked_by;
    // as the API enqueues it (one attempt), and as a worker leaves it that took it and died: that attempt counted
    await db.pool.query(
      `select graphile_worker.add_job('enclave_run_query', json_build_object('queryId', $1::text), max_attempts := 1)`,
      [id],
    );
    await db.pool.query(
      `update graphile_worker._private_jobs set locked_by = 'dead-worker', locked_at = now() - interval '1 hour', attempts = 1
        where payload->>'queryId' = $1`,
      [id],
    );
    const sweep = startLeaseSweep(db.pool, 4_000);
    try {
      const started = Date.now();
      while ((await lockedBy()) === 'dead-worker' && Date.now() - started < 5_000) await sleep(200);
      expect(await lockedBy()).toBeNull();
      expect(await statusOf(id)).toBe('queued');
      // and a worker may take it again: the attempt that never started is given back
      const {
        rows: [job],
      } = await db.pool.query<{ attempts: number; max_attempts: number }>(
        `select attempts, max_attempts from graphile_worker._private_jobs where payload->>'queryId' = $1`,
        [id],
      );
      expect(job!.attempts).toBeLessThan(job!.max_attempts);
    } finally {
      await sweep.stop();
    }
  });

  it("gives back the job of a queued query when it fails the same dead worker's running one", async () => {
    await runMigrations({ pgPool: db.pool });
    // One dead worker held two jobs: a query it was running (lease long gone) and one it had just taken.
    const running = await queryAt('running', 120);
    const queued = await queryAt('queued', null);
    for (const [id, lockedAgo] of [
      [running, 3600],
      [queued, 1],
    ] as const) {
      await db.pool.query(
        `select graphile_worker.add_job('enclave_run_query', json_build_object('queryId', $1::text), max_attempts := 1)`,
        [id],
      );
      await db.pool.query(
        `update graphile_worker._private_jobs set locked_by = 'dead-worker-2', locked_at = now() - make_interval(secs => $2), attempts = 1
          where payload->>'queryId' = $1`,
        [id, lockedAgo],
      );
    }
    const jobOf = async (id: string) =>
      (
        await db.pool.query<{ locked_by: string | null; attempts: number; max_attempts: number }>(
          `select locked_by, attempts, max_attempts from graphile_worker._private_jobs where payload->>'queryId' = $1`,
          [id],
        )
      ).rows[0];
    const sweep = startLeaseSweep(db.pool, 60_000);
    try {
      const started = Date.now();
      while ((await statusOf(running)) === 'running' && Date.now() - started < 5_000) await sleep(100);
      await sweep.stop();
      expect(await statusOf(running)).toBe('failed');
      expect(await jobOf(running)).toBeUndefined();
      // the queued query's job is free and may be taken again (before, it was unlocked with its one attempt spent)
      expect(await statusOf(queued)).toBe('queued');
      const job = await jobOf(queued);
      expect(job?.locked_by).toBeNull();
      expect(job!.attempts).toBeLessThan(job!.max_attempts);
    } finally {
      await sweep.stop();
    }
  });

  it('never fails a query whose worker keeps renewing, however long it runs', async () => {
    const id = await queryAt('running', 0);
    const sweep = startLeaseSweep(db.pool, 4_000);
    try {
      await withHeartbeat(
        4_000,
        () => heartbeatQuery(db.pool, id),
        () => sleep(7_000),
      );
      expect(await statusOf(id)).toBe('running');
    } finally {
      await sweep.stop();
    }
  });
});
