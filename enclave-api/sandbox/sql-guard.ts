/**
 * Parses researcher SQL with DuckDB's own parser and applies the SQL policy. Used by the API (to answer 422
 * before queueing) and again by the sandbox worker just before it runs the statement.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { judgeSerializedSql, type SqlVerdict } from './sql-policy.ts';

/** Maximum accepted SQL text length, in characters. */
export const MAX_SQL_LENGTH = 100_000;

/**
 * Checks that `sql` is exactly one SELECT that reads only `views`. The connection needs no data; it should be
 * locked down (no external access) because the parser functions run inside it.
 */
export async function checkSql(connection: DuckDBConnection, sql: string, views: readonly string[]): Promise<SqlVerdict> {
  if (sql.trim() === '') return { verdict: 'fail', reason: 'empty', message: 'no SQL statement given' };
  if (sql.length > MAX_SQL_LENGTH) {
    return { verdict: 'fail', reason: 'syntax', message: `SQL longer than ${MAX_SQL_LENGTH} characters` };
  }
  // The statement count comes from the parser's splitter (it sees every statement type); when it cannot split
  // (a syntax error, or nothing but comments) json_serialize_sql below reports the reason.
  const count = await connection.extractStatements(sql).then(
    (extracted) => extracted.count,
    () => null,
  );
  if (count === 0) return { verdict: 'fail', reason: 'empty', message: 'no SQL statement given' };
  if (count !== null && count > 1) {
    return { verdict: 'fail', reason: 'multiple_statements', message: 'only one statement is accepted per query' };
  }
  const reader = await connection.runAndReadAll('select json_serialize_sql($1::varchar) as tree', [sql]);
  const tree = reader.getRowObjects()[0]?.tree;
  return judgeSerializedSql(String(tree), views);
}
