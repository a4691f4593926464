import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { XMLParser } from 'fast-xml-parser';
import {
  computeVariableSummaries,
  getDatasetRecord,
  publishVersion,
  toDdiCodebookXml,
  upsertDataset,
  type VariableSpec,
} from '../catalog/index.ts';
import { makeTestDatabase } from './helpers.ts';
import { GRANT_TYPE_VARIABLE, makeDatasetInput, makeRelease } from './catalog-fixtures.ts';

// 100 persons with two rows each: grant types OAG (60 persons), CSG (32), DG (5), FCG (3); the amount is
// missing for 3 persons; the household size takes 1..4 for 25 persons each.
const FIXTURE_SQL = `
  create table t as
  select 'p' || lpad(i::varchar, 3, '0') as person_id,
         case when i <= 60 then 'OAG' when i <= 92 then 'CSG' when i <= 97 then 'DG' else 'FCG' end as grant_type,
         case when i <= 3 then null else i * 10 + r end as amount,
         (i % 4) + 1 as household_size
    from range(1, 101) a(i), range(0, 2) b(r)`;

const VARIABLES: VariableSpec[] = [
  { name: 'person_id', label: 'Person', type: 'string', role: 'pseudonym' },
  GRANT_TYPE_VARIABLE,
  { name: 'amount', label: 'Amount', type: 'integer', role: 'measure' },
  { name: 'household_size', label: 'Household size', type: 'integer', role: 'other' },
  { name: 'not_in_files', label: 'Absent', type: 'string', role: 'other' },
];

let dir: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;
let files: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sdf-catalog-summaries-'));
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  connection = await instance.connect();
  await connection.run(FIXTURE_SQL);
  files = [join(dir, 'part-0.parquet'), join(dir, "part-1 o'clock.parquet")];
  await connection.run(
    `copy (select * from t where person_id <= 'p050') to '${files[0]}' (format parquet, compression zstd)`,
  );
  await connection.run(
    `copy (select * from t where person_id > 'p050') to '${files[1]!.replaceAll("'", "''")}' (format parquet, compression zstd)`,
  );
});

afterAll(() => {
  connection.closeSync();
  instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

describe('variable summaries over a release', () => {
  it('publishes large categories with labels and suppresses those of fewer persons than the threshold', async () => {
    const summaries = await computeVariableSummaries(connection, files, VARIABLES, 10);
    expect(summaries.grant_type).toMatchObject({
      kind: 'categorical',
      count: 200,
      missing: 0,
      distinct: 4,
      categories: [
        { value: 'OAG', label: 'Old age grant', count: 120 },
        { value: 'CSG', label: 'Child support grant', count: 64 },
      ],
      withheldCategories: 2,
    });
    expect(JSON.stringify(summaries.grant_type)).not.toMatch(/"DG"|"FCG"/);
  });

  it('counts persons by the pseudonym, so a category of 5 persons in 10 rows is still suppressed', async () => {
    const summaries = await computeVariableSummaries(connection, files, VARIABLES, 6);
    expect(summaries.grant_type?.categories?.map((c) => c.value)).toEqual(['OAG', 'CSG']);
    const byRows = await computeVariableSummaries(connection, files, VARIABLES.slice(1), 6);
    expect(byRows.grant_type?.categories?.map((c) => c.value)).toEqual(['OAG', 'CSG', 'DG', 'FCG']);
    expect(byRows.grant_type?.withheldCategories).toBe(0);
  });

  it('withholds a second category when only one falls under the threshold, so it cannot be recovered by difference', async () => {
    const byRows = await computeVariableSummaries(connection, files, VARIABLES.slice(1), 7);
    expect(byRows.grant_type?.categories?.map((c) => c.value)).toEqual(['OAG', 'CSG']);
    expect(byRows.grant_type?.withheldCategories).toBe(2);
  });

  it('gives numeric statistics, withholding extremes, small missing counts and thin percentiles', async () => {
    const { amount, household_size } = await computeVariableSummaries(connection, files, VARIABLES, 10);
    expect(amount).toMatchObject({ kind: 'numeric', count: 194, missing: null, min: null, max: null, distinct: 194 });
    expect(amount?.mean).toBeCloseTo(((4 + 100) / 2) * 10 + 0.5, 6);
    expect(amount?.percentiles?.p10).toBeNull(); // 97 persons × 10% < 10 persons
    expect(amount?.percentiles?.p25).not.toBeNull();
    expect(amount?.suppressed).toEqual(expect.arrayContaining(['missing', 'min', 'max', 'p10', 'p90']));
    expect(household_size).toMatchObject({ min: 1, max: 4, missing: 0, distinct: 4, suppressed: [] });
  });

  it('gives a pseudonym only its counts and skips variables absent from the files', async () => {
    const summaries = await computeVariableSummaries(connection, files, VARIABLES, 10);
    expect(summaries.person_id).toEqual({
      kind: 'key',
      threshold: 10,
      count: 200,
      missing: 0,
      distinct: 100,
      suppressed: [],
    });
    expect(Object.keys(summaries)).not.toContain('not_in_files');
  });
});

describe('summaries of a register (one row per person)', () => {
  it('counts rows as persons and gives the same figures as counting distinct pseudonyms would', async () => {
    const register = join(dir, 'register.parquet');
    await connection.run(
      `copy (select * from t qualify row_number() over (partition by person_id order by amount) = 1) to '${register}' (format parquet)`,
    );
    const byKey = await computeVariableSummaries(connection, [register], VARIABLES, 5);
    const byRows = await computeVariableSummaries(connection, [register], VARIABLES.slice(1), 5);
    expect(byKey.person_id).toMatchObject({ kind: 'key', count: 100, distinct: 100 });
    expect(byKey.grant_type?.categories?.map((c) => [c.value, c.count])).toEqual([
      ['OAG', 60],
      ['CSG', 32],
    ]);
    expect({ ...byKey, person_id: undefined }).toEqual({ ...byRows, person_id: undefined });
  });
});

describe('summaries of rows without a person key', () => {
  it('counts no person for them, so a category of keyless rows is withheld however many rows it has', async () => {
    const keyless = join(dir, 'keyless.parquet');
    await connection.run(`copy (select person_id, grant_type, amount, household_size from t
                                union all select null, 'SRD', 350, 1 from range(40)) to '${keyless}' (format parquet)`);
    const summaries = await computeVariableSummaries(connection, [keyless], VARIABLES, 10);
    expect(summaries.person_id).toMatchObject({ kind: 'key', count: 200, missing: 40, distinct: 100 });
    expect(summaries.grant_type?.categories?.map((c) => c.value)).toEqual(['OAG', 'CSG']);
  });
});

describe('summaries in the catalog', () => {
  it('carries a release’s protected summaries into the record and the DDI codebook', async () => {
    const db = await makeTestDatabase();
    try {
      const summaries = await computeVariableSummaries(connection, files, VARIABLES, 10);
      await upsertDataset(db.pool, makeDatasetInput({ variables: VARIABLES.slice(0, 4) }));
      await publishVersion(db.pool, makeRelease('2026-11-22', { summaries }));
      const record = await getDatasetRecord(db.pool, 'grants');
      expect(record.variables[1]?.summary?.categories?.map((c) => c.value)).toEqual(['OAG', 'CSG']);
      const xml = toDdiCodebookXml(record);
      const vars = new XMLParser({
        ignoreAttributes: false,
        parseTagValue: false,
        isArray: (n) => n === 'catgry',
      }).parse(xml).codeBook.dataDscr.var;
      const frequencies = vars[1].catgry.map((c: { catValu: string; catStat?: { '#text': string } }) => [
        c.catValu,
        c.catStat?.['#text'],
      ]);
      expect(frequencies).toEqual([
        ['OAG', '120'],
        ['CSG', '64'],
        ['DG', undefined],
        ['FCG', undefined],
      ]);
    } finally {
      await db.drop();
    }
  });
});
