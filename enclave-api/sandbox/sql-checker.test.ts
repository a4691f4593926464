import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSqlChecker, type SqlChecker } from './sql-checker.ts';
import { isDeniedFunction } from './sql-policy.ts';

const VIEWS = ['grants', 'population'];

describe('SQL policy on DuckDB parse trees', () => {
  let checker: SqlChecker;
  beforeAll(async () => {
    checker = await makeSqlChecker();
  });
  afterAll(() => checker.close());

  it.each([
    'select * from grants',
    'SELECT province, count(*) FROM grants GROUP BY ALL',
    'from grants select province',
    'with g as (select * from grants) select count(*) from g join population using (person_id)',
    'with recursive t(n) as (select 1 union all select n + 1 from t where n < 10) select * from t',
    'select * from range(10)',
    'select unnest([1, 2, 3])',
    'select * from grants where person_id in (select person_id from population)',
    'select 1 union all select 2',
    'describe grants',
    'summarize grants',
    'select * from grants;',
    'select quantile_cont(x, 0.5) from (values (1), (2)) v(x)',
    'select * from "GRANTS"',
  ])('accepts %s', async (sql) => {
    expect(await checker.check(sql, VIEWS)).toEqual({ verdict: 'pass', reason: '' });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['-- only a comment', 'empty'],
    ['selec * from grants', 'syntax'],
    ['select 1; select 2', 'multiple_statements'],
    ['insert into grants values (1)', 'not_select'],
    ['copy grants to \'/tmp/x\'', 'not_select'],
    ['pragma version', 'not_select'],
    ['set threads = 8', 'not_select'],
    ['attach \':memory:\' as m', 'not_select'],
    ['explain select 1', 'not_select'],
    ['select * from health', 'forbidden_table'],
    ['select * from main.grants', 'forbidden_table'],
    ['select * from memory.main.grants', 'forbidden_table'],
    ["select * from '/etc/passwd'", 'forbidden_table'],
    ['show databases', 'forbidden_table'],
    ["select * from read_parquet('x.parquet')", 'forbidden_table_function'],
    ['select * from duckdb_tables()', 'forbidden_table_function'],
    ['select * from grants, glob(\'/*\')', 'forbidden_table_function'],
    ["select current_setting('memory_limit')", 'forbidden_function'],
    ["select main.current_setting('memory_limit')", 'forbidden_function'],
    ['select version()', 'forbidden_function'],
    ["select (select getenv('HOME'))", 'forbidden_function'],
    ['select * from grants where person_id = (select count(*) from duckdb_settings())', 'forbidden_table_function'],
  ])('refuses %j as %s', async (sql, reason) => {
    expect(await checker.check(sql, VIEWS)).toMatchObject({ verdict: 'fail', reason });
  });

  it.each([
    ['read_csv', true],
    ['READ_CSV_AUTO', true],
    ['duckdb_settings', true],
    ['current_setting', true],
    ['sum', false],
    ['count_star', false],
    ['regexp_matches', false],
  ])('treats function %s as denied: %s', (name, denied) => {
    expect(isDeniedFunction(name)).toBe(denied);
  });
});
