/**
 * Starts the enclave: the sandbox pool, the SQL checker, a graphile-worker runner for the query job, and the
 * HTTP server; `close()` stops taking requests, lets running ones finish, then stops the rest.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type pg from 'pg';
import { Logger, run, runMigrations, type Runner } from 'graphile-worker';
import { logger, makePool, type SdfPaths } from '../../platform/index.ts';
import type { Authenticator } from '../auth/middleware.ts';
import { failOrphanedQueries } from '../db/queries.ts';
import { makeEnclaveTasks } from '../queries/job.ts';
import { makeEnclaveOutputChecker } from '../routes/release-requests.ts';
import { SandboxPool } from '../sandbox/pool.ts';
import type { SandboxLimits } from '../sandbox/protocol.ts';
import { makeSqlChecker } from '../sandbox/sql-checker.ts';
import type { OutputChecker } from '../types.ts';
import { auditRecorder, makeEnclaveApp, type EnclaveAppOptions } from './app.ts';
import { settingsFromEnv, type EnclaveDeps, type EnclaveSettings } from './deps.ts';

export interface EnclaveServerOptions extends EnclaveAppOptions {
  pool: pg.Pool;
  paths: SdfPaths;
  databaseUrl: string;
  /** Default 8080 (`PORT`); 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Warm sandbox workers (default 2, `SDF_SANDBOX_WORKERS`). */
  sandboxWorkers?: number;
  limits?: Partial<SandboxLimits>;
  settings?: Partial<EnclaveSettings>;
  /** Run the query job in this process (default true); false when a separate `sdf worker` runs `tasks`. */
  runWorker?: boolean;
  outputChecker?: OutputChecker;
  authenticators?: Authenticator[];
}

export interface EnclaveServer {
  url: string;
  port: number;
  app: Express;
  deps: EnclaveDeps;
  close(): Promise<void>;
}

const workerLogger = new Logger(() => (level, message, meta) => {
  if (level === 'error') logger.error({ meta }, message);
  else if (level === 'warning') logger.warn({ meta }, message);
  else logger.debug({ meta }, message);
});

const envNumber = (name: string): number | undefined => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : undefined;
};

export async function startEnclaveServer(options: EnclaveServerOptions): Promise<EnclaveServer> {
  const { pool, paths } = options;
  for (const dir of [paths.tmp, paths.results, paths.releases]) mkdirSync(dir, { recursive: true });
  const workers = options.sandboxWorkers ?? envNumber('SDF_SANDBOX_WORKERS') ?? 2;
  const nice = Number(process.env.SDF_SANDBOX_NICE ?? 10);
  const sandbox = new SandboxPool({ tmpRoot: paths.tmp, size: workers, limits: options.limits, nice: Number.isInteger(nice) ? nice : 10 });
  // Anything still running after ten time limits belongs to a process that died.
  const orphaned = await failOrphanedQueries(pool, Math.max(600_000, sandbox.limits.timeoutMs * 10));
  if (orphaned > 0) logger.warn({ orphaned }, 'failed queries left running by a stopped enclave');
  const sqlChecker = await makeSqlChecker();
  if (!(await sandbox.whenReady())) logger.warn('no sandbox worker became ready within 15 s; queries will wait');
  let runner: Runner | null = null;
  const workerOptions = { pgPool: pool, logger: workerLogger, noHandleSignals: true };
  if (options.runWorker ?? true) {
    // Each server checks with its own pool and sandbox (never a process-wide checker another server registered).
    const outputChecker = options.outputChecker ?? makeEnclaveOutputChecker({ pool, sandbox });
    const taskList = makeEnclaveTasks({ paths, sandbox, outputChecker });
    runner = await run({ ...workerOptions, concurrency: workers, pollInterval: 500, taskList });
  } else {
    await runMigrations(workerOptions);
  }
  const healthPool = makePool(options.databaseUrl, 1);
  const deps: EnclaveDeps = {
    pool,
    healthPool,
    paths,
    sandbox,
    sqlChecker,
    settings: settingsFromEnv(options.settings),
    authenticators: options.authenticators,
  };
  const app = makeEnclaveApp(deps, options);
  const server = await listen(app, options.port ?? 8080, options.host ?? '127.0.0.1');
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    app,
    deps,
    close: () => (closing ??= shutdown()),
  };

  async function shutdown(): Promise<void> {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), 5_000);
    await stopped;
    clearTimeout(force);
    await runner?.stop();
    await auditRecorder(app).drain();
    await sandbox.close();
    sqlChecker.close();
    await healthPool.end();
  }
}

function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}
