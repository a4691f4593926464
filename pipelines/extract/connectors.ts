/**
 * Connectors: each loads one source's rows changed in the partition window as a DuckDB relation of text
 * columns (validation happens afterwards, the same way for every source). Lines a connector cannot even parse
 * are returned for quarantine.
 */
import { createWriteStream, existsSync, readdirSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { join } from 'node:path';
import type pg from 'pg';
import type { DuckDBConnection } from '@duckdb/node-api';
import { inTransaction, type SdfPaths } from '../../platform/index.ts';
import { extractScratchFile } from '../framework/scratch.ts';
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
  /**
   * SQL relation (a temp table, or a read of a scratch file) with the spec's columns as VARCHAR. Validation reads
   * it a few times, streaming, so a big extract is never held in memory whole.
   */
  relation: string;
  /** Drops the table or deletes the scratch file once validation is done. */
  cleanup(): Promise<void>;
  broken: BrokenLine[];
  details: Record<string, unknown>;
}

function varcharColumns(spec: SourceSpec): string {
  return `{${spec.columns.map((c) => `${sqlString(c.name)}: 'VARCHAR'`).join(', ')}}`;
}

/** A temp table as a loaded source's relation, dropped by `cleanup`. */
export function tempTable(duck: DuckDBConnection, table: string): Pick<LoadedSource, 'relation' | 'cleanup'> {
  return { relation: table, cleanup: () => duck.run(`drop table if exists ${table}`).then(() => undefined) };
}

/**
 * The records of DCI search response envelopes stored one per line (`message.search_response[].data.reg_records`),
 * as a relation of text columns read in place from `file`.
 */
export function dciPagesRelation(spec: SourceSpec, file: string, longestLine: number): string {
  // DuckDB sizes its read buffers from this: as large as the longest page, not a fixed ceiling
  const maximumObjectSize = Math.max(16 * 2 ** 20, 2 ** Math.ceil(Math.log2(longestLine + 2)));
  const record = `STRUCT(${spec.columns.map((c) => `${sqlIdent(c.name)} VARCHAR`).join(', ')})`;
  const message = `STRUCT(search_response STRUCT(data STRUCT(reg_records ${record}[]))[])`;
  const columns = spec.columns.map((c) => sqlIdent(c.name)).join(', ');
  return `(select ${columns} from (
      select unnest(records, max_depth := 2) from (
        select unnest(message.search_response).data.reg_records as records
          from read_json(${sqlString(file)}, format = 'newline_delimited', maximum_object_size = ${maximumObjectSize},
                         columns = {message: ${sqlString(message)}}))))`;
}

/** `YYYY-MM-DDT00:00:00Z` of a validated partition date, safe to inline (COPY takes no parameters). */
function utcMidnight(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a date: ${day}`);
  return `'${day}T00:00:00Z'::timestamptz`;
}

/**
 * Postgres department database: `COPY (select …) TO STDOUT` as CSV in a repeatable-read snapshot, streamed to a
 * scratch file that DuckDB reads in place as text columns.
 */
export async function loadFromPostgres(
  pool: pg.Pool,
  paths: SdfPaths,
  spec: SourceSpec,
  window: ExtractWindow,
): Promise<LoadedSource> {
  const file = extractScratchFile(paths, spec.name, 'csv');
  const select = spec.columns.map((c) => `${sqlIdent(c.name)}::text`).join(', ');
  // the first extract also takes rows without updated_at, so validation quarantines them rather than losing them
  const where = `(updated_at >= ${utcMidnight(window.from ?? '1900-01-01')} and updated_at < ${utcMidnight(window.to)})${window.from ? '' : ' or updated_at is null'}`;
  try {
    await inTransaction(
      pool,
      async (client) => {
        const copy = client.query(
          copyTo(`copy (select ${select} from ${spec.table} where ${where}) to stdout with (format csv)`),
        );
        await pipeline(copy, createWriteStream(file));
      },
      'begin isolation level repeatable read read only',
    );
  } catch (error) {
    rmSync(file, { force: true });
    throw error;
  }
  const columns = spec.columns.map((c) => sqlIdent(c.name)).join(', ');
  return {
    relation: `(select ${columns} from read_csv(${sqlString(file)}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"',
        allow_quoted_nulls = false, columns = ${varcharColumns(spec)}))`,
    cleanup: async () => rmSync(file, { force: true }),
    broken: [],
    details: { connector: 'postgres', table: spec.table },
  };
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
    return { ...tempTable(duck, table), broken: [], details: { connector: 'health_csv', files: 0 } };
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
    ...tempTable(duck, table),
    broken: rejects.map((row) => ({ raw: row.line, reason: `broken CSV line (${row.error.split('\n')[0]})` })),
    details: { connector: 'health_csv', files: files.length },
  };
}
