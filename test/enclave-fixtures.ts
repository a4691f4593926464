/**
 * Fixtures for the enclave tests: releases written as real Parquet files by DuckDB and published through the
 * catalog's public API, a running enclave on a free port, and a small HTTP client.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type pg from 'pg';
import { publishVersion, upsertDataset, type ReleaseKind, type VariableSpec } from '../catalog/index.ts';
import type { SdfPaths } from '../platform/index.ts';
import {
  addMember,
  createProject,
  createUser,
  grantDataset,
  issueToken,
  startEnclaveServer,
  type EnclaveServer,
  type EnclaveServerOptions,
  type Role,
} from '../enclave-api/index.ts';
import { makeTestDatabase, makeTestHome, type TestDatabase } from './helpers.ts';

const TYPE_MAP: Record<string, VariableSpec['type']> = { BIGINT: 'integer', INTEGER: 'integer', DOUBLE: 'decimal', VARCHAR: 'string', DATE: 'date' };

/**
 * Writes `select` (DuckDB SQL) to `releases/<dataset>/<version>-<kind>/part-0.parquet` and publishes it as the
 * current `kind` release of `dataset`. A column named `person_id` is declared as the pseudonym.
 */
export async function publishTestRelease(
  pool: pg.Pool,
  paths: SdfPaths,
  input: { dataset: string; select: string; kind?: ReleaseKind; version?: string; roles?: Record<string, VariableSpec['role']> },
): Promise<{ dir: string; file: string; sha256: string }> {
  const kind = input.kind ?? 'anon';
  const version = input.version ?? '2026-11-01';
  const relative = join(input.dataset, `${version}-${kind}`);
  const dir = join(paths.releases, relative);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'part-0.parquet');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`copy (${input.select}) to '${file}' (format parquet, compression zstd)`);
  const described = await connection.runAndReadAll(`describe select * from read_parquet('${file}')`);
  const count = await connection.runAndReadAll(`select count(*)::int as n from read_parquet('${file}')`);
  connection.closeSync();
  instance.closeSync();
  const variables: VariableSpec[] = described.getRowObjects().map((row) => ({
    name: String(row.column_name),
    label: String(row.column_name),
    type: TYPE_MAP[String(row.column_type)] ?? 'string',
    role: input.roles?.[String(row.column_name)] ?? (row.column_name === 'person_id' ? 'pseudonym' : 'other'),
  }));
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  const rows = Number(count.getRowObjects()[0]?.n ?? 0);
  await upsertDataset(pool, {
    id: input.dataset,
    title: `Test ${input.dataset}`,
    description: 'written by the enclave tests',
    record: {
      title: `Test ${input.dataset}`,
      abstract: 'test data',
      universe: 'synthetic persons',
      unitOfAnalysis: 'individual',
      temporalCoverage: { start: '2020-01-01' },
      spatialCoverage: { country: 'ZAF', description: 'South Africa' },
      sourceSystem: 'tests',
      custodian: 'tests',
      legalBasis: [{ instrument: 'test' }],
      accessConditions: 'enclave only',
      citation: 'test',
    },
    variables,
  });
  await publishVersion(pool, {
    datasetId: input.dataset,
    kind,
    version,
    path: relative,
    files: [{ name: 'part-0.parquet', sha256, bytes: statSync(file).size, rows }],
    rowCount: rows,
    k: kind === 'anon' ? 5 : null,
    provenance: { runId: 'test', codeVersion: 'test', upstream: [], checks: [], risk: {}, informationLoss: {}, anonymisation: {} },
  });
  return { dir, file, sha256 };
}

/** A user with a fresh token. */
export async function makeUser(pool: pg.Pool, role: Role, name = `${role}-${Math.random().toString(36).slice(2, 8)}`) {
  const user = await createUser(pool, { name, role });
  const issued = await issueToken(pool, { userId: user.id });
  return { id: user.id, token: issued.token, tokenId: issued.tokenId };
}

/** A project (window: yesterday to next year unless given) with datasets granted and members added. */
export async function makeProject(
  pool: pg.Pool,
  input: { datasets: string[]; members: string[]; startsOn?: string; endsOn?: string; grantedBy?: string },
): Promise<string> {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const project = await createProject(pool, {
    title: 'Test project',
    purpose: 'testing',
    legalBasis: 'test',
    startsOn: input.startsOn ?? day(-1),
    endsOn: input.endsOn ?? day(365),
  });
  for (const dataset of input.datasets) {
    await grantDataset(pool, { projectId: project.id, datasetId: dataset, grantedBy: input.grantedBy ?? null, reason: 'test' });
  }
  for (const member of input.members) await addMember(pool, { projectId: project.id, userId: member });
  return project.id;
}

export interface TestEnclave {
  db: TestDatabase;
  home: ReturnType<typeof makeTestHome>;
  server: EnclaveServer;
  api: (method: string, path: string, token?: string | null, body?: unknown) => Promise<ApiResponse>;
  /** Submits a query and waits until it has finished (or times out). */
  runQuery: (token: string, body: { project: string; sql: string; target: 'synthetic' | 'real' }) => Promise<ApiResponse>;
  stop(): Promise<void>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** Sandbox limits of the test enclaves; tests of runaway queries pass a shorter `timeoutMs`. */
export const TEST_LIMITS = { timeoutMs: 20_000, memoryLimit: '256MB', threads: 1, maxRows: 1_000 } as const;

/** A database, a home with `setup`'s releases, and an enclave server on a free port. */
export async function startTestEnclave(
  setup: (pool: pg.Pool, paths: SdfPaths) => Promise<void>,
  options: Partial<EnclaveServerOptions> = {},
): Promise<TestEnclave> {
  const db = await makeTestDatabase();
  const home = makeTestHome();
  await setup(db.pool, home);
  const server = await startEnclaveServer({
    pool: db.pool,
    paths: home,
    databaseUrl: db.databaseUrl,
    port: 0,
    sandboxWorkers: 1,
    // A generous time limit: on a loaded 2-core machine an ordinary query (and its companion) can take seconds.
    limits: TEST_LIMITS,
    ...options,
  });
  const api: TestEnclave['api'] = async (method, path, token, body) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(server.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (XML, plain text)
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  const runQuery: TestEnclave['runQuery'] = async (token, body) => {
    const submitted = await api('POST', '/api/v1/queries', token, body);
    if (submitted.status !== 202) return submitted;
    const deadline = Date.now() + 45_000;
    // Back off (50 ms → 500 ms) so a slow query on a loaded machine does not trip the per-user rate limit.
    for (let delay = 50; ; delay = Math.min(500, Math.round(delay * 1.5))) {
      const current = await api('GET', `/api/v1/queries/${submitted.body.id}`, token);
      // a real result stays `checking` until its outcome is stored with the status `succeeded`
      const done = current.body.status === 'failed' || current.body.status === 'succeeded';
      if (done || Date.now() > deadline) return current;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  };
  return {
    db,
    home,
    server,
    api,
    runQuery,
    async stop() {
      await server.close();
      await db.drop();
      home.remove();
    },
  };
}
