/**
 * Applies a chosen generalisation in DuckDB: joins each quasi-identifier to its value → generalised-value map,
 * suppresses the records of failing classes (dropped, or quasi-identifiers set to `*`), keeps every other column,
 * and writes a DuckDB table and/or a zstd Parquet file.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { SdfError } from '../platform/index.ts';
import { ident, literal, queryColumns, scratchPrefix } from './duck.ts';
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

/**
 * The SELECT producing the anonymised rows, after creating its helper types and table (names from `prefix`).
 * Each quasi-identifier's value is cast to an ENUM of the map's original values, so its position indexes two
 * constant lists: the generalised value, and that value's part of one integer key per generalised tuple (a mixed
 * radix). Suppressed tuples are then one BIGINT column to anti-join, not a join on every quasi-identifier's text.
 * A value missing from its map has no position and its row is dropped, as by an inner join.
 */
async function prepareAnonymisedSelect(connection: DuckDBConnection, plan: ApplyPlan, prefix: string): Promise<string> {
  const [names] = await queryColumns(connection, `SELECT column_name FROM (DESCRIBE SELECT * FROM ${plan.from})`);
  const columns = (names ?? []).map(String);
  const qiIndex = new Map(plan.maps.map((m, i) => [m.column, i]));
  let radix = 1;
  const keyed = plan.maps.map((map, i) => {
    const generalised = new Map<string, number>();
    for (const [, g] of map.pairs) if (!generalised.has(g)) generalised.set(g, generalised.size);
    const scale = radix;
    radix *= generalised.size;
    return { i, map, generalised, scale };
  });
  if (radix > Number.MAX_SAFE_INTEGER)
    throw new SdfError('bad_input', `${radix} generalised tuples: too many to key as one integer`);
  const positions: string[] = [];
  const parts: string[] = [];
  const labels: string[] = [];
  for (const { i, map, generalised, scale } of keyed) {
    await connection.run(
      `CREATE TYPE ${ident(`${prefix}_e${i}`)} AS ENUM (${map.pairs.map(([v]) => literal(v)).join(', ')})`,
    );
    positions.push(
      `enum_code(TRY_CAST(coalesce(CAST(src.${ident(map.column)} AS VARCHAR), 'NULL') AS ${ident(`${prefix}_e${i}`)})) + 1 AS __sdf_p${i}`,
    );
    labels.push(`[${map.pairs.map(([, g]) => literal(g)).join(', ')}][__sdf_p${i}]`);
    parts.push(
      `(CAST([${map.pairs.map(([, g]) => generalised.get(g)! * scale).join(', ')}] AS BIGINT[]))[__sdf_p${i}]`,
    );
  }
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${ident(`${prefix}_suppressed`)} (k BIGINT)`);
  const appender = await connection.createAppender(`${prefix}_suppressed`);
  for (const tuple of plan.suppressedTuples) {
    appender.appendBigInt(
      BigInt(keyed.reduce((key, { i, generalised, scale }) => key + generalised.get(tuple[i]!)! * scale, 0)),
    );
    appender.endRow();
  }
  appender.closeSync();
  // Each value's position is computed once, in the innermost SELECT, and everything else reads it. A row with a
  // value outside its map has a NULL key and the last WHERE drops it.
  // IN (subquery) is a mark join, which always builds its hash table on the suppressed keys; a LEFT JOIN could be
  // planned to build it on the input's rows instead (a CSV's row count is unknown to the planner)
  const coded = `SELECT src.*, ${positions.join(', ')} FROM ${plan.from} src`;
  const inner = `SELECT *, ${labels.map((label, i) => `${label} AS __sdf_g${i}`).join(', ')}, ${parts.join(' + ')} AS __sdf_k FROM (${coded})`;
  const marked = `SELECT *, __sdf_k IN (SELECT k FROM ${ident(`${prefix}_suppressed`)}) AS __sdf_s FROM (${inner})`;
  const select = columns
    .map((column) => {
      const i = qiIndex.get(column);
      if (i === undefined) return `t.${ident(column)}`;
      if (plan.suppression === 'mask')
        return `CASE WHEN t.__sdf_s THEN ${literal(SUPPRESSED)} ELSE t.__sdf_g${i} END AS ${ident(column)}`;
      return `t.__sdf_g${i} AS ${ident(column)}`;
    })
    .join(', ');
  return `SELECT ${select} FROM (${marked}) t WHERE t.__sdf_k IS NOT NULL${plan.suppression === 'remove' ? ' AND NOT t.__sdf_s' : ''}`;
}

/**
 * Writes the anonymised rows; returns how many rows were written. The rows come out in no particular order: this
 * connection's `preserve_insertion_order` is off while they are written (DuckDB then streams instead of buffering
 * rows to keep their order — 0.86 → 0.32 GB for a 10 M-row Parquet file), and a released table should not keep
 * its rows in the source's order anyway. The connection's own setting is restored afterwards.
 */
export async function writeAnonymised(connection: DuckDBConnection, plan: ApplyPlan): Promise<number> {
  const prefix = scratchPrefix();
  const [setting] = await queryColumns(connection, `SELECT current_setting('preserve_insertion_order')`);
  try {
    await connection.run('SET SESSION preserve_insertion_order = false');
    return await writeSelect(connection, plan, await prepareAnonymisedSelect(connection, plan, prefix));
  } finally {
    await connection.run(`SET SESSION preserve_insertion_order = ${setting?.[0] === false ? 'false' : 'true'}`);
    await connection.run(`DROP TABLE IF EXISTS ${ident(`${prefix}_suppressed`)}`);
    for (let i = 0; i < plan.maps.length; i += 1)
      await connection.run(`DROP TYPE IF EXISTS ${ident(`${prefix}_e${i}`)}`);
  }
}

async function writeSelect(connection: DuckDBConnection, plan: ApplyPlan, select: string): Promise<number> {
  let rows: number;
  if (plan.outputTable) {
    await connection.run(`CREATE OR REPLACE TABLE ${ident(plan.outputTable)} AS ${select}`);
    const [count] = await queryColumns(connection, `SELECT count(*) FROM ${ident(plan.outputTable)}`);
    rows = Number(count?.[0] ?? 0);
    if (plan.outputParquet) {
      await connection.run(
        `COPY ${ident(plan.outputTable)} TO ${literal(plan.outputParquet)} (FORMAT parquet, COMPRESSION zstd)`,
      );
    }
  } else if (plan.outputParquet) {
    // row groups of 32 768 rows rather than DuckDB's 122 880: each writer thread buffers one (1 M rows: ~0.41 → ~0.33 GB peak)
    const reader = await connection.runAndReadAll(
      `COPY (${select}) TO ${literal(plan.outputParquet)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 32768)`,
    );
    rows = reader.rowsChanged;
  } else {
    const [count] = await queryColumns(connection, `SELECT count(*) FROM (${select})`);
    rows = Number(count?.[0] ?? 0);
  }
  return rows;
}
