/**
 * Fixtures for the enclave tests: releases written as real Parquet files by DuckDB and published through the
 * catalog's public API, a running enclave on a free port, and a small HTTP client.
 */
import type pg from 'pg';
import type { SdfPaths } from '../platform/index.ts';
import { startEnclaveServer, type EnclaveServer, type EnclaveServerOptions } from '../enclave-api/index.ts';
import { webUi } from '../web/index.ts';
import { makeTestDatabase, makeTestHome, type TestDatabase } from './helpers.ts';

export { makeProject, makeUser, publishTestRelease } from './release-fixtures.ts';

export interface TestEnclave {
  db: TestDatabase;
  home: ReturnType<typeof makeTestHome>;
  server: EnclaveServer;
  api: (method: string, path: string, token?: string | null, body?: unknown) => Promise<ApiResponse>;
  /** Submits a query and waits until it has finished (or times out). */
  runQuery: (
    token: string,
    body: { project: string; sql: string; target: 'synthetic' | 'real' },
  ) => Promise<ApiResponse>;
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
    // The UI as `sdf serve` mounts it, so the enclave tests see the app users see.
    ...webUi(db.pool),
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
