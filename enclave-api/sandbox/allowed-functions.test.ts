/**
 * Ties the allow-list to what DuckDB really ships: every function in `duckdb_functions()` (scalar, aggregate,
 * window, macro, table, pragma) is called every way SQL can call it, and the policy must pass exactly the listed
 * ones. A DuckDB upgrade that adds a function, or a list edit, shows up here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { deriveCompanionQuery, differencingQuery } from '../../output-checks/index.ts';
import { sqlIdent as quoted } from '../../platform/index.ts';
import { ALLOWED_FUNCTIONS, ALLOWED_TABLE_FUNCTIONS, isAllowedFunction, judgeSerializedSql } from './sql-policy.ts';

const VIEWS = ['grants'];

/** The ways to call a function by name, and the function names each call's parse tree must contain. */
const CALLS = {
  scalar: (name: string) => `select ${quoted(name)}(1) as x from grants`,
  window: (name: string) => `select ${quoted(name)}(1) over (order by 1) as x from grants`,
  table: (name: string) => `select * from ${quoted(name)}(1)`,
} as const;
type CallKind = keyof typeof CALLS;

let connection: DuckDBConnection;
let shipped: string[];

async function serialize(sql: string): Promise<string> {
  const reader = await connection.runAndReadAll('select json_serialize_sql($1::varchar) as tree', [sql]);
  return String(reader.getRowObjects()[0]?.tree);
}

/** Names whose `kind` call the policy passes; each call must parse to a call of that very name. */
async function passing(kind: CallKind): Promise<string[]> {
  const passed: string[] = [];
  for (const name of shipped) {
    const tree = await serialize(CALLS[kind](name));
    expect(tree, `${kind} call of ${name} should parse to a call of ${name}`).toContain(
      `"function_name":${JSON.stringify(name.toLowerCase())}`,
    );
    if (judgeSerializedSql(tree, VIEWS).verdict === 'pass') passed.push(name);
  }
  return passed;
}

beforeAll(async () => {
  connection = await (await DuckDBInstance.create(':memory:')).connect();
  const reader = await connection.runAndReadAll('select distinct function_name from duckdb_functions() order by 1');
  shipped = reader.getRows().map((row) => String(row[0]));
});
afterAll(() => connection.closeSync());

describe('the function allow-list against DuckDB’s catalog', () => {
  it('sees the whole catalog, macros and table functions included', () => {
    expect(shipped.length).toBeGreaterThan(500);
    expect(shipped).toEqual(
      expect.arrayContaining(['pg_get_viewdef', 'read_csv', 'error', 'sum', 'json_execute_serialized_sql']),
    );
  });

  it('lists only functions DuckDB ships (no stale or misspelt entries)', () => {
    const known = new Set(shipped.map((n) => n.toLowerCase()));
    expect([...ALLOWED_FUNCTIONS, ...ALLOWED_TABLE_FUNCTIONS].filter((n) => !known.has(n))).toEqual([]);
  });

  it('passes a scalar or aggregate call of exactly the listed functions', async () => {
    expect(await passing('scalar')).toEqual(shipped.filter((n) => ALLOWED_FUNCTIONS.has(n.toLowerCase())));
  });

  it('passes a window call of exactly the listed functions', async () => {
    expect(await passing('window')).toEqual(shipped.filter((n) => ALLOWED_FUNCTIONS.has(n.toLowerCase())));
  });

  it('passes a table-function call of exactly the listed table functions', async () => {
    expect(await passing('table')).toEqual(shipped.filter((n) => ALLOWED_TABLE_FUNCTIONS.has(n.toLowerCase())));
  });

  it.each([
    'error',
    'query',
    'query_table',
    'getvariable',
    'current_setting',
    'getenv',
    'pg_get_viewdef',
    'pg_get_constraintdef',
    'pg_get_expr',
    'current_database',
    'current_schema',
    'current_schemas',
    'current_query',
    'current_catalog',
    'current_user',
    'version',
    'platform',
    'json_execute_serialized_sql',
    'json_serialize_sql',
    'json_deserialize_sql',
    'json_serialize_plan',
    'read_csv',
    'read_text',
    'read_blob',
    'glob',
    'duckdb_settings',
    'duckdb_views',
    'duckdb_functions',
    'which_secret',
    'write_log',
    'sleep_ms',
    'pg_sleep',
    'stats',
    'nextval',
    'currval',
    'setseed',
    'list_aggregate',
    'aggregate',
    'in_search_path',
    'summary',
    'parse_duckdb_log_message',
    'get_block_size',
    'pg_size_pretty',
    'geomean',
    'weighted_avg',
    'json_group_array',
  ])('refuses %s', (name) => {
    expect(isAllowedFunction(name)).toBe(false);
    expect(isAllowedFunction(name.toUpperCase())).toBe(false);
  });

  it.each([
    ['select province, count(*) as n, sum(amount) as total from grants group by province'],
    ['select province, median(amount), quantile_cont(amount, 0.9) as p90 from grants where amount > 1000 group by 1'],
    ["select date_trunc('month', paid) as m, avg(amount) filter (where flag = 1) from grants group by all"],
  ])('passes the companion and differencing queries the output checker runs for %s', async (sql) => {
    const companion = await deriveCompanionQuery(sql, [{ name: 'grants', pseudonymColumn: 'person_id' }]);
    expect(judgeSerializedSql(await serialize(companion.sql!), VIEWS)).toEqual({ verdict: 'pass', reason: '' });
    const released = [
      {
        id: 'c1',
        description: 'x',
        persons: 20,
        outputSql: 'SELECT 1 AS __g0, 2 AS __person FROM grants',
        keyCount: 1,
        key: '["1"]',
      },
    ];
    const differencing = differencingQuery({ outputSql: companion.populationSql!, keyCount: 1 }, released, 10);
    expect(judgeSerializedSql(await serialize(differencing!.sql), VIEWS)).toEqual({ verdict: 'pass', reason: '' });
  });
});
