/**
 * Running the graph: starting a run for a partition (enqueue the roots), the graphile-worker task list, the
 * nightly crontab (UTC, with backfill of missed nights), and running one partition to completion in the
 * foreground.
 */
import {
  run,
  runMigrations,
  parseCronItems,
  Logger as GraphileLogger,
  type Runner,
  type TaskList,
  type CronItem,
  type WorkerEvents,
} from 'graphile-worker';
import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { inTransaction, logger as sdfLogger } from '../../platform/index.ts';
import type { PipelineConfig, RunStatus } from '../types.ts';
import { materialiseJob, MAX_ATTEMPTS, type PipelineDeps } from './materialise.ts';
import { addDays } from './partitions.ts';
import { sweepScratch } from './scratch.ts';
import { pipelineWorkerName, startMembership } from './worker-lease.ts';
import * as db from '../db/runs.ts';
import { isTerminal } from './materialisation-states.ts';

declare global {
  namespace GraphileWorker {
    interface Tasks {
      materialise: db.MaterialisePayload;
      pipeline_nightly: { _cron?: { ts: string; backfilled?: boolean } };
    }
  }
}

export type RunTrigger = 'manual' | 'backfill' | 'cron' | 'worker';

export interface StartRunOptions {
  partition: string;
  trigger: RunTrigger;
  config?: Partial<PipelineConfig>;
  /** Redo every asset even if it already succeeded for this partition. */
  force?: boolean;
}

/**
 * Creates a run and enqueues its root assets, in one transaction. Earlier unfinished runs of the partition stop,
 * and scratch files no running work owns are removed.
 */
export async function startRun(deps: PipelineDeps, options: StartRunOptions): Promise<string> {
  const runId = await inTransaction(deps.pool, async (client) => {
    const runId = await db.insertRun(client, options.partition, options.trigger, {
      ...options.config,
      ...(options.force ? { force: true } : {}),
    });
    await db.supersedeRuns(client, options.partition, runId);
    for (const root of deps.graph.roots) {
      await db.enqueueMaterialisation(
        client,
        { runId, asset: root, partition: options.partition },
        MAX_ATTEMPTS,
        deps.graph.priority.get(root),
      );
    }
    return runId;
  });
  // the runs just superseded (a killed worker's, say) leave scratch that nothing will read
  await sweepScratch(deps.pool, deps.paths).catch((error) =>
    sdfLogger.warn({ err: error }, 'could not sweep scratch files'),
  );
  return runId;
}

/** The worker's task list for a graph. */
export function makeTaskList(deps: PipelineDeps): TaskList {
  return {
    materialise: (payload, helpers) => materialiseJob(deps, payload as db.MaterialisePayload, helpers),
    pipeline_nightly: async (payload) => {
      // the 02:00 UTC run processes the day that just ended
      const ts = (payload as GraphileWorker.Tasks['pipeline_nightly'])._cron?.ts ?? new Date().toISOString();
      await startRun(deps, { partition: addDays(ts.slice(0, 10), -1), trigger: 'cron' });
    },
  };
}

/** Nightly at 02:00 UTC; after downtime graphile-worker backfills up to a week of missed nights. */
export const NIGHTLY_CRON: CronItem = {
  task: 'pipeline_nightly',
  match: '0 2 * * *',
  identifier: 'pipeline_nightly',
  options: { backfillPeriod: 7 * 86_400_000, maxAttempts: 3 },
};

/** graphile-worker wants every client to have an error handler, so a dropped connection cannot crash the process. */
function addClientErrorHandler(pool: pg.Pool): void {
  if (pool.listenerCount('connect') > 0) return;
  pool.on('connect', (client) =>
    client.on('error', (error) => sdfLogger.warn({ err: error }, 'PostgreSQL client error')),
  );
}

/** graphile-worker's own schema (idempotent). */
export async function ensureWorkerSchema(pool: pg.Pool): Promise<void> {
  addClientErrorHandler(pool);
  await runMigrations({ pgPool: pool, logger: quietLogger() });
}

export interface WorkerOptions {
  concurrency?: number;
  /** Schedule the nightly run (default true for `sdf worker`, false for a foreground run). */
  cron?: boolean;
  /** Default the settings' `SDF_PIPELINE_LEASE_MS` (two minutes). */
  leaseMs?: number;
  /** What the process reports of itself at each heartbeat (e.g. its sandbox pool), shown on `/metrics`. */
  stats?: () => Record<string, unknown>;
}

/**
 * Starts a graphile-worker runner for the graph, registered as a live pipeline worker (heartbeat, and the sweep
 * that takes over dead workers' jobs); the caller stops it (`runner.stop()`, which also deregisters it).
 */
export async function startWorker(deps: PipelineDeps, options: WorkerOptions = {}): Promise<Runner> {
  addClientErrorHandler(deps.pool);
  const leaseMs = options.leaseMs ?? deps.settings.pipeline.leaseMs;
  const named = { ...deps, worker: deps.worker ?? pipelineWorkerName(deps.settings.query.workerId) };
  // graphile-worker locks jobs with its pool's id; the pool is created (and this fires) before run() returns
  const events: WorkerEvents = new EventEmitter();
  let lockId: string | undefined;
  events.once('pool:create', ({ workerPool }) => (lockId = workerPool.id));
  const runner = await run({
    pgPool: deps.pool,
    taskList: makeTaskList(named),
    concurrency: options.concurrency ?? 2,
    noHandleSignals: true,
    pollInterval: 500,
    parsedCronItems: options.cron ? parseCronItems([NIGHTLY_CRON]) : [],
    logger: quietLogger(),
    events,
  });
  if (!lockId) {
    await runner.stop();
    throw new Error('graphile-worker created no worker pool; is this graphile-worker 0.17?');
  }
  const membership = await startMembership(named, {
    lockId,
    leaseMs,
    ...(options.stats ? { stats: options.stats } : {}),
  });
  return {
    ...runner,
    stop: async (reason?: string) => {
      try {
        await runner.stop(reason);
      } finally {
        await membership.stop();
      }
    },
  };
}

export interface RunOutcome {
  runId: string;
  partition: string;
  status: RunStatus;
  materialisations: db.DbMaterialisation[];
  seconds: number;
}

export interface ProgressLike {
  start(total: number, label: string): void;
  update(done: number): void;
  stop(): void;
}

/** Waits until a run is no longer running, reporting how many assets are done. */
export async function waitForRun(
  deps: PipelineDeps,
  runId: string,
  progress?: ProgressLike,
  pollMs = 200,
): Promise<RunStatus> {
  for (;;) {
    const runRow = await db.getRun(deps.pool, runId);
    const latest = await db.latestInRun(deps.pool, runId);
    const done = [...latest.values()].filter((m) => isTerminal(m.status)).length;
    progress?.update(done);
    if (!runRow || runRow.status !== 'running') return runRow?.status ?? 'failed';
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Runs one partition to completion in this process (with its own worker) and reports the outcome. */
export async function runPartition(
  deps: PipelineDeps,
  options: StartRunOptions & { progress?: ProgressLike; concurrency?: number },
): Promise<RunOutcome> {
  const started = performance.now();
  await ensureWorkerSchema(deps.pool);
  const runId = await startRun(deps, options);
  const runner = await startWorker(deps, { concurrency: options.concurrency, cron: false });
  options.progress?.start(deps.graph.order.length, `pipeline ${options.partition}`);
  let status: RunStatus;
  try {
    status = await waitForRun(deps, runId, options.progress);
  } finally {
    options.progress?.stop();
    await runner.stop();
  }
  const materialisations = [...(await db.latestInRun(deps.pool, runId)).values()];
  return {
    runId,
    partition: options.partition,
    status,
    materialisations,
    seconds: (performance.now() - started) / 1000,
  };
}

/** graphile-worker's log lines go to our logger: errors and warnings as such, the rest at debug. */
function quietLogger(): GraphileLogger {
  return new GraphileLogger(() => (level, message, meta) => {
    const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'debug';
    sdfLogger[method]({ graphile: meta }, message);
  });
}
