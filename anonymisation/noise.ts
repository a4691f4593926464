/**
 * Perturbation for numeric and date columns, in DuckDB SQL: the one implementation the pipelines and
 * `anonymiseTable` use. Noise is uniform, seeded and keyed on the row's stable key columns (a person, say) and the
 * value itself, so the same person with the same value gets the same noise on every night — averaging releases
 * does not wash it out — and nothing depends on the rest of the table. It is unbiased, so a column mean moves by
 * at most a few standard errors (see {@link noiseMeanStandardError}). A noised value never equals its input except
 * where the noise is zero by design (multiplicative noise on 0, and NULL). Top and bottom coding apply before the
 * noise. Dates shift by one offset per person so intervals between a person's events survive. The seed is a
 * secret: whoever holds it can undo the noise.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { SdfError } from '../platform/index.ts';
import { ident, literal } from './duck.ts';
import type { NoiseReport } from './report.ts';

export interface NoiseSpec {
  column: string;
  /**
   * `multiplicative`: x·(1 + d) with d uniform in ±amount (0.05 = ±5 %); `additive`: x + d with d uniform in
   * ±amount, in the column's units.
   */
  kind: 'additive' | 'multiplicative';
  amount: number;
  /** Values above this are set to it before the noise (top coding). */
  topCode?: number | null;
  /** Values below this are set to it before the noise (bottom coding). */
  bottomCode?: number | null;
  /** Decimal places of the published value (default 2). */
  decimals?: number;
}

const HASH_RANGE = 4503599627370496; // 2^52: exactly representable, so the uniform has 52 bits

/**
 * A uniform in (0, 1) from hashing the seed, a salt and the key expressions; (n + ½) / 2^52 is never exactly ½,
 * so the noise built from it is never zero.
 */
function uniformSql(seed: string, salt: string, keys: readonly string[]): string {
  return `((hash(${[literal(`${seed}:${salt}`), ...keys].join(', ')}) % ${HASH_RANGE})::DOUBLE + 0.5) / ${HASH_RANGE}.0`;
}

/** The input of the noise: the column as DOUBLE, top- and bottom-coded. */
function codedSql(spec: NoiseSpec): string {
  let x = `CAST(${ident(spec.column)} AS DOUBLE)`;
  if (spec.topCode !== undefined && spec.topCode !== null) x = `least(${x}, ${spec.topCode})`;
  if (spec.bottomCode !== undefined && spec.bottomCode !== null) x = `greatest(${x}, ${spec.bottomCode})`;
  return x;
}

/**
 * The published value of one column as an SQL expression over one row (no window, no aggregate). `keyColumns` are
 * the stable key (e.g. `person_id`); the raw value is hashed with them.
 */
export function noiseSql(spec: NoiseSpec, seed: string, keyColumns: readonly string[]): string {
  if (!(spec.amount > 0)) throw new SdfError('bad_input', `noise amount for ${spec.column} must be > 0`);
  const decimals = spec.decimals ?? 2;
  if (!Number.isInteger(decimals) || decimals < 0)
    throw new SdfError('bad_input', `decimals for ${spec.column} must be a whole number ≥ 0`);
  const raw = `CAST(${ident(spec.column)} AS DOUBLE)`;
  const coded = codedSql(spec);
  const d = `(${spec.amount} * (2 * ${uniformSql(seed, spec.column, [...keyColumns.map(ident), raw])} - 1))`;
  const rounded = `round(${spec.kind === 'multiplicative' ? `${coded} * (1 + ${d})` : `${coded} + ${d}`}, ${decimals})`;
  // Rounding can undo a small noise; then step one unit of the last decimal in the noise's direction (two if the
  // first step lands on the other of raw and coded value, which differ only when coding moved the value).
  const step = `sign(${d}) * ${10 ** -decimals}`;
  const zeroByDesign = spec.kind === 'multiplicative' ? `${coded} = 0` : 'false';
  return `(case when ${raw} is null or ${zeroByDesign} then ${coded}
    when ${rounded} not in (${raw}, ${coded}) then ${rounded}
    when ${rounded} + ${step} not in (${raw}, ${coded}) then ${rounded} + ${step}
    else ${rounded} + 2 * ${step} end)`;
}

/**
 * The standard error of a column mean that the noise adds, for the coded values `values`: d uniform in ±a has
 * variance a²/3, so the mean moves with SD a/√3 · √(Σx²)/n (multiplicative) or a/√(3n) (additive).
 */
export function noiseMeanStandardError(spec: Pick<NoiseSpec, 'kind' | 'amount'>, values: readonly number[]): number {
  if (values.length === 0) return 0;
  const spread = spec.amount / Math.sqrt(3);
  if (spec.kind === 'additive') return spread / Math.sqrt(values.length);
  return (spread * Math.sqrt(values.reduce((sum, x) => sum + x * x, 0))) / values.length;
}

/** Replaces the columns of `table` with noisy values; returns the noise parameters for the report. */
export async function applyNoise(
  connection: DuckDBConnection,
  table: string,
  specs: readonly NoiseSpec[],
  seed: string,
  keyColumns: string | readonly string[],
): Promise<NoiseReport[]> {
  if (specs.length === 0) return [];
  const keys = typeof keyColumns === 'string' ? [keyColumns] : keyColumns;
  const replace = specs.map((spec) => `${noiseSql(spec, seed, keys)} AS ${ident(spec.column)}`).join(', ');
  await connection.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * REPLACE (${replace}) FROM ${ident(table)}`);
  return specs.map((spec) => ({
    column: spec.column,
    method: `${spec.kind} uniform noise, keyed on ${keys.join(', ')} and the value, unbiased`,
    parameters: {
      amount: spec.amount,
      key: keys.join(', '),
      topCode: spec.topCode ?? null,
      bottomCode: spec.bottomCode ?? null,
    },
  }));
}

/**
 * A date shifted by a per-person offset in [−maxDays, maxDays] (never 0 unless maxDays is 0): every date of the
 * same person moves by the same number of days.
 */
export function dateShiftSql(dateColumn: string, personColumn: string, maxDays: number, seed: string): string {
  if (!Number.isInteger(maxDays) || maxDays < 0)
    throw new SdfError('bad_input', 'maxDays must be a non-negative integer');
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
