/**
 * The output checker on odd input — NULL group keys, numeric literals DuckDB writes oddly (1e7, 1e400, huge
 * integers), quotes, structs, empty results: it never throws, and the cell rules still apply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDuckChecker } from '../test/duckdb-checker.ts';
import {
  DEFAULT_PROFILE,
  checkQueryOutput,
  deriveCompanionQuery,
  type CheckReport,
  type DatasetView,
  type Verdict,
} from './index.ts';
import { keyOf } from './values.ts';

const DATASETS: DatasetView[] = [{ name: 'grants', pseudonymColumn: 'person_id' }];

const FIXTURE = `
  create table grants as
  select 'p' || i as person_id,
         case when i % 4 = 0 then null else 'D' || (i % 3) end as district,
         case when i % 5 = 0 then null else 100.0 + i end as amount,
         case when i % 2 = 0 then 'O''Brien "the" \\ x' else 'plain' end as name,
         date '2020-01-01' + i::int as paid
    from range(60) t(i)`;

const { run, check } = useDuckChecker(FIXTURE, DATASETS);

// 60 persons; district NULL for every fourth (15 persons), amount NULL for every fifth.
const ODD: Array<[string, Verdict]> = [
  ['select district, count(*) from grants group by district', 'pass'],
  ['select district, count(*) as n, sum(amount) from grants group by all', 'pass'],
  ['select district is null as missing, count(*) from grants group by 1', 'pass'],
  ["select coalesce(district, '?') as d, count(*) from grants group by d", 'pass'],
  ['select cast(null as int) as n, count(*) from grants group by 1', 'pass'],
  ['select distinct district from grants', 'pass'],
  ['select district, count(*) from grants where amount is null or district is not null group by district', 'fail'],
  ['select 1e7 as x, count(*) from grants', 'pass'],
  ['select 1e7 as x, count(*) from grants group by 1e7', 'pass'],
  ['select count(*) from grants group by 1e7', 'pass'],
  ['select district, count(*) from grants group by 1e7, district', 'pass'],
  ['select amount > 1e2 as big, count(*) from grants group by 1', 'pass'],
  ['select 2.5 as x, count(*) from grants group by x', 'pass'],
  ['select -0.0 as z, count(*) from grants group by 1', 'pass'],
  ['select 12345678901234567890 as big, count(*) from grants group by big', 'pass'],
  ['select sum(amount * 1e-7) from grants', 'pass'],
  ['select district, count(*) from grants group by district having count(*) > 1e1', 'review'],
  ['select district, count(*) from grants group by district order by 2 limit 1e0', 'pass'],
  ['select 1e400 as inf, count(*) from grants', 'review'],
  ['select name, count(*) from grants group by name', 'pass'],
  ["select 'it''s' as label, count(*) from grants", 'pass'],
  [`select district, count(*) from grants where name = 'O''Brien "the" \\ x' group by district`, 'fail'],
  ['select [district] as l, count(*) from grants group by 1', 'pass'],
  ["select {'d': district} as s, count(*) from grants group by 1", 'pass'],
  ['select district, paid, count(*) from grants group by all', 'fail'],
  ['select district, count(*) from grants where 1 = 0 group by district', 'pass'],
  ['select count(*) from grants where 1 = 0', 'fail'], // an empty cell: zeros are disclosive
  ['select sum(amount) from grants where false', 'fail'],
];

describe('the output checker on odd input', () => {
  it.each(ODD)('checks %s without throwing: %s', async (sql, outcome) => {
    const report = await check(sql);
    expect(report.outcome).toBe(outcome);
    // Reports and released-cell descriptions go to Postgres, which stores no NUL.
    expect(JSON.stringify(report)).not.toContain('\\u0000');
  });

  it('matches a NULL group key to its printed row and applies the cell rules to it', async () => {
    const sql =
      'select district, count(*) as n from grants where amount is null or district is not null group by district order by district';
    const { rows } = await run(sql);
    const report = await check(sql);
    const nullRow = rows.findIndex((row) => row.district === null);
    const cell = report.cells.find((c) => c.group.district === null);
    expect(cell).toMatchObject({ row: nullRow, column: 'n', verdict: 'fail', stats: { persons: 3 } });
    expect(report.findings.filter((f) => f.rule === 'companion')).toEqual([]);
  });

  it('says why a literal out of range leaves the query unanalysed', async () => {
    const report = await check('select 1e400 as inf, count(*) from grants');
    expect(report.reasons.join(' ')).toContain('out of range');
  });

  it('builds the companion with the literals the query wrote', async () => {
    const { sql } = await deriveCompanionQuery(
      'select 12345678901234567890 as big, 1e7 as x, count(*) from grants group by 1, 2',
      DATASETS,
    );
    expect(sql).toContain('12345678901234567890 AS __g0');
    expect(sql).toMatch(/10000000(\.0)? AS __g1/);
  });
});

describe('group keys', () => {
  it.each([
    [null, 'NULL'],
    [undefined, 'NULL'],
    ['NULL', '"NULL"'],
    ['', ''],
    [10000000, '10000000'],
    ['10000000.0', '10000000'],
    ['2.50', '2.5'],
    ['007', '007'],
    ['12345678901234567890', '12345678901234567890'],
    [12n, '12'],
    [['D1', null], '["D1",null]'],
    [{ d: 'D1' }, '{"d":"D1"}'],
    [{ n: 1n }, '{"n":"1"}'],
    [new Date('2020-01-01T00:00:00Z'), '2020-01-01T00:00:00.000Z'],
    ['O\'Brien "x"', 'O\'Brien "x"'],
  ])('keys %s as %s', (value, key) => {
    expect(keyOf(value)).toBe(key);
  });
});
