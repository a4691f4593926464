/**
 * `node bin/run-ts.js bench/enclave.ts [rows=10000000] [seconds=60] [researchers=20]`: in a throw-away $SDF_HOME
 * (embedded PostgreSQL unless DATABASE_URL is set) publishes a `rows`-row Parquet release, then measures
 *  1. a GROUP BY end to end (HTTP submit → job queue → sandbox → succeeded, polled over HTTP), median of 7,
 *     against the same SQL run directly in an in-process DuckDB on the same file;
 *  2. `researchers` concurrent users submitting queries for `seconds`: statuses, query latency p50/p95 and
 *     `/health` latency while the heavy queries run.
 * Quick run: `node bin/run-ts.js bench/enclave.ts 200000 5 4`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openFacility } from '../cli/index.ts';
import { publishVersion, upsertDataset } from '../catalog/index.ts';
import {
  addMember,
  createProject,
  createUser,
  grantDataset,
  issueToken,
  startEnclaveServer,
} from '../enclave-api/index.ts';

const rows = Number(process.argv[2] ?? 10_000_000);
const seconds = Number(process.argv[3] ?? 60);
const researchers = Number(process.argv[4] ?? 20);
const GROUP_BY =
  'select district, grant_type, count(*) as n, sum(amount) as total from grants group by district, grant_type';
const LIGHT = 'select grant_type, count(*) as n from grants where district = 7 group by grant_type';

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function writeRelease(dir: string): Promise<{ name: string; sha256: string; bytes: number; rows: number }> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'part-0.parquet');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`copy (select range as person_id, (hash(range) % 52)::int as district, (range % 8)::int as grant_type,
                           ((hash(range * 7) % 200000) / 100.0)::decimal(10,2) as amount from range(${rows}))
                        to '${file}' (format parquet, compression zstd)`);
  connection.closeSync();
  instance.closeSync();
  return {
    name: 'part-0.parquet',
    sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
    bytes: statSync(file).size,
    rows,
  };
}

async function directMedian(file: string, threads: number): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await instance.connect();
  await connection.run(`create view grants as select * from read_parquet('${file}')`);
  const times: number[] = [];
  for (let i = 0; i < 7; i += 1) {
    const started = performance.now();
    await connection.runAndReadAll(GROUP_BY);
    times.push(performance.now() - started);
  }
  connection.closeSync();
  instance.closeSync();
  return median(times);
}

const home = mkdtempSync(join(process.env.SDF_BENCH_DIR ?? tmpdir(), 'sdf-bench-enclave-'));
const facility = await openFacility({ home });
try {
  const { pool, paths } = facility;
  const started = performance.now();
  const file = await writeRelease(join(paths.releases, 'grants', 'bench'));
  const writeSeconds = Math.round(performance.now() - started) / 1000;
  await upsertDataset(pool, {
    id: 'grants',
    title: 'Bench grants',
    description: 'benchmark data',
    record: {
      title: 'Bench grants',
      abstract: 'benchmark',
      universe: 'synthetic',
      unitOfAnalysis: 'beneficiary',
      temporalCoverage: { start: '2020-01-01' },
      spatialCoverage: { country: 'ZAF', description: 'South Africa' },
      sourceSystem: 'bench',
      custodian: 'bench',
      legalBasis: [{ instrument: 'bench' }],
      accessConditions: 'enclave',
      citation: 'bench',
    },
    variables: [
      { name: 'person_id', label: 'person', type: 'integer', role: 'pseudonym' },
      { name: 'district', label: 'district', type: 'integer', role: 'quasi_identifier' },
      { name: 'grant_type', label: 'grant type', type: 'integer', role: 'quasi_identifier' },
      { name: 'amount', label: 'amount', type: 'decimal', role: 'measure' },
    ],
  });
  for (const kind of ['anon', 'synthetic'] as const) {
    await publishVersion(pool, {
      datasetId: 'grants',
      kind,
      version: 'bench',
      path: 'grants/bench',
      files: [file],
      rowCount: rows,
      k: kind === 'anon' ? 5 : null,
      provenance: {
        runId: 'bench',
        codeVersion: 'bench',
        upstream: [],
        checks: [],
        risk: {},
        informationLoss: {},
        anonymisation: {},
      },
    });
  }
  const project = await createProject(pool, {
    title: 'bench',
    purpose: 'bench',
    legalBasis: 'bench',
    startsOn: '2020-01-01',
    endsOn: '2099-12-31',
  });
  await grantDataset(pool, { projectId: project.id, datasetId: 'grants', reason: 'bench' });
  const tokens: string[] = [];
  for (let i = 0; i < Math.max(1, researchers); i += 1) {
    const user = await createUser(pool, { name: `bench-researcher-${i}`, role: 'researcher' });
    await addMember(pool, { projectId: project.id, userId: user.id });
    tokens.push((await issueToken(pool, { userId: user.id })).token);
  }
  const threads = 2;
  const server = await startEnclaveServer({
    ...facility,
    port: 0,
    sandboxWorkers: 2,
    limits: { threads, memoryLimit: '1GB', timeoutMs: 60_000 },
  });
  const call = async (method: string, path: string, token: string | null, body?: unknown) => {
    const response = await fetch(server.url + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return {
      status: response.status,
      retryAfter: Number(response.headers.get('retry-after') ?? 1),
      body: (await response.json()) as Record<string, unknown>,
    };
  };
  /** Submits and polls until done; returns the wall time, or the HTTP status that stopped it. */
  const runQuery = async (token: string, sql: string, pollMs: number) => {
    const t0 = performance.now();
    const submitted = await call('POST', '/api/v1/queries', token, { project: project.id, sql, target: 'synthetic' });
    if (submitted.status !== 202)
      return {
        ms: performance.now() - t0,
        status: submitted.status,
        retryAfter: submitted.retryAfter,
        outcome: 'http',
      };
    for (;;) {
      await sleep(pollMs);
      const current = await call('GET', `/api/v1/queries/${String(submitted.body.id)}`, token);
      if (current.status !== 200)
        return { ms: performance.now() - t0, status: current.status, retryAfter: current.retryAfter, outcome: 'http' };
      if (current.body.status === 'succeeded' || current.body.status === 'failed') {
        const timings = current.body.timings as { queuedMs: number; runMs: number };
        return {
          ms: performance.now() - t0,
          status: 200,
          retryAfter: 0,
          outcome: String(current.body.status),
          timings,
        };
      }
    }
  };

  // 1. One GROUP BY end to end vs directly.
  const filePath = join(paths.releases, 'grants', 'bench', 'part-0.parquet');
  const directMs = await directMedian(filePath, threads);
  await runQuery(tokens[0]!, GROUP_BY, 10); // warm the page cache and the workers
  const e2e: number[] = [];
  const phases: { queuedMs: number; runMs: number }[] = [];
  for (let i = 0; i < 7; i += 1) {
    const result = await runQuery(tokens[0]!, GROUP_BY, 10);
    e2e.push(result.ms);
    if ('timings' in result && result.timings) phases.push(result.timings);
  }
  const e2eMedian = median(e2e);

  // 2. Concurrent researchers.
  const deadline = Date.now() + seconds * 1000;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const bump = (key: string) => (statuses[key] = (statuses[key] ?? 0) + 1);
  const health: number[] = [];
  const prober = (async () => {
    while (Date.now() < deadline) {
      const t0 = performance.now();
      const response = await fetch(`${server.url}/health`);
      await response.arrayBuffer();
      health.push(performance.now() - t0);
      if (response.status !== 200) bump(`health_${response.status}`);
      await sleep(200);
    }
  })();
  const users = tokens.map(async (token, i) => {
    let n = 0;
    while (Date.now() < deadline) {
      const result = await runQuery(token, (n++ + i) % 2 === 0 ? GROUP_BY : LIGHT, 250);
      bump(result.outcome === 'http' ? `http_${result.status}` : result.outcome);
      if (result.outcome === 'succeeded') latencies.push(result.ms);
      if (result.status === 429) await sleep(result.retryAfter * 1000);
    }
  });
  await Promise.all([prober, ...users]);
  await server.close();

  const errors = Object.entries(statuses)
    .filter(([key]) => key !== 'succeeded' && key !== 'http_429')
    .reduce((sum, [, n]) => sum + n, 0);
  const figures = {
    area: 'enclave',
    rows,
    parquetMb: Math.round(file.bytes / 2 ** 20),
    writeSeconds,
    groupBy: {
      endToEndMedianMs: e2eMedian,
      directDuckDbMedianMs: directMs,
      ratio: Math.round((e2eMedian / directMs) * 100) / 100,
      runsMs: e2e.map(Math.round),
      queuedMedianMs: median(phases.map((p) => p.queuedMs)),
      runMedianMs: median(phases.map((p) => p.runMs)),
    },
    concurrent: {
      researchers,
      seconds,
      statuses,
      errorsOtherThan429: errors,
      queriesPerSecond: Math.round(((statuses.succeeded ?? 0) / seconds) * 100) / 100,
      latencyMs: { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), max: quantile(latencies, 1) },
      healthMs: {
        p50: quantile(health, 0.5),
        p95: quantile(health, 0.95),
        max: quantile(health, 1),
        samples: health.length,
      },
    },
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  process.stdout.write(
    `enclave: GROUP BY over ${rows} rows end to end median ${e2eMedian} ms vs ${directMs} ms directly in DuckDB (×${figures.groupBy.ratio}); ` +
      `${researchers} researchers × ${seconds} s: ${statuses.succeeded ?? 0} queries, p95 ${figures.concurrent.latencyMs.p95} ms, ` +
      `${errors} errors other than 429, /health p95 ${figures.concurrent.healthMs.p95} ms (max ${figures.concurrent.healthMs.max} ms)\n`,
  );
} finally {
  await facility.close();
  rmSync(home, { recursive: true, force: true });
}
