/**
 * Connectors: each loads one source's rows changed in the partition window into a DuckDB temp table of text
 * columns (validation happens afterwards, the same way for every source). Lines a connector cannot even parse
 * are returned for quarantine.
 */
import { closeSync, existsSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SdfPaths } from '../../platform/index.ts';
import { queryRows, sqlIdent, sqlString } from '../framework/duck.ts';
import type { SourceSpec } from './sources.ts';

/** Rows changed in `[from, to)`; `from` null means "everything before `to`" (the first extract). */
export interface ExtractWindow {
  from: string | null;
  to: string;
}

export interface BrokenLine {
  raw: string;
  reason: string;
}

export interface LoadedSource {
  /** DuckDB temp table with the spec's columns as VARCHAR. */
  table: string;
  broken: BrokenLine[];
  details: Record<string, unknown>;
}

const FETCH_ROWS = 20_000;

function varcharColumns(spec: SourceSpec): string {
  return `{${spec.columns.map((c) => `${sqlString(c.name)}: 'VARCHAR'`).join(', ')}}`;
}

/** Loads NDJSON written by a connector into the incoming temp table. */
export async function loadNdjson(duck: DuckDBConnection, spec: SourceSpec, file: string, table: string) {
  const columns = spec.columns.map((c) => sqlIdent(c.name)).join(', ');
  await duck.run(`create or replace temp table ${table} as
    select ${columns} from read_json(${sqlString(file)}, format = 'newline_delimited', columns = ${varcharColumns(spec)})`);
}

/** Postgres department database: a server-side cursor streamed as NDJSON (Postgres does the JSON encoding). */
export async function loadFromPostgres(
  pool: pg.Pool,
  duck: DuckDBConnection,
  paths: SdfPaths,
  spec: SourceSpec,
  window: ExtractWindow,
): Promise<LoadedSource> {
  const file = join(paths.tmp, `extract-${spec.name}-${process.pid}-${Date.now()}.ndjson`);
  const table = `incoming_${spec.name}`;
  const client = await pool.connect();
  const fd = openSync(file, 'w');
  let rows = 0;
  try {
    await client.query('begin isolation level repeatable read read only');
    const select = spec.columns.map((c) => `${sqlIdent(c.name)}::text as ${sqlIdent(c.name)}`).join(', ');
    // the first extract also takes rows without updated_at, so validation quarantines them rather than losing them
    const where = `(updated_at >= $1::timestamptz and updated_at < $2::timestamptz)${window.from ? '' : ' or updated_at is null'}`;
    await client.query(
      `declare extract_cursor no scroll cursor for
         select row_to_json(t)::text as j from (select ${select} from ${spec.table} where ${where}) t`,
      [`${window.from ?? '1900-01-01'}T00:00:00Z`, `${window.to}T00:00:00Z`],
    );
    for (;;) {
      const batch = await client.query<{ j: string }>(`fetch ${FETCH_ROWS} from extract_cursor`);
      if (batch.rows.length === 0) break;
      rows += batch.rows.length;
      writeSync(fd, batch.rows.map((row) => row.j).join('\n') + '\n');
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
    closeSync(fd);
  }
  try {
    await loadNdjson(duck, spec, file, table);
  } finally {
    rmSync(file, { force: true });
  }
  return { table, broken: [], details: { connector: 'postgres', table: spec.table, fetched: rows } };
}

const HEALTH_FILE = /^visits-(\d{4}-\d{2}-\d{2})\.csv$/;

/** Daily CSV drops `$SDF_HOME/sources/health/visits-YYYY-MM-DD.csv` whose day falls in the window. */
export async function loadHealthCsv(
  duck: DuckDBConnection,
  paths: SdfPaths,
  spec: SourceSpec,
  window: ExtractWindow,
): Promise<LoadedSource> {
  const dir = join(paths.sources, 'health');
  const files = existsSync(dir)
    ? readdirSync(dir)
        .map((name) => HEALTH_FILE.exec(name))
        .filter((m): m is RegExpExecArray => !!m && (!window.from || m[1]! >= window.from) && m[1]! < window.to)
        .map((m) => join(dir, m[0]))
        .sort()
    : [];
  const table = `incoming_${spec.name}`;
  const columns = spec.columns.map((c) => sqlIdent(c.name)).join(', ');
  if (files.length === 0) {
    await duck.run(`create or replace temp table ${table} as
      select ${spec.columns.map((c) => `null::varchar as ${sqlIdent(c.name)}`).join(', ')} limit 0`);
    return { table, broken: [], details: { connector: 'health_csv', files: 0 } };
  }
  await duck.run(`create or replace temp table ${table} as
    select ${columns} from read_csv([${files.map(sqlString).join(', ')}], header = true, all_varchar = true,
      columns = ${varcharColumns(spec)}, store_rejects = true, rejects_table = 'health_rejects',
      rejects_scan = 'health_reject_scans')`);
  const rejects = await queryRows<{ line: string; error: string }>(
    duck,
    `select distinct on (file_id, line) coalesce(csv_line, '') as line, error_type || ': ' || error_message as error
       from health_rejects order by file_id, line`,
  );
  return {
    table,
    broken: rejects.map((row) => ({ raw: row.line, reason: `broken CSV line (${row.error.split('\n')[0]})` })),
    details: { connector: 'health_csv', files: files.length },
  };
}
