/**
 * A facility of separate processes for the scale-out test and benchmark: `sdf serve --no-worker` API processes
 * and `sdf worker` processes on one `DATABASE_URL` and one `SDF_HOME`, a synthetic release to query,
 * researchers in one project, and source registries for a nightly run. Free of vitest, so `bench/scale-out.ts`
 * uses it too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import type { SdfPaths } from '../platform/index.ts';
import { generateRegistries } from '../sources/index.ts';
import { makeProject, makeUser, publishTestRelease } from './release-fixtures.ts';

const SDF = fileURLToPath(new URL('../bin/sdf.js', import.meta.url));

export interface SdfProcess {
  child: ChildProcess;
  /** The ready line's match (e.g. the API's URL). */
  match: RegExpMatchArray;
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** SIGTERM and wait (SIGKILL after 20 s). */
  stop(): Promise<void>;
}

/** Starts `sdf <args>` and resolves once stdout matches `ready` (rejects if it exits first or takes 90 s). */
export function spawnSdf(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<SdfProcess> {
  const child = spawn(process.execPath, [SDF, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
        resolve({ child, match, stderr: () => err, stop, exited });
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
export async function makeResearchers(
  pool: pg.Pool,
  count: number,
): Promise<{ project: string; researchers: Researcher[] }> {
  const researchers: Researcher[] = [];
  for (let i = 0; i < count; i += 1) researchers.push(await makeUser(pool, 'researcher', `researcher-${i}`));
  return {
    project: await makeProject(pool, { datasets: ['grants'], members: researchers.map((r) => r.id) }),
    researchers,
  };
}

/** Submits a query to `api`; returns its id (throws on anything but 202). */
export async function submitQuery(
  api: string,
  token: string,
  body: { project: string; sql: string },
  requestId?: string,
): Promise<string> {
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
  if (response.status !== 202 || !json.id)
    throw new Error(`submission answered ${response.status}: ${JSON.stringify(json)}`);
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

/** The synthetic source registries as of `asOf`, for a nightly run of the day `asOf`. */
export async function seedRegistries(pool: pg.Pool, paths: SdfPaths, persons: number, asOf: string): Promise<void> {
  await generateRegistries({ pool, paths, persons, seed: 7, asOf });
}

/** Enqueues the nightly cron's job as graphile-worker would at `ts` (it runs the day before `ts`); any worker takes it. */
export async function triggerNightly(pool: pg.Pool, ts: string): Promise<void> {
  await pool.query(
    `select graphile_worker.add_job('pipeline_nightly', json_build_object('_cron', json_build_object('ts', $1::text)))`,
    [ts],
  );
}

export interface RunAttempt {
  id: string;
  asset_key: string;
  status: string;
  worker: string | null;
  error: string | null;
  finished_at: Date | null;
}

/** The nightly run of `partition` (the latest) and every attempt of it, oldest first; null before it starts. */
export async function nightlyRun(
  pool: pg.Pool,
  partition: string,
): Promise<{ id: string; status: string; attempts: RunAttempt[] } | null> {
  const {
    rows: [run],
  } = await pool.query<{ id: string; status: string }>(
    `select id::text, status from pipelines.runs where partition = $1 and trigger = 'cron' order by id desc limit 1`,
    [partition],
  );
  if (!run) return null;
  const { rows: attempts } = await pool.query<RunAttempt>(
    `select id::text, asset_key, status, worker, error, finished_at from pipelines.materialisations where run_id = $1 order by materialisations.id`,
    [run.id],
  );
  return { ...run, attempts };
}
