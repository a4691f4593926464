/**
 * A facility of separate processes for the scale-out test and benchmark: `sdf serve --no-worker` API processes
 * and `sdf worker` processes on one `DATABASE_URL` and one `SDF_HOME`, a synthetic release to query, and
 * researchers in one project. Free of vitest, so `bench/scale-out.ts` uses it too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import type pg from 'pg';
import { publishVersion, upsertDataset } from '../catalog/index.ts';
import { addMember, createProject, createUser, grantDataset, issueToken } from '../enclave-api/index.ts';
import type { SdfPaths } from '../platform/index.ts';

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
  const relative = join('grants', '2026-11-01-synthetic');
  mkdirSync(join(paths.releases, relative), { recursive: true });
  const file = join(paths.releases, relative, 'part-0.parquet');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`copy (select range as person_id, ['EC','GP','WC','KZN'][1 + range % 4] as province,
    (range % 7) * 100.0 as amount from range(${rows})) to '${file}' (format parquet)`);
  connection.closeSync();
  instance.closeSync();
  const text = (name: string) => ({ name, label: name, type: 'string' as const, role: 'other' as const });
  await upsertDataset(pool, {
    id: 'grants',
    title: 'Grants (scale-out)',
    description: 'synthetic rows for the scale-out test',
    record: {
      title: 'Grants', abstract: 'test', universe: 'synthetic persons', unitOfAnalysis: 'individual',
      temporalCoverage: { start: '2020-01-01' }, spatialCoverage: { country: 'ZAF', description: 'South Africa' },
      sourceSystem: 'tests', custodian: 'tests', legalBasis: [{ instrument: 'test' }], accessConditions: 'enclave only', citation: 'test',
    },
    variables: [
      { name: 'person_id', label: 'person_id', type: 'integer', role: 'pseudonym' },
      text('province'),
      { name: 'amount', label: 'amount', type: 'decimal', role: 'other' },
    ],
  });
  await publishVersion(pool, {
    datasetId: 'grants',
    kind: 'synthetic',
    version: '2026-11-01',
    path: relative,
    files: [{ name: 'part-0.parquet', sha256: createHash('sha256').update(readFileSync(file)).digest('hex'), bytes: statSync(file).size, rows }],
    rowCount: rows,
    k: null,
    provenance: { runId: 'test', codeVersion: 'test', upstream: [], checks: [], risk: {}, informationLoss: {}, anonymisation: {} },
  });
}

export interface Researcher {
  id: string;
  token: string;
}

/** `count` researchers, all members of one project granted `grants`. */
export async function makeResearchers(pool: pg.Pool, count: number): Promise<{ project: string; researchers: Researcher[] }> {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const project = await createProject(pool, { title: 'Scale-out', purpose: 'testing', legalBasis: 'test', startsOn: day(-1), endsOn: day(365) });
  await grantDataset(pool, { projectId: project.id, datasetId: 'grants', grantedBy: null, reason: 'test' });
  const researchers: Researcher[] = [];
  for (let i = 0; i < count; i += 1) {
    const user = await createUser(pool, { name: `researcher-${i}`, role: 'researcher' });
    await addMember(pool, { projectId: project.id, userId: user.id });
    researchers.push({ id: user.id, token: (await issueToken(pool, { userId: user.id })).token });
  }
  return { project: project.id, researchers };
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
