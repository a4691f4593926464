/**
 * An in-process stand-in for the enclave's sandbox in output-check tests: one DuckDB holding a fixture, `run` (the
 * `runSql` the checker expects) and `check` (the full check of one query with the default profile).
 */
import { afterAll, beforeAll } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DEFAULT_PROFILE, checkQueryOutput, type CheckReport, type DatasetView } from '../output-checks/index.ts';

/** Registers beforeAll/afterAll hooks that create `fixture` (DuckDB SQL) and close it. */
export function useDuckChecker(fixture: string, datasets: readonly DatasetView[]) {
  let connection: DuckDBConnection;
  beforeAll(async () => {
    connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run(fixture);
  });
  afterAll(() => connection.closeSync());

  async function run(sql: string) {
    const reader = await connection.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRowObjectsJson() as Array<Record<string, unknown>> };
  }
  async function check(sql: string): Promise<CheckReport> {
    const result = await run(sql);
    return (await checkQueryOutput({ sql, datasets, result, runSql: run, profile: DEFAULT_PROFILE })).report;
  }
  return { run, check };
}
