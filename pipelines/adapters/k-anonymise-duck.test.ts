import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { kAnonymise } from './k-anonymise.ts';
import { ageLevels, geographyLevels, valueOrStar } from '../datasets/hierarchies.ts';

let duck: DuckDBConnection;
beforeAll(async () => {
  duck = await (await DuckDBInstance.create(':memory:')).connect();
  // 400 persons: ages 20–59, two sexes, four districts in two provinces; one outlier aged 95 in its own district
  await duck.run(`create table base as
    select 'p' || i as person_id, 20 + (i % 40) as age, case when i % 2 = 0 then 'F' else 'M' end as sex,
           ['JHB', 'TSH', 'CPT', 'DC1'][1 + (i % 4)] as district_code, ['GP', 'GP', 'WC', 'WC'][1 + (i % 4)] as province_code,
           ['A', 'B', 'C'][1 + (i % 3)] as diagnosis
      from range(400) r(i)
    union all select 'outlier', 95, 'F', 'DC45', 'NC', 'A'`);
});
afterAll(() => duck.closeSync());

const qis = [
  { column: 'age_band', ...ageLevels('age') },
  { column: 'sex', ...valueOrStar('sex') },
  { column: 'geography', ...geographyLevels('district_code', 'province_code') },
];

describe('k-anonymisation by full-domain generalisation', () => {
  it('counts persons, stays within the suppression limit, and every kept class has k persons', async () => {
    const result = await kAnonymise(duck, {
      baseTable: 'base',
      quasiIdentifiers: qis,
      sensitive: [],
      k: 5,
      suppressionLimit: 0.01,
    });
    expect(result.persons).toBe(401);
    expect(result.suppressedPersons).toBeLessThanOrEqual(4);
    const [row] = (
      await duck.runAndReadAll(`select min(n)::int as smallest, count(*)::int as classes,
        bool_or(person_id = 'outlier') as outlier_kept
        from (select age_band, sex, geography, count(distinct person_id) as n, list(person_id) as ids from (${result.selectSql}) group by all),
             unnest(ids) as u(person_id)`)
    ).getRowObjectsJS();
    expect(Number(row!.smallest)).toBeGreaterThanOrEqual(5);
    expect(row!.outlier_kept).toBe(false);
  });

  it('keeps every row of each kept person and none of the suppressed ones', async () => {
    const result = await kAnonymise(duck, {
      baseTable: 'base',
      quasiIdentifiers: qis,
      sensitive: [],
      k: 5,
      suppressionLimit: 0.01,
    });
    const [row] = (
      await duck.runAndReadAll(`select count(distinct person_id)::int as persons, count(*)::int as rows,
        (select count(*)::int from base where person_id in (select person_id from (${result.selectSql}))) as base_rows
        from (${result.selectSql})`)
    ).getRowObjectsJS();
    expect(row!.persons).toBe(result.persons - result.suppressedPersons);
    expect(row!.rows).toBe(row!.base_rows);
    await result.dispose();
  });

  it('refuses QI inputs that are not one value per person instead of dropping rows', async () => {
    await duck.run(`create table base_moving as select * from base union all
      select 'p0', 20, 'F', 'ZZ1', 'ZZ', 'A' union all select 'p0', 20, 'F', 'ZZ2', 'ZZ', 'A'`);
    await expect(
      kAnonymise(duck, {
        baseTable: 'base_moving',
        quasiIdentifiers: qis,
        sensitive: [],
        k: 5,
        suppressionLimit: 0.05,
      }),
    ).rejects.toThrow(/geography: .*must be one value per person/);
  });

  it('searches a register (one row per person) as it is, with the same outcome as grouping it by person', async () => {
    const options = { baseTable: 'base', quasiIdentifiers: qis, sensitive: [], k: 5, suppressionLimit: 0.01 };
    const asRegister = await kAnonymise(duck, { ...options, rowsArePersons: true });
    const grouped = await kAnonymise(duck, options);
    const again = await kAnonymise(duck, { ...options, rowsArePersons: true });
    expect([asRegister.levels, asRegister.suppressedPersons, asRegister.persons]).toEqual([
      grouped.levels,
      grouped.suppressedPersons,
      grouped.persons,
    ]);
    expect(again.levels).toEqual(grouped.levels);
    for (const result of [asRegister, grouped, again]) await result.dispose();
  });

  it('with no suppression allowed it generalises further instead', async () => {
    const loose = await kAnonymise(duck, {
      baseTable: 'base',
      quasiIdentifiers: qis,
      sensitive: [],
      k: 5,
      suppressionLimit: 0.01,
    });
    const strict = await kAnonymise(duck, {
      baseTable: 'base',
      quasiIdentifiers: qis,
      sensitive: [],
      k: 5,
      suppressionLimit: 0,
    });
    expect(strict.suppressedPersons).toBe(0);
    expect(strict.report.score).toBeGreaterThanOrEqual(loose.report.score);
    expect(strict.levels).not.toEqual(loose.levels);
  });

  it('suppresses classes with fewer than l distinct sensitive values', async () => {
    const result = await kAnonymise(duck, {
      baseTable: 'base',
      quasiIdentifiers: qis,
      sensitive: [{ column: 'diagnosis', l: 2 }],
      k: 2,
      suppressionLimit: 0.05,
    });
    const [row] = (
      await duck.runAndReadAll(
        `select min(d)::int as least from (select count(distinct diagnosis) as d from (${result.selectSql}) group by age_band, sex, geography)`,
      )
    ).getRowObjectsJS();
    expect(Number(row!.least)).toBeGreaterThanOrEqual(2);
  });
});
