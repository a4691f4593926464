import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSqlChecker, type SqlChecker } from './sql-checker.ts';
import { isAllowedFunction } from './sql-policy.ts';

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
    "select province, count(*) filter (where name like 'A%') as n, stddev_samp(amount) from grants group by all",
    'select extract(year from paid) as y, list(distinct province order by province)[1:3] from grants group by 1',
    'select person_id, row_number() over (partition by province order by amount desc), lag(amount) over w from grants window w as (order by paid)',
    "select regexp_replace(lower(trim(name)), '[^a-z]', '', 'g'), coalesce(nullif(x, 0), 1)::double / 3 from grants",
    "select date_trunc('month', paid) + interval 1 day, {'a': 1}.a, [x * 2 for x in [1, 2]] from grants",
    'select corr(a, b), regr_slope(a, b), quantile_disc(a, [0.25, 0.75]), arg_max(a, b), approx_count_distinct(a) from grants',
    'select sum(amount) over (order by paid rows between 2 preceding and current row) from grants',
    'select 1 as x\t\r\n from grants',
    'select 1e7 as x, count(*) from grants group by 1e7',
    "select 'Infinity'::double, 12345678901234567890 as big",
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
    ["copy grants to '/tmp/x'", 'not_select'],
    ['pragma version', 'not_select'],
    ['set threads = 8', 'not_select'],
    ["attach ':memory:' as m", 'not_select'],
    ['explain select 1', 'not_select'],
    ['select * from health', 'forbidden_table'],
    ['select * from main.grants', 'forbidden_table'],
    ['select * from memory.main.grants', 'forbidden_table'],
    ["select * from '/etc/passwd'", 'forbidden_table'],
    ['show databases', 'forbidden_table'],
    ["select * from read_parquet('x.parquet')", 'forbidden_table_function'],
    ['select * from duckdb_tables()', 'forbidden_table_function'],
    ["select * from grants, glob('/*')", 'forbidden_table_function'],
    ["select current_setting('memory_limit')", 'forbidden_function'],
    ["select main.current_setting('memory_limit')", 'forbidden_function'],
    ['select version()', 'forbidden_function'],
    ["select (select getenv('HOME'))", 'forbidden_function'],
    ['select * from grants where person_id = (select count(*) from duckdb_settings())', 'forbidden_table_function'],
    ["select pg_get_viewdef('grants')", 'forbidden_function'],
    ["select error(string_agg(person_id, ',')) from grants", 'forbidden_function'],
    ["select json_execute_serialized_sql(json_serialize_sql('select 1'))", 'forbidden_function'],
    ["select * from json_execute_serialized_sql(json_serialize_sql('select 1'))", 'forbidden_table_function'],
    ["select getvariable('x')", 'forbidden_function'],
    ['select current_database(), current_schema()', 'forbidden_function'],
    ['select max(stats(amount)) from grants', 'forbidden_function'],
    ['select error(amount::varchar) over () from grants', 'forbidden_function'],
    [
      'select * from grants where amount > (select max(length(x)) from (select pg_get_constraintdef(1) x))',
      'forbidden_function',
    ],
    ["select list_aggregate([1], 'error')", 'forbidden_function'],
    ['select * from summary(grants)', 'forbidden_table_function'],
    ['select sleep_ms(100)', 'forbidden_function'],
    ['select 1e400', 'syntax'],
    ['select * from grants where amount < -1e999', 'syntax'],
    ['select 1\u0000', 'syntax'],
    ["select '\u0000' from grants", 'syntax'],
    ['select 1 \u0007 from grants', 'syntax'],
    ['select 1 \u007f', 'syntax'],
  ])('refuses %j as %s', async (sql, reason) => {
    expect(await checker.check(sql, VIEWS)).toMatchObject({ verdict: 'fail', reason });
  });

  it('names the control character it refuses', async () => {
    expect(await checker.check('select 1\u0000', VIEWS)).toMatchObject({
      message: expect.stringContaining('U+0000 at character 9'),
    });
  });

  it.each([
    ['read_csv', false],
    ['READ_CSV_AUTO', false],
    ['duckdb_settings', false],
    ['current_setting', false],
    ['error', false],
    ['pg_get_viewdef', false],
    ['sum', true],
    ['SUM', true],
    ['count_star', true],
    ['regexp_matches', true],
    ['~~', true],
  ])('treats function %s as allowed: %s', (name, allowed) => {
    expect(isAllowedFunction(name)).toBe(allowed);
  });
});
