/**
 * Perturbation for numeric and date columns, in DuckDB SQL. Noise is seeded and keyed on a stable row or person
 * key, so a rerun gives the same values (DuckDB's `hash` is stable within a DuckDB version). Additive and
 * multiplicative noise are corrected to keep the column's mean exactly; date shifts are one offset per person so
 * intervals between a person's events survive. The seed is a secret: whoever holds it can undo the noise.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { SdfError } from '../platform/index.ts';
import { ident, literal } from './duck.ts';
import type { NoiseReport } from './report.ts';

export interface NoiseSpec {
  column: string;
  /** `additive`: x + amount·sd(x)·z; `multiplicative`: x·(1 + amount·z); z standard normal, then mean-corrected. */
  kind: 'additive' | 'multiplicative';
  amount: number;
}

/** A uniform in (0, 1) from hashing the seed, a salt and the row key. */
function uniformSql(seed: string, salt: string, keyColumn: string): string {
  return `((hash(${literal(`${seed}:${salt}:`)} || CAST(${ident(keyColumn)} AS VARCHAR)) % 4503599627370496)::DOUBLE + 0.5) / 4503599627370496.0`;
}

/** A standard normal (Box–Muller) from the seed, a salt and the row key. */
export function normalSql(seed: string, salt: string, keyColumn: string): string {
  return `(sqrt(-2 * ln(${uniformSql(seed, `${salt}:1`, keyColumn)})) * cos(2 * pi() * ${uniformSql(seed, `${salt}:2`, keyColumn)}))`;
}

/** The noisy value of one column as an SQL expression (uses window aggregates over the whole table). */
export function addNoiseSql(spec: NoiseSpec, seed: string, keyColumn: string): string {
  if (!(spec.amount >= 0)) throw new SdfError('bad_input', `noise amount for ${spec.column} must be ≥ 0`);
  const x = `CAST(${ident(spec.column)} AS DOUBLE)`;
  const z = normalSql(seed, spec.column, keyColumn);
  if (spec.kind === 'additive') {
    // Subtracting the realised mean of the noise keeps the column mean exactly.
    return `${x} + ${spec.amount} * coalesce(stddev_pop(${x}) OVER (), 0) * (${z} - avg(${z}) OVER ())`;
  }
  const noisy = `${x} * (1 + ${spec.amount} * ${z})`;
  return `${noisy} * (sum(${x}) OVER () / nullif(sum(${noisy}) OVER (), 0))`;
}

/** Replaces the columns of `table` with noisy values; returns the noise parameters for the report. */
export async function applyNoise(
  connection: DuckDBConnection,
  table: string,
  specs: readonly NoiseSpec[],
  seed: string,
  keyColumn: string,
): Promise<NoiseReport[]> {
  if (specs.length === 0) return [];
  const replace = specs.map((spec) => `${addNoiseSql(spec, seed, keyColumn)} AS ${ident(spec.column)}`).join(', ');
  await connection.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * REPLACE (${replace}) FROM ${ident(table)}`);
  return specs.map((spec) => ({
    column: spec.column,
    method: `${spec.kind} noise, mean-preserving`,
    parameters: { amount: spec.amount, key: keyColumn },
  }));
}

/**
 * A date shifted by a per-person offset in [−maxDays, maxDays] (never 0 unless maxDays is 0): every date of the
 * same person moves by the same number of days.
 */
export function dateShiftSql(dateColumn: string, personColumn: string, maxDays: number, seed: string): string {
  if (!Number.isInteger(maxDays) || maxDays < 0) throw new SdfError('bad_input', 'maxDays must be a non-negative integer');
  const offset = `(CAST(hash(${literal(`${seed}:shift:`)} || CAST(${ident(personColumn)} AS VARCHAR)) % ${2 * maxDays + 1} AS INTEGER) - ${maxDays})`;
  return `CAST(${ident(dateColumn)} AS DATE) + ${offset}`;
}

/** SQL capping a column at `threshold` from above (top coding). */
export function topCodeSql(column: string, threshold: number): string {
  return `least(${ident(column)}, ${threshold})`;
}

/** SQL raising a column to at least `threshold` (bottom coding). */
export function bottomCodeSql(column: string, threshold: number): string {
  return `greatest(${ident(column)}, ${threshold})`;
}

/** Top coding on values: everything above `threshold` becomes `threshold`. */
export function topCode(values: readonly number[], threshold: number): number[] {
  return values.map((v) => Math.min(v, threshold));
}

/** Bottom coding on values: everything below `threshold` becomes `threshold`. */
export function bottomCode(values: readonly number[], threshold: number): number[] {
  return values.map((v) => Math.max(v, threshold));
}

/** The value at quantile q (0…1) of the values, for choosing top/bottom-coding thresholds. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))]!;
}
