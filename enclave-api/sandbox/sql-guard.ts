/**
 * Parses researcher SQL with DuckDB's own parser and applies the SQL policy. Used by the API (to answer 422
 * before queueing) and again by the sandbox worker just before it runs the statement.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { judgeSerializedSql, type SqlVerdict } from './sql-policy.ts';

/** Maximum accepted SQL text length, in characters. */
export const MAX_SQL_LENGTH = 100_000;

/**
 * Control characters SQL may not contain: all of C0 but tab and line breaks, and DEL. A NUL cannot even be stored
 * in Postgres text, and none of them belongs in a query.
 */
export const SQL_CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The first control character of `sql` as `U+0000 at character 12`, or null when there is none. */
export function findControlCharacter(sql: string): string | null {
  const match = SQL_CONTROL_CHARACTER.exec(sql);
  if (!match) return null;
  return `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at character ${match.index + 1}`;
}

/**
 * Checks that `sql` is exactly one SELECT that reads only `views`. The connection needs no data; it should be
 * locked down (no external access) because the parser functions run inside it.
 */
export async function checkSql(
  connection: DuckDBConnection,
  sql: string,
  views: readonly string[],
): Promise<SqlVerdict> {
  if (sql.trim() === '') return { verdict: 'fail', reason: 'empty', message: 'no SQL statement given' };
  if (sql.length > MAX_SQL_LENGTH) {
    return { verdict: 'fail', reason: 'syntax', message: `SQL longer than ${MAX_SQL_LENGTH} characters` };
  }
  const control = findControlCharacter(sql);
  if (control) {
    return { verdict: 'fail', reason: 'syntax', message: `SQL contains a control character (${control}); remove it` };
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
