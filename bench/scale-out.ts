/**
 * Researcher-query throughput with one and with two `sdf worker` processes: one PostgreSQL (embedded, in a
 * temporary `SDF_HOME`), one `sdf serve --no-worker`, 200 queries from 10 researchers submitted at once, timed
 * from the first submission until the last is answered. `npm run bench -- scale-out [queries] [users]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFacility } from '../cli/index.ts';
import {
  makeResearchers,
  publishSyntheticGrants,
  startApi,
  startWorker,
  submitQuery,
  waitForQueries,
  type SdfProcess,
} from '../test/scale-out-fixtures.ts';

const QUERIES = Number(process.argv[2] ?? 200);
const USERS = Number(process.argv[3] ?? 10);
const QUERIES_PER_WORKER = 2;

const home = mkdtempSync(join(tmpdir(), 'sdf-bench-scale-'));
const facility = await openFacility({ home });
const processes: SdfProcess[] = [];
try {
  await publishSyntheticGrants(facility.pool, facility.paths, 200_000);
  const { project, researchers } = await makeResearchers(facility.pool, USERS);
  const env = {
    DATABASE_URL: facility.databaseUrl,
    SDF_HOME: home,
    SDF_RATE_LIMIT: '100000',
    SDF_QUERY_QUOTA: String(QUERIES),
    SDF_SANDBOX_WORKERS: String(QUERIES_PER_WORKER),
    SDF_LOG_LEVEL: 'warn',
  };
  const api = await startApi(env);
  processes.push(api);
  const url = api.match[1]!;

  const round = async (label: string, offset: number) => {
    const started = performance.now();
    // At most 32 submissions in flight: the per-address failed-sign-in limiter counts requests until they succeed.
    const ids: string[] = [];
    for (let i = 0; i < QUERIES; i += 32) {
      ids.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(32, QUERIES - i) }, (_, j) => {
            const n = offset + i + j;
            const sql = `select province, count(*) as n, avg(amount) as mean from grants where person_id % 997 <> ${n} group by province`;
            return submitQuery(url, researchers[n % USERS]!.token, { project, sql });
          }),
        )),
      );
    }
    await waitForQueries(facility.pool, ids, 600_000);
    const seconds = (performance.now() - started) / 1000;
    const { rows } = await facility.pool.query<{ status: string; worker_id: string; n: number }>(
      `select status, worker_id, count(*)::int as n from enclave.queries where id = any($1) group by 1, 2 order by 2`,
      [ids],
    );
    const spread = rows.map((r) => `${r.worker_id} ${r.status} ${r.n}`).join(', ');
    process.stdout.write(
      `${label}: ${QUERIES} queries from ${USERS} users in ${seconds.toFixed(1)} s = ${(QUERIES / seconds).toFixed(1)} queries/s (${spread})\n`,
    );
  };

  processes.push(await startWorker(env, 'worker-1', QUERIES_PER_WORKER));
  await round('one worker ', 0);
  processes.push(await startWorker(env, 'worker-2', QUERIES_PER_WORKER));
  await round('two workers', QUERIES);
} finally {
  await Promise.all(processes.map((p) => p.stop()));
  await facility.close();
  rmSync(home, { recursive: true, force: true });
}
