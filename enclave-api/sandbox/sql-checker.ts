/**
 * A parser-only DuckDB instance in the API process, so refused SQL gets its 422 at submission instead of after
 * a trip through the queue. It holds no data and can reach no file.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { checkSql } from './sql-guard.ts';
import { tablesOfSerializedSql, type SqlVerdict } from './sql-policy.ts';

export interface SqlChecker {
  check(sql: string, views: readonly string[]): Promise<SqlVerdict>;
  /** The base tables the SQL reads, from its parse (empty when it does not parse). */
  tables(sql: string): Promise<string[]>;
  close(): void;
}

export async function makeSqlChecker(): Promise<SqlChecker> {
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    threads: '1',
    memory_limit: '64MB',
  });
  const setup = await instance.connect();
  await setup.run('set enable_external_access = false');
  await setup.run('set lock_configuration = true');
  setup.closeSync();
  return {
    async check(sql, views) {
      // One connection per check: connections are cheap, and sharing one between concurrent requests is not safe.
      const connection = await instance.connect();
      try {
        return await checkSql(connection, sql, views);
      } finally {
        connection.closeSync();
      }
    },
    async tables(sql) {
      const connection = await instance.connect();
      try {
        const reader = await connection.runAndReadAll('select json_serialize_sql($1::varchar) as tree', [sql]);
        return tablesOfSerializedSql(String(reader.getRowObjects()[0]?.tree));
      } catch {
        return [];
      } finally {
        connection.closeSync();
      }
    },
    close: () => instance.closeSync(),
  };
}
