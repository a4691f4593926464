/**
 * The query worker: a graphile-worker runner for `enclave_run_query` with its own sandbox pool, and the lease
 * sweep. `sdf serve` runs one in-process unless told not to; `sdf worker` runs one beside the pipeline worker,
 * so any number of worker processes on any number of machines share the queue in PostgreSQL.
 */
import { Logger, run, type Runner } from 'graphile-worker';
import type pg from 'pg';
import { logger, type SdfPaths, type Settings } from '../../platform/index.ts';
import { makeEnclaveOutputChecker } from '../routes/release-requests.ts';
import { SandboxPool } from '../sandbox/pool.ts';
import type { SandboxLimits } from '../sandbox/protocol.ts';
import type { OutputChecker } from '../types.ts';
import { makeEnclaveTasks } from './job.ts';
import { queryLeaseMs, startLeaseSweep, workerId } from './lease.ts';

export interface QueryWorkerOptions {
  pool: pg.Pool;
  paths: SdfPaths;
  /** The facility's settings, parsed once at start (sandbox, query limits, lease, worker name). */
  settings: Settings;
  /** Queries at once, and warm sandbox processes (default `SDF_SANDBOX_WORKERS` or 2). */
  concurrency?: number;
  limits?: Partial<SandboxLimits>;
  /** Use this pool instead of starting one (the API shares its pool with the output checker). */
  sandbox?: SandboxPool;
  outputChecker?: OutputChecker;
  /** Default `queryLeaseMs(limits.timeoutMs)`. */
  leaseMs?: number;
}

export interface QueryWorker {
  runner: Runner;
  sandbox: SandboxPool;
  workerId: string;
  /** Lets running queries finish, then stops the runner, the sweep and (if it started it) the sandbox pool. */
  stop(): Promise<void>;
}

/** graphile-worker's own lines: errors and warnings as such, the rest at debug. */
export const graphileLogger = new Logger(() => (level, message, meta) => {
  if (level === 'error') logger.error({ meta }, message);
  else if (level === 'warning') logger.warn({ meta }, message);
  else logger.debug({ meta }, message);
});

/** The sandbox limits the settings give (`SDF_QUERY_*`), under a caller's overrides. */
export function sandboxLimits(settings: Settings, overrides: Partial<SandboxLimits> = {}): SandboxLimits {
  const { timeoutMs, memory, threads, maxRows } = settings.query;
  return { timeoutMs, memoryLimit: memory, threads, maxRows, ...overrides };
}

export function makeSandboxPool(
  paths: SdfPaths,
  size: number,
  settings: Settings,
  limits?: Partial<SandboxLimits>,
): SandboxPool {
  return new SandboxPool({
    tmpRoot: paths.tmp,
    size,
    limits: sandboxLimits(settings, limits),
    nice: settings.sandbox.nice,
  });
}

export async function startQueryWorker(options: QueryWorkerOptions): Promise<QueryWorker> {
  const { settings } = options;
  const concurrency = options.concurrency ?? settings.sandbox.workers;
  const sandbox = options.sandbox ?? makeSandboxPool(options.paths, concurrency, settings, options.limits);
  const leaseMs = options.leaseMs ?? queryLeaseMs(sandbox.limits.timeoutMs, settings.query.leaseMs);
  const id = workerId(settings.query.workerId);
  // Each worker checks with its own pool and sandbox (never a process-wide checker another one registered).
  const outputChecker = options.outputChecker ?? makeEnclaveOutputChecker({ pool: options.pool, sandbox });
  const taskList = makeEnclaveTasks({ paths: options.paths, sandbox, outputChecker, leaseMs, workerId: id });
  const runner = await run({
    pgPool: options.pool,
    logger: graphileLogger,
    noHandleSignals: true,
    concurrency,
    pollInterval: 500,
    taskList,
  });
  // After run(): the sweep reads graphile-worker's tables, which run() creates on a fresh database.
  const sweep = startLeaseSweep(options.pool, leaseMs);
  return {
    runner,
    sandbox,
    workerId: id,
    async stop() {
      await runner.stop();
      await sweep.stop();
      if (!options.sandbox) await sandbox.close();
    },
  };
}
