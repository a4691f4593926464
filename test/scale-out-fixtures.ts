/**
 * A facility of separate processes for the scale-out test and benchmark: `sdf serve --no-worker` API processes
 * and `sdf worker` processes on one `DATABASE_URL` and one `SDF_HOME`, a synthetic release to query, and
 * researchers in one project. Free of vitest, so `bench/scale-out.ts` uses it too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import type { SdfPaths } from '../platform/index.ts';
import { makeProject, makeUser, publishTestRelease } from './release-fixtures.ts';

const SDF = fileURLToPath(new URL('../bin/sdf.js', import.meta.url));

export interface SdfProcess {
  child: ChildProcess;
  /** The ready line's match (e.g. the API's URL). */
  match: RegExpMatchArray;
  stderr(): string;
  /** SIGTERM and wait (SIGKILL after 20 s). */
  stop(): Promise<void>;
}

/** Starts `sdf <args>` and resolves once stdout matches `ready` (rejects if it exits first or takes 90 s). */
export function spawnSdf(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<SdfProcess> {
  const child = spawn(process.execPath, [SDF, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += String(chunk)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(force);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sdf ${args.join(' ')} not ready after 90 s: ${err}`)), 90_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += String(chunk);
      const match = ready.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, stderr: () => err, stop });
      }
    });
    void exited.then(() => reject(new Error(`sdf ${args.join(' ')} exited before it was ready: ${err}`)));
  });
}

/** An API process without a query worker; its `match[1]` is its URL. */
export const startApi = (env: NodeJS.ProcessEnv) =>
  spawnSdf(['serve', '--port', '0', '--no-worker'], env, /enclave API listening on (http:\/\/[^\s]+) /);

/** A worker process running `queries` researcher queries at once, named `id` on the queries it claims. */
export const startWorker = (env: NodeJS.ProcessEnv, id: string, queries = 2) =>
  spawnSdf(['worker', '--queries', String(queries)], { ...env, SDF_WORKER_ID: id }, /pipeline worker running/);

/** Publishes `grants` (person_id, province, amount; `rows` rows) as a current synthetic release. */
export async function publishSyntheticGrants(pool: pg.Pool, paths: SdfPaths, rows: number): Promise<void> {
  await publishTestRelease(pool, paths, {
    dataset: 'grants',
    kind: 'synthetic',
    select: `select range as person_id, ['EC','GP','WC','KZN'][1 + range % 4] as province, (range % 7) * 100.0 as amount from range(${rows})`,
  });
}

export interface Researcher {
  id: string;
  token: string;
}

/** `count` researchers, all members of one project granted `grants`. */
export async function makeResearchers(pool: pg.Pool, count: number): Promise<{ project: string; researchers: Researcher[] }> {
  const researchers: Researcher[] = [];
  for (let i = 0; i < count; i += 1) researchers.push(await makeUser(pool, 'researcher', `researcher-${i}`));
  return { project: await makeProject(pool, { datasets: ['grants'], members: researchers.map((r) => r.id) }), researchers };
}

/** Submits a query to `api`; returns its id (throws on anything but 202). */
export async function submitQuery(api: string, token: string, body: { project: string; sql: string }, requestId?: string): Promise<string> {
  const response = await fetch(`${api}/api/v1/queries`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(requestId ? { 'x-request-id': requestId } : {}),
    },
    body: JSON.stringify({ ...body, target: 'synthetic' }),
  });
  const json = (await response.json()) as { id?: string };
  if (response.status !== 202 || !json.id) throw new Error(`submission answered ${response.status}: ${JSON.stringify(json)}`);
  return json.id;
}

/** Waits until none of `ids` is queued, running or checking (by the database), or `timeoutMs` passes. */
export async function waitForQueries(pool: pg.Pool, ids: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(
      `select count(*)::int as n from enclave.queries where id = any($1) and status in ('queued', 'running', 'checking')`,
      [ids],
    );
    if (rows[0]!.n === 0 || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
