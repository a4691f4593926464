/** Quoting for SQL text built in code (DuckDB and PostgreSQL quote alike): one place instead of a copy per module. */

/** A SQL string literal: `it's` → `'it''s'`. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier: `a"b` → `"a""b"`. */
export function sqlIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
