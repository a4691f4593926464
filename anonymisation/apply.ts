/**
 * Applies a chosen generalisation in DuckDB: joins each quasi-identifier to its value → generalised-value map,
 * suppresses the records of failing classes (dropped, or quasi-identifiers set to `*`), keeps every other column,
 * and writes a DuckDB table and/or a zstd Parquet file.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { appendStrings, ident, literal, queryColumns, scratchPrefix } from './duck.ts';
import { SUPPRESSED } from './hierarchy-builders.ts';

export interface ApplyPlan {
  from: string;
  /** Per quasi-identifier: its column and the generalised value of every original value. */
  maps: Array<{ column: string; pairs: Array<readonly [string, string]> }>;
  /** Generalised tuples (in quasi-identifier order) whose records are suppressed. */
  suppressedTuples: string[][];
  suppression: 'remove' | 'mask';
  outputTable?: string;
  outputParquet?: string;
}

/** The SELECT producing the anonymised rows, after creating its helper temp tables (names from `prefix`). */
async function prepareAnonymisedSelect(connection: DuckDBConnection, plan: ApplyPlan, prefix: string): Promise<string> {
  const [names] = await queryColumns(connection, `SELECT column_name FROM (DESCRIBE SELECT * FROM ${plan.from})`);
  const columns = (names ?? []).map(String);
  const qiIndex = new Map(plan.maps.map((m, i) => [m.column, i]));
  for (const [i, map] of plan.maps.entries()) await appendStrings(connection, `${prefix}_gen_${i}`, ['v', 'g'], map.pairs);
  const tupleColumns = plan.maps.map((_, i) => `g${i}`);
  await appendStrings(connection, `${prefix}_suppressed`, tupleColumns, plan.suppressedTuples);
  const joins = plan.maps
    .map((m, i) => `JOIN ${prefix}_gen_${i} m${i} ON coalesce(CAST(src.${ident(m.column)} AS VARCHAR), 'NULL') = m${i}.v`)
    .join(' ');
  const suppressedJoin = `LEFT JOIN ${prefix}_suppressed s ON ${plan.maps.map((_, i) => `s.g${i} = m${i}.g`).join(' AND ')}`;
  const select = columns
    .map((column) => {
      const i = qiIndex.get(column);
      if (i === undefined) return `src.${ident(column)}`;
      if (plan.suppression === 'mask') return `CASE WHEN s.g0 IS NULL THEN m${i}.g ELSE ${literal(SUPPRESSED)} END AS ${ident(column)}`;
      return `m${i}.g AS ${ident(column)}`;
    })
    .join(', ');
  const where = plan.suppression === 'remove' ? 'WHERE s.g0 IS NULL' : '';
  return `SELECT ${select} FROM ${plan.from} src ${joins} ${suppressedJoin} ${where}`;
}

/** Writes the anonymised rows; returns how many rows were written. */
export async function writeAnonymised(connection: DuckDBConnection, plan: ApplyPlan): Promise<number> {
  const prefix = scratchPrefix();
  try {
    return await writeSelect(connection, plan, await prepareAnonymisedSelect(connection, plan, prefix));
  } finally {
    for (let i = 0; i < plan.maps.length; i += 1) await connection.run(`DROP TABLE IF EXISTS ${prefix}_gen_${i}`);
    await connection.run(`DROP TABLE IF EXISTS ${prefix}_suppressed`);
  }
}

async function writeSelect(connection: DuckDBConnection, plan: ApplyPlan, select: string): Promise<number> {
  let rows: number;
  if (plan.outputTable) {
    await connection.run(`CREATE OR REPLACE TABLE ${ident(plan.outputTable)} AS ${select}`);
    const [count] = await queryColumns(connection, `SELECT count(*) FROM ${ident(plan.outputTable)}`);
    rows = Number(count?.[0] ?? 0);
    if (plan.outputParquet) {
      await connection.run(`COPY ${ident(plan.outputTable)} TO ${literal(plan.outputParquet)} (FORMAT parquet, COMPRESSION zstd)`);
    }
  } else if (plan.outputParquet) {
    const reader = await connection.runAndReadAll(`COPY (${select}) TO ${literal(plan.outputParquet)} (FORMAT parquet, COMPRESSION zstd)`);
    rows = reader.rowsChanged;
  } else {
    const [count] = await queryColumns(connection, `SELECT count(*) FROM (${select})`);
    rows = Number(count?.[0] ?? 0);
  }
  return rows;
}
