/**
 * Facility-side file work on query results (never researcher SQL): reads a result Parquet in file order, writes
 * its protected copy (blanked cells, every numeric non-key column rounded), hashes it, and renders the five
 * download formats.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { arrowFile } from './arrow-file.ts';
import { XMLBuilder } from 'fast-xml-parser';
import type { ProtectionPlan } from './protect.ts';
import { roundCell, type CellRounding } from './protection.ts';
import { SdfError, sqlIdent as quoteIdent } from '../platform/index.ts';

const quoteText = (text: string) => `'${text.replaceAll("'", "''")}'`;

async function withDuckDb<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Column names, DuckDB types and JSON-safe rows of a result file, in file order. */
export async function readResult(
  path: string,
): Promise<{ columns: string[]; types: string[]; rows: Array<Record<string, unknown>> }> {
  return withDuckDb(async (connection) => {
    const reader = await connection.runAndReadAll(`select * from read_parquet(${quoteText(path)})`);
    return {
      columns: reader.columnNames(),
      types: reader.columnTypes().map((t) => t.toString()),
      rows: reader.getRowObjectsJson() as Array<Record<string, unknown>>,
    };
  });
}

/**
 * Writes `source` with the plan applied to `target` (Parquet, zstd) and returns the rounding each numeric column
 * got. Rounding is computed by `roundCell` (one implementation, tested from a table) and written back in the
 * column's own type; a value that no longer fits its type becomes NULL rather than an error.
 */
export async function writeProtected(
  source: string,
  target: string,
  plan: ProtectionPlan,
): Promise<Record<string, CellRounding>> {
  return withDuckDb(async (connection) => {
    await connection.run(
      `create table t as select row_number() over () - 1 as __r, * from read_parquet(${quoteText(source)})`,
    );
    for (const [column, rows] of plan.byColumn) {
      await connection.run(`update t set ${quoteIdent(column)} = null where __r in (${rows.map(Number).join(', ')})`);
    }
    const applied: Record<string, CellRounding> = {};
    const described = (await connection.runAndReadAll('describe t')).getRowObjects();
    for (const { column_name: name, column_type: type } of described) {
      const column = String(name);
      if (column === '__r' || plan.keys.includes(column)) continue;
      if (NESTED.test(String(type))) {
        // Numbers inside lists, structs or maps cannot be rounded cell by cell: they may not leave unrounded either.
        throw new SdfError(
          'output_not_roundable',
          `column ${column} holds nested values (${String(type)}), which cannot be rounded for release: return plain numbers (unnest or aggregate them)`,
          409,
        );
      }
      if (!NUMERIC.test(String(type))) continue;
      applied[column] = plan.rounding.get(column) ?? plan.otherRounding;
      await roundColumn(connection, column, String(type), applied[column]);
    }
    await connection.run(
      `copy (select * exclude (__r) from t order by __r) to ${quoteText(target)} (format parquet, compression zstd)`,
    );
    return applied;
  });
}

/** A double as a DuckDB literal (NaN and infinities included). */
function doubleLiteral(value: number): string {
  if (Number.isNaN(value)) return `'nan'::double`;
  if (!Number.isFinite(value)) return value > 0 ? `'inf'::double` : `'-inf'::double`;
  return `${String(value)}::double`;
}

async function roundColumn(
  connection: DuckDBConnection,
  column: string,
  type: string,
  rule: CellRounding,
): Promise<void> {
  const c = quoteIdent(column);
  const reader = await connection.runAndReadAll(`select __r, ${c}::double as v from t where ${c} is not null`);
  const values = reader.getRows().map(([r, v]) => `(${Number(r)}, ${doubleLiteral(roundCell(Number(v), rule)!)})`);
  if (values.length === 0) return;
  await connection.run(
    `update t set ${c} = try_cast(v.x as ${type}) from (values ${values.join(', ')}) v(r, x) where t.__r = v.r`,
  );
}

/** Hex SHA-256 of a file or buffer. */
export function sha256(data: string | Buffer): string {
  return createHash('sha256')
    .update(typeof data === 'string' ? readFileSync(data) : data)
    .digest('hex');
}

export const DOWNLOAD_FORMATS = ['csv', 'json', 'xml', 'parquet', 'arrow'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

export const CONTENT_TYPES: Record<DownloadFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  xml: 'application/xml',
  parquet: 'application/vnd.apache.parquet',
  arrow: 'application/vnd.apache.arrow.file',
};

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)(\(\d+,\s*\d+\))?$/;
/** List, array, struct, map and union types (DuckDB's type names). */
const NESTED = /\[\d*\]$|^(STRUCT|MAP|UNION)\(/;

function csvCell(text: string | null): string {
  if (text === null) return '';
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A typed cell as exact text: DuckDB's own rendering of decimals, 64-bit integers, dates and timestamps. */
function cellText(value: DuckDBValue | null): string | null {
  return value === null ? null : String(value);
}

/** A cell in JSON: numbers and booleans as their exact literal (no `Number()` rounding), the rest as strings. */
function jsonCell(type: string, text: string | null): string {
  if (text === null) return 'null';
  if (type === 'BOOLEAN') return text;
  if (NUMERIC.test(type)) return /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text) ? text : JSON.stringify(text);
  return JSON.stringify(text);
}

/** The released file's columns as DuckDB typed them, in file order. */
async function readTyped(
  path: string,
): Promise<{ names: string[]; types: DuckDBType[]; columns: Array<Array<DuckDBValue | null>> }> {
  return withDuckDb(async (connection) => {
    const reader = await connection.runAndReadAll(`select * from read_parquet(${quoteText(path)})`);
    return { names: reader.columnNames(), types: reader.columnTypes(), columns: reader.getColumns() };
  });
}

/**
 * The released file rendered as `format`, from DuckDB's typed result: Parquet as written, Arrow with typed fields
 * (`arrow-file.ts`), and the text formats with every value's exact text (decimals keep their scale, 64-bit integers
 * every digit); JSON lists each column's DuckDB type and nullability (always nullable).
 */
export async function renderDownload(path: string, format: DownloadFormat): Promise<Buffer> {
  if (format === 'parquet') return readFileSync(path);
  const { names, types, columns } = await readTyped(path);
  if (format === 'arrow') return Buffer.from(arrowFile(names, types, columns));
  const typeNames = types.map((t) => t.toString());
  const texts = columns.map((column) => column.map(cellText));
  const rowCount = columns[0]?.length ?? 0;
  const rows = Array.from({ length: rowCount }, (_, r) => texts.map((column) => column[r]!));
  if (format === 'json') {
    const header = JSON.stringify(names.map((name, i) => ({ name, type: typeNames[i], nullable: true })));
    const body = rows.map(
      (row) => `{${row.map((text, i) => `${JSON.stringify(names[i])}:${jsonCell(typeNames[i]!, text)}`).join(',')}}`,
    );
    return Buffer.from(`{"columns":${header},"rows":[${body.join(',')}]}`);
  }
  if (format === 'csv') {
    const lines = [names.map(csvCell).join(','), ...rows.map((row) => row.map(csvCell).join(','))];
    return Buffer.from(`${lines.join('\n')}\n`);
  }
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });
  const xmlRows = rows.map((row) => ({ cell: names.map((name, i) => ({ '@_name': name, '#text': row[i] ?? '' })) }));
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ output: { row: xmlRows } })}`);
}
