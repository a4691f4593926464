/**
 * The quasi-identifier histogram: distinct combinations of quasi-identifier (and sensitive) values with their
 * record counts, built once in DuckDB. The search then never touches rows again.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { SdfError } from '../platform/index.ts';
import type { CompiledHierarchy } from './hierarchy.ts';
import { ident, literal, queryColumns, scratchPrefix, streamColumns, type ColumnKind } from './duck.ts';

export interface Histogram {
  /** The quasi-identifiers' compiled hierarchies, in input order. */
  hierarchies: CompiledHierarchy[];
  /** `qi[c][g]`: level-0 code of quasi-identifier c in group g. */
  qi: Int32Array[];
  /** Sensitive column names and `sensitive[s][g]`: code of the sensitive value (dictionary `sensitiveLabels[s]`). */
  sensitiveColumns: string[];
  sensitive: Int32Array[];
  sensitiveLabels: string[][];
  /**
   * `valueOrder[c]`: quasi-identifier c's level-0 codes in order of first appearance in the input, when known.
   * ARX's dictionary has this order, and its entropy sums run in it: summing in the same order gives its scores
   * to the last digit.
   */
  valueOrder?: Int32Array[];
  /**
   * `firstRow[g]`: position in the input of group g's first record (0 = first row), loaded only on request
   * (Grassberger entropy-l-diversity needs it to follow the order in which ARX's per-class table receives values).
   */
  firstRow?: Float64Array;
  /** `counts[g]`: records in group g. */
  counts: Float64Array;
  groups: number;
  records: number;
}

/**
 * Groups the source by quasi-identifiers and sensitive columns in DuckDB and codes every value. Each
 * quasi-identifier is cast to an ENUM of its hierarchy's original values, whose position is the value's code: the
 * rows are grouped on small integers rather than on text (half the memory and less time at 10 M rows), and the
 * groups come back as integers. A value outside its hierarchy has no position; only then is it read as text.
 */
export async function loadHistogram(
  connection: DuckDBConnection,
  from: string,
  hierarchies: CompiledHierarchy[],
  sensitiveColumns: string[] = [],
  options: { firstRows?: boolean } = {},
): Promise<Histogram> {
  const prefix = scratchPrefix();
  const types = hierarchies.map((_, c) => ident(`${prefix}_q${c}`));
  try {
    for (const [c, h] of hierarchies.entries()) {
      await connection.run(`CREATE TYPE ${types[c]} AS ENUM (${h.labels[0]!.map(literal).join(', ')})`);
    }
    return await groupAndCode(
      connection,
      from,
      hierarchies,
      sensitiveColumns,
      types,
      options.firstRows ? ident(`${prefix}_row`) : undefined,
    );
  } finally {
    for (const type of types) await connection.run(`DROP TYPE IF EXISTS ${type}`);
  }
}

async function groupAndCode(
  connection: DuckDBConnection,
  from: string,
  hierarchies: CompiledHierarchy[],
  sensitiveColumns: string[],
  types: string[],
  row: string | undefined, // a fresh column name to number the rows with, when the groups' first rows are wanted
): Promise<Histogram> {
  const q = hierarchies.length;
  const value = (h: CompiledHierarchy) => `coalesce(CAST(${ident(h.column)} AS VARCHAR), 'NULL')`;
  const grouped = [
    ...hierarchies.map((h, c) => `enum_code(TRY_CAST(${value(h)} AS ${types[c]})) AS c${c}`),
    ...sensitiveColumns.map((column, s) => `CAST(${ident(column)} AS VARCHAR) AS c${q + s}`),
  ].join(', ');
  const select = [
    ...hierarchies.map((_, c) => `coalesce(CAST(c${c} AS INTEGER), -1)`),
    ...sensitiveColumns.map((_, s) => `c${q + s}`),
    'CAST(n AS DOUBLE)',
    ...(row ? ['CAST(first_row AS DOUBLE)'] : []),
  ].join(', ');
  const kinds: ColumnKind[] = [
    ...hierarchies.map(() => 'int' as const),
    ...sensitiveColumns.map(() => 'string' as const),
    'double',
    ...(row ? ['double' as const] : []),
  ];
  // numbering the rows keeps the scan in input order and costs more than the grouping: only when asked
  const source = row ? `(SELECT *, row_number() OVER () - 1 AS ${row} FROM ${from})` : from;
  const data = await streamColumns(
    connection,
    `SELECT ${select} FROM (SELECT ${grouped}, count(*) AS n${row ? `, min(${row}) AS first_row` : ''} FROM ${source} GROUP BY ALL)`,
    kinds,
  );
  const qi = data.slice(0, q) as Int32Array[];
  const groups = qi[0]?.length ?? 0;
  for (const [c, h] of hierarchies.entries()) {
    if (!qi[c]!.includes(-1)) continue;
    const [missing] = await queryColumns(
      connection,
      `SELECT DISTINCT ${value(h)} FROM ${from} WHERE TRY_CAST(${value(h)} AS ${types[c]}) IS NULL`,
    );
    const values = (missing ?? []).map(String);
    const some = values
      .slice(0, 5)
      .map((v) => JSON.stringify(v))
      .join(', ');
    throw new SdfError('bad_hierarchy', `${h.column}: ${values.length} values not in the hierarchy, e.g. ${some}`);
  }
  const dictionaries = sensitiveColumns.map(() => new Map<string, number>());
  const firstCodes = sensitiveColumns.map((_, s) => {
    const dictionary = dictionaries[s]!;
    return Int32Array.from(data[q + s] as Array<string | null>, (label) => {
      const key = label ?? 'NULL';
      let code = dictionary.get(key);
      if (code === undefined) dictionary.set(key, (code = dictionary.size));
      return code;
    });
  });
  const orders = await firstAppearance(connection, from, [
    ...hierarchies.map((h, c) => ({
      sql: value(h),
      codeOf: (v: string) => h.index.get(v)!,
      codes: qi[c]!,
      domain: h.codes[0]!.length,
    })),
    ...sensitiveColumns.map((column, s) => ({
      sql: `coalesce(CAST(${ident(column)} AS VARCHAR), 'NULL')`,
      codeOf: (v: string) => dictionaries[s]!.get(v)!,
      codes: firstCodes[s]!,
      domain: dictionaries[s]!.size,
    })),
  ]);
  const valueOrder = orders.slice(0, q);
  // sensitive values are coded in order of first appearance, as ARX's dictionary codes them
  const sensitiveLabels: string[][] = [];
  const sensitive = sensitiveColumns.map((_, s) => {
    const order = orders[q + s]!;
    const labels = [...dictionaries[s]!.keys()];
    const recode = new Int32Array(labels.length);
    order.forEach((code, position) => (recode[code] = position));
    sensitiveLabels.push(Array.from(order, (code) => labels[code]!));
    return firstCodes[s]!.map((code) => recode[code]!);
  });
  const counts = data[q + sensitiveColumns.length] as Float64Array;
  const firstRow = row ? (data[q + sensitiveColumns.length + 1] as Float64Array) : undefined;
  let records = 0;
  for (let g = 0; g < groups; g += 1) records += counts[g]!;
  return {
    hierarchies,
    qi,
    valueOrder,
    sensitiveColumns,
    sensitive,
    sensitiveLabels,
    firstRow,
    counts,
    groups,
    records,
  };
}

const FIRST_APPEARANCE_ROWS = 100_000;

/** A coded column whose first appearances are wanted: its value as SQL text, the value's code, the codes present. */
interface OrderedColumn {
  sql: string;
  codeOf: (value: string) => number;
  codes: Int32Array;
  domain: number;
}

/**
 * Each column's codes in order of first appearance in the input. The rows are streamed in input order only until
 * every value present has been seen (a few thousand rows, usually), instead of numbering every row (DuckDB's
 * `row_number() OVER ()` keeps the scan in order and cost two thirds of the histogram at 10 M rows).
 */
async function firstAppearance(
  connection: DuckDBConnection,
  from: string,
  columns: OrderedColumn[],
): Promise<Int32Array[]> {
  const seen = columns.map((column) => new Uint8Array(column.domain));
  const present = columns.map((column, c) => {
    for (const code of column.codes) seen[c]![code] = 1;
    const count = seen[c]!.reduce((n, x) => n + x, 0);
    seen[c]!.fill(0);
    return count;
  });
  const orders: number[][] = columns.map(() => []);
  let open = present.filter((count) => count > 0).length;
  // A LIMIT first: a scan left unfinished still reads ahead, and a limited one stops (all values are usually seen
  // in the first thousands of rows). Rescanning from the start after it is harmless: seen values are skipped.
  for (const limit of [FIRST_APPEARANCE_ROWS, undefined]) {
    if (open === 0) break;
    const result = await connection.stream(
      `SELECT ${columns.map((c) => c.sql).join(', ')} FROM ${from}${limit === undefined ? '' : ` LIMIT ${limit}`}`,
    );
    for (
      let chunk = await result.fetchChunk();
      open > 0 && chunk && chunk.rowCount > 0;
      chunk = await result.fetchChunk()
    ) {
      for (const [c, column] of columns.entries()) {
        if (orders[c]!.length === present[c]) continue;
        const vector = chunk.getColumnVector(c);
        for (let i = 0; i < chunk.rowCount && orders[c]!.length < present[c]!; i += 1) {
          const code = column.codeOf(vector.getItem(i) as string);
          if (seen[c]![code]) continue;
          seen[c]![code] = 1;
          orders[c]!.push(code);
        }
        if (orders[c]!.length === present[c]) open -= 1;
      }
    }
  }
  return orders.map((order) => Int32Array.from(order));
}
