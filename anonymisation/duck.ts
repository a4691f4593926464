/** Small DuckDB helpers shared by the anonymisation adapters. */
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

import { sqlIdent as ident, sqlString as literal } from '../platform/index.ts';

/** SQL quoting under the names this module uses. */
export { ident, literal };

/** Runs a query and returns its columns as arrays of DuckDB values. */
export async function queryColumns(connection: DuckDBConnection, sql: string): Promise<DuckDBValue[][]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getColumns();
}

/** How {@link streamColumns} keeps a column: INTEGER → Int32Array, DOUBLE → Float64Array, VARCHAR → strings. */
export type ColumnKind = 'int' | 'double' | 'string';
export type StreamedColumn = Int32Array | Float64Array | Array<string | null>;

/**
 * Runs a query and streams its columns chunk by chunk into typed arrays (NULL becomes 0 in a numeric column):
 * hundreds of thousands of rows then cost neither a DuckDB value object per cell nor a second materialised copy.
 */
export async function streamColumns(
  connection: DuckDBConnection,
  sql: string,
  kinds: readonly ColumnKind[],
): Promise<StreamedColumn[]> {
  const result = await connection.stream(sql);
  let capacity = 1024;
  let rows = 0;
  let columns: StreamedColumn[] = kinds.map((kind) =>
    kind === 'int' ? new Int32Array(capacity) : kind === 'double' ? new Float64Array(capacity) : [],
  );
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const n = chunk.rowCount;
    if (rows + n > capacity) {
      while (rows + n > capacity) capacity *= 2;
      columns = columns.map((column) => {
        if (Array.isArray(column)) return column;
        const grown = column instanceof Int32Array ? new Int32Array(capacity) : new Float64Array(capacity);
        grown.set(column.subarray(0, rows));
        return grown;
      });
    }
    for (let c = 0; c < kinds.length; c += 1) {
      const vector = chunk.getColumnVector(c);
      const column = columns[c]!;
      if (Array.isArray(column)) {
        for (let i = 0; i < n; i += 1) column.push(vector.getItem(i) as string | null);
      } else {
        for (let i = 0; i < n; i += 1) column[rows + i] = Number(vector.getItem(i) ?? 0);
      }
    }
    rows += n;
  }
  return columns.map((column) => (Array.isArray(column) ? column : column.slice(0, rows)));
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
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${ident(table)} (${columns.map((c) => `${ident(c)} VARCHAR`).join(', ')})`,
  );
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
  queues.set(
    connection,
    result.catch(() => undefined),
  );
  return result;
}
