/**
 * Hostile SQL: each input must be refused (422) or contained (the query fails), must never return the secret
 * planted in raw data or another project's release, and the enclave must stay healthy and answer the next query.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TEST_LIMITS,
  makeProject,
  makeUser,
  publishTestRelease,
  startTestEnclave,
  type TestEnclave,
} from './enclave-fixtures.ts';

const SECRET = 'SECRET-MARKER-7f3a';

describe('hostile SQL in the enclave', () => {
  let enclave: TestEnclave;
  let token: string;
  let project: string;
  let raw: string;
  let grantsDir: string;
  let healthDir: string;
  let home: string;

  beforeAll(async () => {
    enclave = await startTestEnclave(
      async (pool, paths) => {
        home = paths.home;
        mkdirSync(paths.raw, { recursive: true });
        raw = join(paths.raw, 'population.csv');
        writeFileSync(raw, `id,name\n1,${SECRET}\n`);
        grantsDir = (
          await publishTestRelease(pool, paths, {
            dataset: 'grants',
            select: 'select range as person_id, range % 9 as district from range(100)',
            kind: 'synthetic',
          })
        ).dir;
        healthDir = (
          await publishTestRelease(pool, paths, {
            dataset: 'health',
            select: `select 1 as person_id, '${SECRET}' as diagnosis`,
            kind: 'synthetic',
          })
        ).dir;
        const researcher = await makeUser(pool, 'researcher');
        const other = await makeUser(pool, 'researcher');
        token = researcher.token;
        project = await makeProject(pool, { datasets: ['grants'], members: [researcher.id] });
        await makeProject(pool, { datasets: ['health'], members: [other.id] });
      },
      { limits: { ...TEST_LIMITS, timeoutMs: 2_000 } },
    );
  });
  afterAll(async () => enclave?.stop());

  const HOSTILE: [string, () => string][] = [
    ['read_csv of raw data', () => `select * from read_csv('${raw}')`],
    ['read_csv_auto of raw data', () => `select * from read_csv_auto('${raw}')`],
    ['replacement scan of a raw file', () => `select * from '${raw}'`],
    ['read_parquet of another project release', () => `select * from read_parquet('${healthDir}/part-0.parquet')`],
    [
      'path traversal out of a granted release',
      () => `select * from read_parquet('${grantsDir}/../../health/' || '*/*.parquet')`,
    ],
    ['path traversal into raw data', () => `select * from read_csv('${grantsDir}/../../../raw/population.csv')`],
    ['read_text of /etc/passwd', () => `select * from read_text('/etc/passwd')`],
    ['read_blob of /etc/passwd', () => `select * from read_blob('/etc/passwd')`],
    ['read_json of a raw file', () => `select * from read_json('${raw}')`],
    ['glob over the facility home', () => `select * from glob('${home}/**')`],
    ['parquet_metadata of a release', () => `select * from parquet_metadata('${grantsDir}/part-0.parquet')`],
    ['sniff_csv of raw data', () => `select * from sniff_csv('${raw}')`],
    ['another project dataset by view name', () => `select * from health`],
    ['a schema-qualified catalog table', () => `select * from information_schema.tables`],
    ['pg_catalog settings', () => `select * from pg_catalog.pg_settings`],
    ['COPY to a file', () => `copy grants to '/tmp/enclave-leak.csv'`],
    ['COPY of a query to the temp folder', () => `copy (select 1) to '${home}/tmp/out.parquet' (format parquet)`],
    ['EXPORT DATABASE', () => `export database '/tmp/enclave-export'`],
    ['ATTACH a database file', () => `attach '/tmp/enclave.db' as x`],
    ['INSTALL an extension', () => `install httpfs`],
    ['LOAD an extension', () => `load httpfs`],
    ['SET to reopen external access', () => `set enable_external_access = true`],
    ['SET allowed_directories', () => `set allowed_directories = ['/']`],
    ['RESET the configuration lock', () => `reset lock_configuration`],
    ['PRAGMA', () => `pragma database_list`],
    ['CALL a pragma function', () => `call pragma_version()`],
    ['CREATE TABLE AS', () => `create table t as select * from grants`],
    ['two statements', () => `select 1; select 2`],
    ['a SELECT followed by COPY', () => `select 1; copy grants to '/tmp/enclave-leak2.csv'`],
    ['a statement-closing injection', () => `select * from grants) to '/tmp/x.csv' (format csv); --`],
    ['current_setting probe', () => `select current_setting('allowed_directories') as dirs`],
    ['duckdb_settings() probe', () => `select * from duckdb_settings()`],
    ['getenv probe', () => `select getenv('HOME') as home`],
    ['duckdb_views() probe', () => `select sql from duckdb_views()`],
    ['duckdb_extensions() probe', () => `select * from duckdb_extensions()`],
    ['query() table function', () => `select * from query('select * from read_csv(''${raw}'')')`],
    ['SHOW TABLES', () => `show tables`],
    [
      'infinite recursive CTE',
      () => `with recursive t(n) as (select 1 union all select n + 1 from t) select count(*) from t`,
    ],
    ['huge cross join', () => `select count(*) from range(1000000) a, range(1000000) b`],
    ['memory bomb: a giant list', () => `select list(range) from range(400000000)`],
    ['memory bomb: a giant string', () => `select length(repeat('x', 1500000000)) as n`],
    ['sort bomb', () => `select * from range(2000000000) order by random() limit 1`],
  ];

  it(`has at least 30 hostile inputs (${HOSTILE.length})`, () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(30);
  });

  it.each(HOSTILE)('refuses or contains %s, and stays healthy', async (_label, sql) => {
    const result = await enclave.runQuery(token, { project, sql: sql(), target: 'synthetic' });
    if (result.status === 422) {
      expect(result.body.error.code).toMatch(/^sql_/);
    } else {
      expect(result.status).toBe(200);
      expect(result.body.status).toBe('failed');
      expect(result.body.error.code).toMatch(/^(timeout|out_of_memory|sandbox_crashed|query_error|sql_.*)$/);
    }
    expect(JSON.stringify(result.body)).not.toContain(SECRET);
    expect((await enclave.api('GET', '/health')).status).toBe(200);
    const next = await enclave.runQuery(token, {
      project,
      sql: 'select count(*) as n from grants',
      target: 'synthetic',
    });
    expect(next.body).toMatchObject({ status: 'succeeded', rows: [{ n: '100' }] });
  });

  it('explains why a statement is refused', async () => {
    const copy = await enclave.api('POST', '/api/v1/queries', token, {
      project,
      sql: `copy grants to '/tmp/x.csv'`,
      target: 'synthetic',
    });
    expect(copy.body.error).toEqual({
      code: 'sql_not_select',
      message: 'only a single read-only SELECT statement is accepted',
    });
    const other = await enclave.api('POST', '/api/v1/queries', token, {
      project,
      sql: 'select * from health',
      target: 'synthetic',
    });
    expect(other.body.error.message).toContain('"health" is not a dataset of this project');
  });

  it('accepts ordinary analytical SQL: CTEs, joins, window functions, DESCRIBE', async () => {
    const sql = `with d as (select district, count(*) as n from grants group by district)
                 select d.district, d.n, count(g.person_id) as joined, rank() over (order by d.district) as r
                   from d join grants g using (district) group by d.district, d.n order by d.district limit 3`;
    const result = await enclave.runQuery(token, { project, sql, target: 'synthetic' });
    expect(result.body.status).toBe('succeeded');
    expect(result.body.rows).toHaveLength(3);
    const described = await enclave.runQuery(token, { project, sql: 'describe grants', target: 'synthetic' });
    expect(described.body.rows.map((r: { column_name: string }) => r.column_name)).toEqual(['person_id', 'district']);
  });
});
