/** Small DuckDB helpers shared by the anonymisation adapters. */
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

/** Quotes an SQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes an SQL string literal. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Runs a query and returns its columns as arrays of DuckDB values. */
export async function queryColumns(connection: DuckDBConnection, sql: string): Promise<DuckDBValue[][]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getColumns();
}

/** Runs a query and returns its rows as JSON-friendly objects (bigints become numbers when safe). */
export async function queryRows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) out[key] = typeof value === 'bigint' ? Number(value) : value;
    return out;
  });
}

/** A source as a FROM-clause item: a table name, or `(sql)` for a query. */
export function sourceSql(source: { inputSql?: string; inputTable?: string }): string {
  if (source.inputSql) return `(${source.inputSql})`;
  if (source.inputTable) return source.inputTable;
  throw new Error('give inputSql or inputTable');
}

/** Fills a table with string columns through the appender (fast for hundreds of thousands of rows). */
export async function appendStrings(
  connection: DuckDBConnection,
  table: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
): Promise<void> {
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${ident(table)} (${columns.map((c) => `${ident(c)} VARCHAR`).join(', ')})`);
  const appender = await connection.createAppender(table);
  for (const row of rows) {
    for (const cell of row) appender.appendVarchar(cell);
    appender.endRow();
  }
  appender.closeSync();
}

/** A name prefix for one call's helper temp tables, so calls sharing a connection never meet. */
export function scratchPrefix(): string {
  return `__sdf_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

const queues = new WeakMap<DuckDBConnection, Promise<unknown>>();

/**
 * Runs `work` once every earlier call queued on the same connection has finished. A DuckDB connection runs one
 * statement at a time: an appender or a pending result cannot share it with another caller's statements.
 */
export function oneAtATime<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(connection) ?? Promise.resolve();
  const result = previous.then(work, work);
  queues.set(connection, result.catch(() => undefined));
  return result;
}
