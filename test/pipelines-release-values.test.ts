/**
 * What a small nightly run publishes, read back from the Parquet files and compared with the raw extracts: the
 * declared noise moved every measure (except where it is zero by design), the caps were applied, and the column
 * means stayed within the noise's stated tolerance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { makeTestDatabase, makeTestHome, type TestDatabase } from './helpers.ts';
import { generateRegistries } from '../sources/index.ts';
import { getCurrentVersion, getDatasetRecord } from '../catalog/index.ts';
import { runPipeline, DATASETS } from '../pipelines/index.ts';

const AS_OF = '2026-11-20';
let db: TestDatabase;
let home: ReturnType<typeof makeTestHome>;
let duck: DuckDBConnection;

async function rows<T>(sql: string): Promise<T[]> {
  return (await duck.runAndReadAll(sql)).getRowObjectsJS() as T[];
}

async function latestMetadata(assetKey: string): Promise<Record<string, any>> {
  const {
    rows: [row],
  } = await db.pool.query(
    `select metadata from pipelines.materialisations where asset_key = $1 and status = 'succeeded' order by id desc limit 1`,
    [assetKey],
  );
  return row.metadata;
}

async function publishedFile(dataset: string, kind: 'anon' | 'synthetic' = 'anon'): Promise<string> {
  return join((await getCurrentVersion(db.pool, home.releases, dataset, kind))!.dir, 'part-0.parquet');
}

beforeAll(async () => {
  process.env.SDF_DCI_PAGE_SIZE ??= '200';
  db = await makeTestDatabase();
  home = makeTestHome();
  await generateRegistries({ pool: db.pool, paths: home, persons: 2000, seed: 11, asOf: AS_OF });
  duck = await (await DuckDBInstance.create(':memory:')).connect();
  // no seed in the config: noise is seeded from the facility's secret master key, as in production
  const outcome = await runPipeline({ pool: db.pool, paths: home, date: AS_OF });
  const failures = outcome.materialisations
    .filter((m) => m.status !== 'succeeded')
    .map((m) => `${m.asset_key}: ${m.error}`);
  expect(failures).toEqual([]);
  const spine = String((await latestMetadata('linked/person_spine')).file);
  await duck.run(`create table spine as select id_number, person_id from read_parquet('${spine}')`);
}, 300_000);
afterAll(async () => {
  duck?.closeSync();
  await db?.drop();
  home?.remove();
});

/** How to find a published row's raw row: the raw source, its ID column, and the row key on both sides. */
const MEASURES = [
  {
    dataset: 'employment',
    source: 'employment',
    id: 'employee_id_number',
    measure: 'gross_income',
    rawKey: `year(r.month), month(r.month), r.industry_code, left(r.occupation_code, 1)`,
    publishedKey: 'year, month, industry_code, occupation_group',
  },
  {
    dataset: 'grants',
    source: 'grants',
    id: 'beneficiary_id_number',
    measure: 'monthly_amount',
    rawKey: `r.grant_type, r.status, year(r.application_date), month(r.application_date)`,
    publishedKey: 'grant_type, status, application_year, application_month',
  },
  {
    dataset: 'education',
    source: 'education',
    id: 'learner_id_number',
    measure: 'bursary_amount',
    rawKey: `r.institution_type, r.grade, r.programme, r.year, r.outcome`,
    publishedKey: 'institution_type, grade, programme, year, outcome',
  },
] as const;

describe('published measures against the raw extract', () => {
  it.each(MEASURES)(
    '$dataset: $measure is noised within its declared bound, capped, with its mean within tolerance',
    async (m) => {
      const declared = DATASETS.find((d) => d.id === m.dataset)!.noise.find((n) => n.column === m.measure)!;
      const recorded = (await latestMetadata(`anon/${m.dataset}`)).anonymisation.noise.find(
        (n: { column: string }) => n.column === m.measure,
      );
      const cap: number | null = recorded.topCode;
      const raw = join(home.raw, m.source, `dt=${AS_OF}`, 'part.parquet');
      const published = await publishedFile(m.dataset);
      // rows whose key is unique on both sides are matched one to one
      await duck.run(`create or replace table matched as
      with r as (select s.person_id, cast((${m.rawKey}) as varchar) as k, r.${m.measure} as raw
                   from read_parquet('${raw}') r join spine s on s.id_number = r.${m.id}
                 qualify count(*) over (partition by s.person_id, k) = 1),
           p as (select person_id, cast((${m.publishedKey}) as varchar) as k, ${m.measure} as published from read_parquet('${published}')
                 qualify count(*) over (partition by person_id, k) = 1)
      select raw, published, ${cap === null ? 'raw' : `least(raw, ${cap})`} as coded from r join p using (person_id, k)`);
      const [figures] = await rows<Record<string, number | bigint | null>>(`select count(*) as n,
        (select count(*) from read_parquet('${published}')) as total,
        count(*) filter (where published = raw and raw <> 0) as unchanged,
        count(*) filter (where raw = 0 and published <> 0) as zero_moved,
        count(*) filter (where (raw is null) <> (published is null)) as null_changed,
        count(*) filter (where abs(published - coded) > ${declared.relative} * abs(coded) + 0.01) as out_of_bound,
        count(*) filter (where raw > ${cap ?? 'null'}) as above_cap,
        count(*) filter (where published > ${cap ?? 'null'} * (1 + ${declared.relative}) + 0.01) as published_above_cap,
        avg(published) as published_mean, avg(coded) as coded_mean,
        sqrt(sum(coded * coded)) / count(coded) as rms_over_n
      from matched`);
      const n = Number(figures!.n);
      expect(n).toBeGreaterThan(0.8 * Number(figures!.total));
      expect(Number(figures!.unchanged)).toBe(0);
      expect(Number(figures!.zero_moved)).toBe(0);
      expect(Number(figures!.null_changed)).toBe(0);
      expect(Number(figures!.out_of_bound)).toBe(0);
      if (declared.topCodeQuantile) {
        // the cap is the declared quantile of the raw values: about 1 % of them lie above it, none is published there
        expect(cap).not.toBeNull();
        expect(Number(figures!.above_cap) / n).toBeGreaterThan(0);
        expect(Number(figures!.above_cap) / n).toBeLessThan(1.5 * (1 - declared.topCodeQuantile));
        expect(Number(figures!.published_above_cap)).toBe(0);
      } else {
        expect(cap).toBeNull();
      }
      // uniform noise on ±r has variance r²/3: the mean moves with SD r/√3 · √(Σx²)/n
      const se = (declared.relative / Math.sqrt(3)) * Number(figures!.rms_over_n);
      expect(Math.abs(Number(figures!.published_mean) - Number(figures!.coded_mean))).toBeLessThan(4 * se);
    },
  );
});

describe('journalist and marketer risk of subset releases, from the population register', () => {
  it.each(['grants', 'employment', 'health', 'education'])(
    '%s: the catalog entry states risks computed from the register',
    async (dataset) => {
      const spec = DATASETS.find((d) => d.id === dataset)!;
      const record = await getDatasetRecord(db.pool, dataset);
      const risk = record.currentVersion!.provenance.risk as Record<string, any>;
      const levels: number[] = (await latestMetadata(`anon/${dataset}`)).anonymisation.quasiIdentifiers.map(
        (q: { level: number }) => q.level,
      );
      // the population independently: the raw register extract, keyed as the spine keys it, generalised at the
      // release's levels by the dataset's declared level expressions; persons released but not on it count too
      const register = join(home.raw, 'population', `dt=${AS_OF}`, 'part.parquet');
      const qis = spec.quasiIdentifiers.map((qi) => qi.column).join(', ');
      const generalised = spec.quasiIdentifiers.map((qi, i) => `${qi.levels[levels[i]!]} as ${qi.column}`).join(', ');
      const [expected] = await rows<{ n: bigint; journalist_max: number; marketer: number; prosecutor_max: number }>(`
      with released as (select distinct person_id, ${qis} from read_parquet('${await publishedFile(dataset)}')),
           reg as (select s.person_id, ${generalised}
                     from (select id_number, sex, district_code, province_code,
                                  date_diff('year', date_of_birth, date '${AS_OF}')
                                    - (strftime(date_of_birth, '%m%d') > strftime(date '${AS_OF}', '%m%d'))::int as age
                             from read_parquet('${register}')) r
                     join spine s using (id_number)),
           everyone as (select * from reg union select * from released),
           big as (select ${qis}, count(*) as pop from everyone group by all),
           small as (select ${qis}, count(*) as f from released group by all)
      select sum(f) as n, max(1.0 / pop) as journalist_max, sum(f / pop) / sum(f) as marketer, max(1.0 / f) as prosecutor_max
        from small join big using (${qis})`);
      expect(risk.journalistBasis).toMatch(/population register/);
      expect(risk.after.records).toBe(Number(expected!.n));
      expect(risk.after.prosecutor.highest).toBeCloseTo(expected!.prosecutor_max, 9);
      expect(risk.journalist.highest).toBeCloseTo(expected!.journalist_max, 9);
      expect(risk.marketer).toBeCloseTo(expected!.marketer, 9);
      // a subset of a larger population: the register makes re-identification less likely than the release alone says
      expect(risk.journalist.highest).toBeLessThan(risk.after.prosecutor.highest);
      expect(risk.marketer).toBeLessThan(risk.after.prosecutor.average);
    },
  );

  it('takes the register itself as its own population', async () => {
    const risk = (await getDatasetRecord(db.pool, 'population')).currentVersion!.provenance.risk as Record<string, any>;
    expect(risk.journalistBasis).toMatch(/its own population/);
    expect(risk.after.journalist).toEqual(risk.after.prosecutor);
  });
});

describe('linked synthetic twins', () => {
  const ids = DATASETS.map((d) => d.id);
  const pairs = ids.flatMap((a, i) => ids.slice(i + 1).map((b) => [a, b] as const));

  async function overlap(kind: 'anon' | 'synthetic', a: string, b: string): Promise<{ both: number; first: number }> {
    const [row] = await rows<{ both: bigint; first: bigint }>(`
      with x as (select distinct person_id from read_parquet('${await publishedFile(a, kind)}')),
           y as (select distinct person_id from read_parquet('${await publishedFile(b, kind)}'))
      select (select count(*) from x join y using (person_id)) as both, (select count(*) from x) as first`);
    return { both: Number(row!.both), first: Number(row!.first) };
  }

  it.each(pairs)('%s ⋈ %s on person_id overlaps at the real share ±20 %', async (a, b) => {
    const real = await overlap('anon', a, b);
    const twin = await overlap('synthetic', a, b);
    const realShare = real.both / real.first;
    const twinShare = twin.both / twin.first;
    if (real.both >= 50) {
      expect(Math.abs(twinShare - realShare)).toBeLessThanOrEqual(0.2 * realShare);
    } else {
      // a small overlap is a small, protected cell: rounded to 5 and dropped under the cell threshold of 10
      expect(twin.both).toBeLessThanOrEqual(real.both + 5);
    }
  });

  it('joins grants and employment twins on the person key, as a researcher would', async () => {
    const [row] = await rows<{
      n: bigint;
    }>(`select count(*) as n from read_parquet('${await publishedFile('grants', 'synthetic')}')
      join read_parquet('${await publishedFile('employment', 'synthetic')}') using (person_id)`);
    expect(Number(row!.n)).toBeGreaterThan(0);
  });

  it.each(DATASETS.filter((d) => d.variables.some((v) => v.role === 'measure')).map((d) => d.id))(
    '%s: no twin row equals a real row on its quasi-identifiers plus measures, and no twin key is a real one',
    async (dataset) => {
      const spec = DATASETS.find((d) => d.id === dataset)!;
      const columns = [
        ...spec.quasiIdentifiers.map((q) => q.column),
        ...spec.variables.filter((v) => v.role === 'measure').map((v) => v.name),
      ];
      const twin = await publishedFile(dataset, 'synthetic');
      const real = await publishedFile(dataset);
      const [row] = await rows<{ copied: bigint; keys: bigint; measured: bigint }>(`select
          (select count(*) from read_parquet('${twin}') t join read_parquet('${real}') r on ${columns.map((c) => `t.${c} = r.${c}`).join(' and ')}) as copied,
          (select count(*) from read_parquet('${twin}') t join read_parquet('${real}') r using (person_id)) as keys,
          (select count(*) from read_parquet('${twin}') where ${columns.at(-1)} is not null) as measured`);
      expect(Number(row!.copied)).toBe(0);
      expect(Number(row!.keys)).toBe(0);
      expect(Number(row!.measured)).toBeGreaterThan(0);
    },
  );
});
