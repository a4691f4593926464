/**
 * Worker loss for pipelines. graphile-worker 0.17 keeps the jobs of a killed worker locked for four hours, so a
 * nightly run whose worker died would wait that long. Instead each pipeline worker pool renews a heartbeat row,
 * and every live one sweeps the pools whose heartbeat is older than the lease: their running attempts become
 * `retrying` (interrupted) and their locks are released with graphile-worker's `force_unlock_workers`, so a live
 * worker retries the job within moments. The run row is reused (its jobs carry its id), so the release version
 * `<partition>-r<run>` is the same and publishing it again is a no-op (`publishStaged`): published once.
 * A job whose interrupted attempt was its last fails the asset with the reason and the run finishes `failed`.
 */
import { hostname } from 'node:os';
import { inTransaction, logger } from '../../platform/index.ts';
import * as workers from '../db/workers.ts';
import { failInterrupted, type PipelineDeps } from './materialise.ts';
import type { MaterialisePayload } from '../db/runs.ts';

/** Heartbeats and sweeps at most this far apart, so worker figures on `/metrics` stay fresh. */
const MAX_TICK_MS = 10_000;

/** How a worker names itself on the attempts it runs: the configured name (`SDF_WORKER_ID`), else `host:pid`. */
export function pipelineWorkerName(configured?: string): string {
  return configured || `${hostname()}:${process.pid}`;
}

/** Every `ms` (unref'd), never two at once; `stop()` waits for the one in flight. */
function every(ms: number, tick: () => Promise<void>): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const fire = () => {
    running ??= tick().finally(() => {
      running = null;
    });
  };
  fire();
  const timer = setInterval(fire, ms);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

export interface MembershipOptions {
  lockId: string;
  leaseMs: number;
  /** What the process reports of itself at each heartbeat (shown on `/metrics`). */
  stats?: () => Record<string, unknown>;
}

/** Registers a worker pool, renews its heartbeat and sweeps dead pools until `stop()`, which deregisters it. */
export async function startMembership(
  deps: PipelineDeps,
  options: MembershipOptions,
): Promise<{ stop(): Promise<void> }> {
  const who = {
    lockId: options.lockId,
    worker: deps.worker ?? pipelineWorkerName(),
    host: hostname(),
    pid: process.pid,
  };
  const beat = () => workers.heartbeat(deps.pool, who, options.stats?.() ?? {});
  await beat();
  const tick = Math.min(options.leaseMs / 4, MAX_TICK_MS);
  const heart = every(tick, () =>
    beat().catch((error: unknown) => logger.warn({ err: error }, 'could not renew the pipeline worker heartbeat')),
  );
  const sweeper = every(tick, () =>
    sweepDeadWorkers(deps, options.leaseMs).then(
      () => undefined,
      (error: unknown) => {
        logger.warn({ err: error }, 'could not sweep dead pipeline workers');
      },
    ),
  );
  return {
    async stop() {
      await Promise.all([heart.stop(), sweeper.stop()]);
      await workers.leave(deps.pool, who.lockId).catch(() => undefined);
    },
  };
}

/** Sweeps are serialised across processes by this advisory lock; a busy sweep is simply skipped. */
const SWEEP_LOCK = 0x5df_18;

export interface SweepResult {
  workers: workers.DeadWorker[];
  interrupted: string[];
  released: number;
  failed: number;
}

/**
 * One sweep: finds dead pools, marks their running attempts interrupted, releases their locks and forgets them, in
 * one transaction; then fails the assets whose interrupted attempt was the job's last.
 */
export async function sweepDeadWorkers(deps: PipelineDeps, leaseMs: number): Promise<SweepResult | null> {
  const swept = await inTransaction(deps.pool, async (client) => {
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1) as locked', [
      SWEEP_LOCK,
    ]);
    if (!rows[0]!.locked) return null;
    const dead = await workers.deadWorkers(client, leaseMs);
    if (dead.length === 0) return null;
    const lockIds = dead.map((w) => w.lockId);
    const jobs = await workers.jobsLockedBy(client, lockIds);
    const interrupted = await workers.interruptAttempts(client, lockIds, leaseMs);
    await workers.releaseLocks(client, lockIds);
    return { dead, jobs, interrupted };
  });
  if (!swept) return null;
  const spent = swept.jobs.filter((job) => job.task === 'materialise' && job.attempts >= job.maxAttempts);
  for (const job of spent) {
    const reason = `interrupted on its last attempt (${job.attempts} of ${job.maxAttempts}): its worker stopped`;
    await failInterrupted(deps, job.payload as MaterialisePayload, reason);
  }
  await workers.completeJobs(
    deps.pool,
    spent.map((job) => job.id),
  );
  const result = {
    workers: swept.dead,
    interrupted: swept.interrupted,
    released: swept.jobs.length,
    failed: spent.length,
  };
  logger.warn(
    { ...result, workers: swept.dead.map((w) => w.worker ?? w.lockId), leaseMs },
    'took over the pipeline jobs of stopped workers',
  );
  return result;
}
