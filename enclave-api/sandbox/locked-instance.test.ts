/**
 * The DuckDB configuration alone (without the SQL policy) must keep files, settings and extensions out of reach.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocked } from './locked-instance.ts';

describe('the locked DuckDB instance, without the SQL policy', () => {
  const root = mkdtempSync(join(tmpdir(), 'sdf-locked-'));
  const release = join(root, 'releases', 'grants', 'v1');
  const other = join(root, 'releases', 'health', 'v1');
  const raw = join(root, 'raw');
  let connection: DuckDBConnection;
  let close: () => void;

  beforeAll(async () => {
    for (const dir of [release, other, raw]) mkdirSync(dir, { recursive: true });
    writeFileSync(join(raw, 'population.csv'), 'id,name\n1,secret\n');
    const writer = await (await DuckDBInstance.create(':memory:')).connect();
    await writer.run(
      `copy (select range as person_id from range(10)) to '${join(release, 'part-0.parquet')}' (format parquet)`,
    );
    await writer.run(`copy (select 'secret' as diagnosis) to '${join(other, 'part-0.parquet')}' (format parquet)`);
    const { instance } = await openLocked({
      views: [{ name: 'grants', files: [join(release, 'part-0.parquet')] }],
      readDirs: [release],
      tempDir: join(root, 'tmp'),
      writeDir: null,
      memoryLimit: '128MB',
      threads: 1,
    });
    connection = await instance.connect();
    close = () => {
      connection.closeSync();
      instance.closeSync();
      rmSync(root, { recursive: true, force: true });
    };
  });
  afterAll(() => close?.());

  it('reads its dataset view', async () => {
    const reader = await connection.runAndReadAll('select count(*)::int as n from grants');
    expect(reader.getRowObjects()).toEqual([{ n: 10 }]);
  });

  it.each([
    ['raw data', () => `select * from read_csv('${join(raw, 'population.csv')}')`],
    ['another release', () => `select * from read_parquet('${join(other, 'part-0.parquet')}')`],
    ['a traversal out of the release', () => `select * from read_parquet('${release}/../../health/v1/part-0.parquet')`],
    ['/etc/passwd', () => `select * from read_text('/etc/passwd')`],
    ['a glob of the root', () => `select * from glob('${root}/*')`],
    // DuckDB's allowed_directories grants writing as well as reading, so writes into a release folder are
    // stopped by the single-SELECT rule (sql-policy), not here; writes anywhere else are stopped here too.
    ['a write outside the allowed folders', () => `copy (select 1) to '${join(raw, 'x.csv')}'`],
    ['an ATTACH', () => `attach '${join(root, 'x.db')}' as x`],
    ['an INSTALL', () => 'install httpfs'],
    ['a LOAD', () => 'load httpfs'],
    ['reopening external access', () => 'set enable_external_access = true'],
    ['widening allowed directories', () => `set allowed_directories = ['/']`],
    ['raising the memory limit', () => `set memory_limit = '64GB'`],
    ['unlocking the configuration', () => 'set lock_configuration = false'],
  ])('refuses %s', async (_label, sql) => {
    await expect(connection.run(sql())).rejects.toThrow();
  });
});
