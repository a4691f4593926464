/**
 * The quasi-identifier histogram: distinct combinations of quasi-identifier (and sensitive) values with their
 * record counts, built once in DuckDB. The search then never touches rows again.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { SdfError } from '../platform/index.ts';
import type { CompiledHierarchy } from './hierarchy.ts';
import { appendStrings, ident, queryColumns, scratchPrefix } from './duck.ts';

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
  /** `counts[g]`: records in group g. */
  counts: Float64Array;
  groups: number;
  records: number;
}

/**
 * Groups the source by quasi-identifiers and sensitive columns in DuckDB and codes every value. Quasi-identifier
 * values are coded in DuckDB too, by a join with each hierarchy's value → code table: reading hundreds of thousands
 * of groups as integers costs a fraction of reading them as strings.
 */
export async function loadHistogram(
  connection: DuckDBConnection,
  from: string,
  hierarchies: CompiledHierarchy[],
  sensitiveColumns: string[] = [],
): Promise<Histogram> {
  const prefix = scratchPrefix();
  try {
    for (const [c, h] of hierarchies.entries()) {
      await appendStrings(connection, `${prefix}_q${c}`, ['v', 'code'], [...h.index].map(([v, code]) => [v, String(code)]));
    }
    return await groupAndCode(connection, from, hierarchies, sensitiveColumns, prefix);
  } finally {
    for (let c = 0; c < hierarchies.length; c += 1) await connection.run(`DROP TABLE IF EXISTS ${ident(`${prefix}_q${c}`)}`);
  }
}

async function groupAndCode(
  connection: DuckDBConnection,
  from: string,
  hierarchies: CompiledHierarchy[],
  sensitiveColumns: string[],
  prefix: string,
): Promise<Histogram> {
  const q = hierarchies.length;
  const grouped = [
    ...hierarchies.map((h, c) => `coalesce(CAST(${ident(h.column)} AS VARCHAR), 'NULL') AS c${c}`),
    ...sensitiveColumns.map((column, s) => `CAST(${ident(column)} AS VARCHAR) AS c${q + s}`),
  ].join(', ');
  const select = [
    ...hierarchies.map((_, c) => `CAST(q${c}.code AS INTEGER)`),
    ...hierarchies.map((_, c) => `CASE WHEN q${c}.code IS NULL THEN g.c${c} END`),
    ...sensitiveColumns.map((_, s) => `g.c${q + s}`),
    'g.n',
    'g.first',
  ].join(', ');
  const joins = hierarchies.map((_, c) => `LEFT JOIN ${ident(`${prefix}_q${c}`)} q${c} ON g.c${c} = q${c}.v`).join(' ');
  // row_number() OVER () is DuckDB's streaming window: it numbers rows in input order without a sort
  const data = await queryColumns(
    connection,
    `SELECT ${select} FROM (SELECT ${grouped}, count(*) AS n, min(r) AS first
       FROM (SELECT *, row_number() OVER () AS r FROM ${from}) GROUP BY ALL) g ${joins}`,
  );
  const groups = data[0]?.length ?? 0;
  const qi = hierarchies.map((h, c) => {
    const missing = new Set<string>();
    data[q + c]!.forEach((value) => value !== null && missing.add(String(value)));
    if (missing.size > 0) {
      const some = [...missing].slice(0, 5).map((v) => JSON.stringify(v)).join(', ');
      throw new SdfError('bad_hierarchy', `${h.column}: ${missing.size} values not in the hierarchy, e.g. ${some}`);
    }
    return Int32Array.from(data[c]! as number[]);
  });
  const sensitiveLabels: string[][] = [];
  const sensitive = sensitiveColumns.map((_, s) => {
    const dictionary = new Map<string, number>();
    const codes = new Int32Array(groups);
    data[2 * q + s]!.forEach((value, g) => {
      const key = value === null ? 'NULL' : String(value);
      let code = dictionary.get(key);
      if (code === undefined) dictionary.set(key, (code = dictionary.size));
      codes[g] = code;
    });
    sensitiveLabels.push([...dictionary.keys()]);
    return codes;
  });
  const counts = new Float64Array(groups);
  let records = 0;
  data[2 * q + sensitiveColumns.length]!.forEach((n, g) => {
    counts[g] = Number(n);
    records += Number(n);
  });
  const valueOrder = firstAppearance(qi, hierarchies, Float64Array.from(data[2 * q + sensitiveColumns.length + 1]!, Number));
  return { hierarchies, qi, valueOrder, sensitiveColumns, sensitive, sensitiveLabels, counts, groups, records };
}

/** Each quasi-identifier's codes in order of first appearance, from each group's first row. */
function firstAppearance(qi: Int32Array[], hierarchies: CompiledHierarchy[], firstRow: Float64Array): Int32Array[] {
  const groups = Int32Array.from(firstRow.keys()).sort((a, b) => firstRow[a]! - firstRow[b]!);
  return qi.map((codes, c) => {
    const seen = new Uint8Array(hierarchies[c]!.codes[0]!.length);
    const order: number[] = [];
    for (const g of groups) {
      if (seen[codes[g]!]) continue;
      seen[codes[g]!] = 1;
      order.push(codes[g]!);
    }
    return Int32Array.from(order);
  });
}
