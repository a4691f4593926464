/**
 * Starts the enclave: the sandbox pool, the SQL checker, a graphile-worker runner for the query job, and the
 * HTTP server; `close()` stops taking requests, lets running ones finish, then stops the rest.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type pg from 'pg';
import { runMigrations } from 'graphile-worker';
import { logger, makePool, parseSettings, type SdfPaths, type Settings } from '../../platform/index.ts';
import type { Authenticator } from '../auth/middleware.ts';
import { queryLeaseMs, startLeaseSweep } from '../queries/lease.ts';
import { graphileLogger, makeSandboxPool, startQueryWorker, type QueryWorker } from '../queries/worker.ts';
import type { SandboxLimits } from '../sandbox/protocol.ts';
import { makeSqlChecker } from '../sandbox/sql-checker.ts';
import type { OutputChecker } from '../types.ts';
import { auditRecorder, makeEnclaveApp, type EnclaveAppOptions } from './app.ts';
import { enclaveSettings, type EnclaveDeps, type EnclaveSettings } from './deps.ts';

export interface EnclaveServerOptions extends EnclaveAppOptions {
  pool: pg.Pool;
  paths: SdfPaths;
  databaseUrl: string;
  /** Default 8080 (`PORT`); 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The facility's settings, parsed once at start (default: parsed from the environment here). */
  settings?: Settings;
  /** Warm sandbox workers (default 2, `SDF_SANDBOX_WORKERS`). */
  sandboxWorkers?: number;
  limits?: Partial<SandboxLimits>;
  /** Overrides of the API settings derived from `settings` (tests). */
  enclaveSettings?: Partial<EnclaveSettings>;
  /** Run the query job in this process (default true); false when separate `sdf worker` processes run it. */
  runWorker?: boolean;
  /** Lease of a running query (default `queryLeaseMs`: `SDF_QUERY_LEASE_MS` or three time limits). */
  leaseMs?: number;
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

export async function startEnclaveServer(options: EnclaveServerOptions): Promise<EnclaveServer> {
  const { pool, paths } = options;
  for (const dir of [paths.tmp, paths.results, paths.releases]) mkdirSync(dir, { recursive: true });
  const settings = options.settings ?? parseSettings();
  const workers = options.sandboxWorkers ?? settings.sandbox.workers;
  const sandbox = makeSandboxPool(paths, workers, settings, options.limits);
  const leaseMs = options.leaseMs ?? queryLeaseMs(sandbox.limits.timeoutMs, settings.query.leaseMs);
  const sqlChecker = await makeSqlChecker();
  if (!(await sandbox.whenReady())) logger.warn('no sandbox worker became ready within 15 s; queries will wait');
  let worker: QueryWorker | null = null;
  // Every process sweeps expired leases, so queries of a dead worker fail even when no worker is left.
  let sweep: { stop(): Promise<void> } | null = null;
  if (options.runWorker ?? true) {
    worker = await startQueryWorker({
      pool,
      paths,
      settings,
      concurrency: workers,
      sandbox,
      outputChecker: options.outputChecker,
      leaseMs,
    });
  } else {
    await runMigrations({ pgPool: pool, logger: graphileLogger });
    sweep = startLeaseSweep(pool, leaseMs);
  }
  const healthPool = makePool(options.databaseUrl, 1);
  const deps: EnclaveDeps = {
    pool,
    healthPool,
    paths,
    sandbox,
    sqlChecker,
    settings: enclaveSettings(settings, options.enclaveSettings),
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
    await worker?.stop();
    await sweep?.stop();
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
