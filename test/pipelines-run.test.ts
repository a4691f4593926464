/**
 * The nightly pipeline end to end on small synthetic registries: publication, quarantine, lineage, a worker
 * killed mid-run, and a planted direct identifier that must block publication.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { makeTestDatabase, makeTestHome, type TestDatabase } from './helpers.ts';
import { generateRegistries } from '../sources/index.ts';
import { getCurrentVersion, listDashboards } from '../catalog/index.ts';
import { addDays, runPipeline, DATASETS } from '../pipelines/index.ts';

const AS_OF = '2026-11-20';
const DATASET_IDS = DATASETS.map((d) => d.id);
let db: TestDatabase;
let home: ReturnType<typeof makeTestHome>;
let duck: DuckDBConnection;

async function rows<T>(sql: string): Promise<T[]> {
  return (await duck.runAndReadAll(sql)).getRowObjectsJS() as T[];
}

async function currentVersions(): Promise<Record<string, string | null>> {
  const entries = await Promise.all(
    DATASET_IDS.map(
      async (id) => [id, (await getCurrentVersion(db.pool, home.releases, id))?.version ?? null] as const,
    ),
  );
  return Object.fromEntries(entries);
}

beforeAll(async () => {
  // small DCI pages, so the education extract walks the registry in many slices of several pages each
  process.env.SDF_DCI_PAGE_SIZE ??= '100';
  db = await makeTestDatabase();
  home = makeTestHome();
  await generateRegistries({ pool: db.pool, paths: home, persons: 3000, seed: 7, asOf: AS_OF });
  duck = await (await DuckDBInstance.create(':memory:')).connect();
}, 180_000);
afterAll(async () => {
  duck?.closeSync();
  await db.drop();
  home.remove();
});

describe('nightly pipeline on synthetic registries', () => {
  it('publishes every dataset k-anonymous, with one person key across datasets, quarantine counted, twins and dashboards', async () => {
    const outcome = await runPipeline({ pool: db.pool, paths: home, date: AS_OF, config: { seed: 1 } });
    const failures = outcome.materialisations
      .filter((m) => m.status !== 'succeeded')
      .map((m) => `${m.asset_key}: ${m.error}`);
    expect(failures).toEqual([]);
    expect(outcome.status).toBe('succeeded');

    for (const id of DATASET_IDS) {
      const release = await getCurrentVersion(db.pool, home.releases, id);
      expect(release?.version).toBe(`${AS_OF}-r${outcome.runId}`);
      const file = join(release!.dir, 'part-0.parquet');
      expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(release!.files[0]!.sha256);
      const kv = await rows<{ key: string; value: string }>(
        `select decode(key) as key, decode(value) as value from parquet_kv_metadata('${file}')`,
      );
      expect(Object.fromEntries(kv.map((e) => [e.key, e.value]))).toMatchObject({
        dataset: id,
        version: release!.version,
        code_version: '1',
      });
      const qis = DATASETS.find((d) => d.id === id)!
        .quasiIdentifiers.map((qi) => qi.column)
        .join(', ');
      const [k] = await rows<{ smallest: bigint }>(
        `select min(n) as smallest from (select count(distinct person_id) as n from read_parquet('${file}') group by ${qis})`,
      );
      expect(Number(k!.smallest)).toBeGreaterThanOrEqual(5);
      expect(await getCurrentVersion(db.pool, home.releases, id, 'synthetic')).not.toBeNull();
    }
    // raw extracts stay under data/raw and never appear in a release folder
    expect(existsSync(join(home.raw, 'population'))).toBe(true);
    expect(readdirSync(home.releases).sort()).toEqual([...DATASET_IDS].sort());

    const grants = join((await getCurrentVersion(db.pool, home.releases, 'grants'))!.dir, 'part-0.parquet');
    const population = join((await getCurrentVersion(db.pool, home.releases, 'population'))!.dir, 'part-0.parquet');
    const [linked] = await rows<{ n: bigint }>(
      `select count(distinct g.person_id) as n from read_parquet('${grants}') g join read_parquet('${population}') p using (person_id)`,
    );
    expect(Number(linked!.n)).toBeGreaterThan(100);

    const { rows: quarantine } = await db.pool.query<{ source: string; reason: string; n: string }>(
      `select source, reason, count(*) as n from pipelines.quarantine group by 1, 2`,
    );
    const reasons = quarantine.map((q) => q.reason);
    expect(reasons.some((r) => r.startsWith('bad ID check digit'))).toBe(true);
    expect(reasons.some((r) => r.startsWith('duplicate'))).toBe(true);
    expect(reasons.some((r) => r.startsWith('broken CSV line'))).toBe(true);
    const { rows: counted } = await db.pool.query<{ asset_key: string; quarantined: string; stored: string }>(
      `select m.asset_key, m.metadata->>'quarantined' as quarantined,
              (select count(*) from pipelines.quarantine q where q.materialisation_id = m.id)::text as stored
         from pipelines.materialisations m where m.run_id = $1 and m.asset_key like 'raw/%'`,
      [outcome.runId],
    );
    for (const row of counted) expect(row.stored).toBe(row.quarantined);
    // every enrolment the registry holds came through the DCI search: landed or quarantined, none lost or doubled
    const {
      rows: [education],
    } = await db.pool.query<{ held: string; landed: string; quarantined: string; fetched: string; slices: string }>(
      `select (select count(*) from education.enrolments)::text as held, m.row_count::text as landed,
              m.metadata->>'quarantined' as quarantined, m.metadata->>'fetched' as fetched, m.metadata->>'slices' as slices
         from pipelines.materialisations m where m.run_id = $1 and m.asset_key = 'raw/education'`,
      [outcome.runId],
    );
    expect(Number(education!.landed) + Number(education!.quarantined)).toBe(Number(education!.held));
    expect(education!.fetched).toBe(education!.held);

    const dashboards = await listDashboards(db.pool);
    expect(dashboards.map((d) => d.id).sort()).toEqual([
      'bursary_former_csg',
      'clinic_visits',
      'grant_beneficiaries',
      'grant_recipients_employed',
    ]);
    const { rows: lineage } = await db.pool.query<{ n: string }>(
      `select count(*) as n from pipelines.lineage l join pipelines.materialisations m on m.id = l.materialisation_id
        where m.run_id = $1 and m.asset_key = 'anon/grants'`,
      [outcome.runId],
    );
    expect(Number(lineage[0]!.n)).toBe(3);
  }, 120_000);

  it('leaves the last release serving when the worker is killed mid-run, and a rerun completes', async () => {
    const before = await currentVersions();
    const partition = addDays(AS_OF, 1);
    const child = spawn(process.execPath, ['bin/sdf.js', 'pipeline', 'run', '--date', partition], {
      // without vitest's variables the child runs the built CLI when dist/ is current (seconds faster to start than
      // compiling every source with tsx on a cold cache)
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST'))),
        SDF_HOME: home.home,
        DATABASE_URL: db.databaseUrl,
        SDF_LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let exitCode: number | null | undefined;
    const exited = new Promise((resolve) => child.once('exit', (code) => resolve((exitCode = code))));
    // kill as soon as the anonymisation stage has started for this partition
    let anonStarted = false;
    for (let waited = 0; waited < 120_000 && exitCode === undefined && !anonStarted; waited += 50) {
      const { rows: started } = await db.pool.query(
        `select 1 from pipelines.materialisations where partition = $1 and asset_key like 'anon/%' limit 1`,
        [partition],
      );
      anonStarted = started.length > 0;
      if (!anonStarted) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
    await exited;
    // a child that stopped (or never got this far) on its own says why, instead of the test timing out later
    if (!anonStarted) throw new Error(`the pipeline run never reached anonymisation (exit ${exitCode}): ${stderr}`);
    expect(await currentVersions()).toEqual(before);
    for (const id of DATASET_IDS) {
      const release = await getCurrentVersion(db.pool, home.releases, id);
      const file = join(release!.dir, 'part-0.parquet');
      expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(release!.files[0]!.sha256);
    }

    const {
      rows: [killed],
    } = await db.pool.query<{ id: string; materialisation: string }>(
      `select r.id::text as id, max(m.id)::text as materialisation from pipelines.runs r
         join pipelines.materialisations m on m.run_id = r.id where r.partition = $1 group by r.id order by r.id desc limit 1`,
      [partition],
    );
    // what a kill a moment later would have left: a release half-staged and an extract half-written
    mkdirSync(join(home.staging, 'grants', `${partition}-r${killed!.id}`), { recursive: true });
    writeFileSync(join(home.staging, 'grants', `${partition}-r${killed!.id}`, 'part-0.parquet'), 'partial');
    mkdirSync(join(home.raw, 'grants', `dt=${partition}`), { recursive: true });
    writeFileSync(
      join(home.raw, 'grants', `dt=${partition}`, `part.parquet.${killed!.materialisation}.tmp`),
      'partial',
    );
    // should the rerun ever hang, say where: the partition's materialisations as they stand
    const watchdog = setTimeout(() => {
      void db.pool
        .query(
          `select run_id, asset_key, status, attempt from pipelines.materialisations where partition = $1 order by id`,
          [partition],
        )
        .then(({ rows: stuck }) => console.error('rerun still going after 60 s:', JSON.stringify(stuck)));
    }, 60_000);
    const rerun = await runPipeline({ pool: db.pool, paths: home, date: partition, config: { seed: 1 } }).finally(() =>
      clearTimeout(watchdog),
    );
    expect(rerun.status).toBe('succeeded');
    const after = await currentVersions();
    for (const id of DATASET_IDS) expect(after[id]).toBe(`${partition}-r${rerun.runId}`);
    // nothing the killed run had staged or half-written is left behind
    const leftovers = [home.staging, home.raw, home.tmp]
      .flatMap((root) => (existsSync(root) ? readdirSync(root, { recursive: true }).map(String) : []))
      .filter((path) => path.endsWith(`-r${killed!.id}`) || /\.tmp(\.checked)?$/.test(path) || /^extract-/.test(path));
    expect(leftovers).toEqual([]);
    // generous: on a loaded 2-core machine the child's start (through tsx) and both half-runs take minutes
  }, 300_000);

  it('blocks a release whose quasi-identifier column carries a planted ID number, and publishes nothing of it', async () => {
    const partition = addDays(AS_OF, 2);
    const before = await currentVersions();
    // the largest population group's value replaced by an ID number; k = 1 so that generalisation cannot hide it
    // by luck: the value scan alone must stop it
    await db.pool.query(
      `update population.persons set population_group = '8001015009087', updated_at = $1::timestamptz + interval '1 hour'
        where population_group = 'Black African'`,
      [partition],
    );
    const outcome = await runPipeline({ pool: db.pool, paths: home, date: partition, config: { seed: 1, k: 1 } });
    expect(outcome.status).toBe('failed');
    const population = outcome.materialisations.find((m) => m.asset_key === 'anon/population')!;
    expect(population.status).toBe('blocked');
    expect(population.error).toMatch(/check no_direct_identifiers failed \(column population_group, \d+ rows\)/);
    const { rows: checks } = await db.pool.query<{
      check_name: string;
      verdict: string;
      column_name: string;
      row_count: string;
    }>(
      `select check_name, verdict, column_name, row_count from pipelines.check_results where materialisation_id = $1 and verdict = 'fail'`,
      [population.id],
    );
    expect(checks).toEqual([
      {
        check_name: 'no_direct_identifiers',
        verdict: 'fail',
        column_name: 'population_group',
        row_count: expect.any(String),
      },
    ]);
    expect(Number(checks[0]!.row_count)).toBeGreaterThan(1000);
    expect((await currentVersions()).population).toBe(before.population);
    expect(existsSync(join(home.releases, 'population', `${partition}-r${outcome.runId}`))).toBe(false);
    expect(outcome.materialisations.find((m) => m.asset_key === 'synthetic/population')?.status).toBe(
      'upstream_failed',
    );
  }, 120_000);
});
