/** The work of `sdf anonymise` (see `commands/anonymise.ts`): read the file into DuckDB, search, print the report. */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { UsageError, sqlString } from '../../platform/index.ts';
import {
  anonymiseTable,
  readArxHierarchy,
  type LDiversityCriterion,
  type QualityMetric,
  type TClosenessCriterion,
} from '../../anonymisation/index.ts';
import { makeProgress } from '../progress.ts';

const METRICS = ['nue', 'loss', 'discernibility', 'aecs', 'precision'] as const;
const SUPPRESSION_MODES = ['remove', 'mask'] as const;

interface AnonymiseOptions {
  input: string;
  hierarchies: string;
  k: number;
  suppression: number;
  metric: QualityMetric;
  monotonic?: boolean;
  practicalMonotonicity: boolean;
  lDiversity: string[];
  tCloseness: string[];
  suppressionMode: (typeof SUPPRESSION_MODES)[number];
  output?: string;
}

/** A number option within [min, max] (integer when asked); anything else is bad usage. */
function numberOption(name: string, raw: unknown, min: number, max: number, integer = false): number {
  const value = Number(raw);
  if (
    typeof raw !== 'string' ||
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw new UsageError(
      `--${name}: expected ${integer ? 'an integer' : 'a number'} from ${min}${max === Infinity ? ' up' : ` to ${max}`}, got "${String(raw)}"`,
    );
  }
  return value;
}

function choice<T extends string>(name: string, raw: unknown, choices: readonly T[]): T {
  if (!choices.includes(raw as T))
    throw new UsageError(`--${name}: expected one of ${choices.join(', ')}, got "${String(raw)}"`);
  return raw as T;
}

/** A flag without a value: commander gives true when it is there. */
function flag(name: string, raw: unknown): boolean {
  if (raw !== undefined && typeof raw !== 'boolean') throw new UsageError(`--${name}: takes no value`);
  return raw === true;
}

/** Commander's options checked by hand (zod would add a tenth of a second to every start). */
function parseOptions(raw: Record<string, unknown>): AnonymiseOptions {
  return {
    input: String(raw.input),
    hierarchies: String(raw.hierarchies),
    k: numberOption('k', raw.k, 1, Infinity, true),
    suppression: numberOption('suppression', raw.suppression ?? '0', 0, 1),
    metric: choice('metric', raw.metric ?? 'nue', METRICS),
    monotonic:
      raw.monotonic === undefined
        ? undefined
        : choice('monotonic', raw.monotonic, ['true', 'false'] as const) === 'true',
    practicalMonotonicity: flag('practical-monotonicity', raw.practicalMonotonicity),
    lDiversity: (raw.lDiversity as string[] | undefined) ?? [],
    tCloseness: (raw.tCloseness as string[] | undefined) ?? [],
    suppressionMode: choice('suppression-mode', raw.suppressionMode ?? 'remove', SUPPRESSION_MODES),
    output: raw.output === undefined ? undefined : String(raw.output),
  };
}

/** Validates commander's options (bad ones are a `UsageError`), anonymises and prints the JSON report. */
export async function anonymise(raw: Record<string, unknown>): Promise<void> {
  const report = await runAnonymise(parseOptions(raw));
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

async function runAnonymise(options: AnonymiseOptions) {
  const input = resolve(options.input);
  if (!existsSync(input)) throw new UsageError(`--input: ${input} does not exist`);
  if (!existsSync(options.hierarchies)) throw new UsageError(`--hierarchies: ${options.hierarchies} does not exist`);
  const progress = makeProgress();
  progress.start(3, 'anonymise');
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  const reader = /\.parquet$/i.test(input) ? `read_parquet(${sqlString(input)})` : await csvReader(connection, input);
  await connection.run(`CREATE TEMP VIEW input AS SELECT * FROM ${reader}`);
  const columns = (await connection.runAndReadAll('SELECT column_name FROM (DESCRIBE input)'))
    .getRows()
    .map((r) => String(r[0]));
  const files = new Map(
    readdirSync(options.hierarchies)
      .map((f) => [/_hierarchy_(.+)\.csv$/.exec(f)?.[1], f] as const)
      .filter((e): e is readonly [string, string] => e[0] !== undefined),
  );
  const lDiversity = options.lDiversity.map((spec) => parseL(spec, columns));
  const tCloseness = options.tCloseness.map((spec) => parseT(spec, columns));
  // a sensitive column is not a quasi-identifier, even with a hierarchy in the folder (as in ARX)
  const sensitive = new Set([...lDiversity, ...tCloseness].map((c) => c.column));
  const quasiIdentifiers = columns
    .filter((c) => files.has(c) && !sensitive.has(c))
    .map((column) => ({ column, hierarchy: readArxHierarchy(join(options.hierarchies, files.get(column)!), column) }));
  if (quasiIdentifiers.length === 0)
    throw new UsageError(`--hierarchies: no *_hierarchy_<column>.csv matches a column of ${input}`);
  progress.update(1);
  const report = await anonymiseTable(connection, {
    inputTable: 'input',
    quasiIdentifiers,
    k: options.k,
    suppressionLimit: options.suppression,
    metric: options.metric,
    monotonic: options.monotonic,
    practicalMonotonicity: options.practicalMonotonicity,
    lDiversity,
    tCloseness,
    suppression: options.suppressionMode,
    outputParquet: options.output ? resolve(options.output) : undefined,
  });
  progress.update(3);
  progress.stop();
  return report;
}

/**
 * A `read_csv` call with the dialect sniffed once and every column VARCHAR: the histogram and the write each read
 * the file, and without `auto_detect = false` DuckDB would sniff it again on every read (and on every DESCRIBE).
 * Falls back to DuckDB's own detection when the sniffer cannot say.
 */
async function csvReader(connection: DuckDBConnection, input: string): Promise<string> {
  const fallback = `read_csv(${sqlString(input)}, header = true, all_varchar = true)`;
  try {
    const reader = await connection.runAndReadAll(
      `SELECT Delimiter, Quote, Escape, NewLineDelimiter, SkipRows, HasHeader, Columns FROM sniff_csv(${sqlString(input)})`,
    );
    const sniffed = reader.getRowObjectsJson()[0] as Record<string, unknown> | undefined;
    const names = ((sniffed?.Columns ?? []) as Array<{ name: string }>).map((c) => c.name);
    if (!sniffed || names.length === 0 || sniffed.HasHeader !== true) return fallback;
    const option = (value: unknown) => sqlString(value === '(empty)' ? '' : String(value));
    const columns = names.map((name) => `${sqlString(name)}: 'VARCHAR'`).join(', ');
    return `read_csv(${sqlString(input)}, auto_detect = false, header = true, delim = ${option(sniffed.Delimiter)}, quote = ${option(sniffed.Quote)}, escape = ${option(sniffed.Escape)}, new_line = ${option(sniffed.NewLineDelimiter)}, skip = ${Number(sniffed.SkipRows)}, columns = {${columns}})`;
  } catch {
    return fallback;
  }
}

const L_VARIANTS = ['distinct', 'entropy', 'grassberger', 'recursive'] as const;

function parseL(spec: string, columns: string[]): LDiversityCriterion {
  const [column, l, variant = 'distinct', c] = spec.split(':');
  if (!column || !columns.includes(column)) throw new UsageError(`--l-diversity: unknown column in "${spec}"`);
  const known = (L_VARIANTS as readonly string[]).includes(variant);
  if (
    !(Number(l) >= 1) ||
    !known ||
    (variant === 'recursive') !== (c !== undefined) ||
    (c !== undefined && !(Number(c) > 0))
  ) {
    throw new UsageError(`--l-diversity: expected COL:L[:distinct|entropy|grassberger|recursive:C], got "${spec}"`);
  }
  const criterion: LDiversityCriterion = { column, l: Number(l), variant: variant as LDiversityCriterion['variant'] };
  return c === undefined ? criterion : { ...criterion, c: Number(c) };
}

function parseT(spec: string, columns: string[]): TClosenessCriterion {
  const [column, t, distance = 'equal'] = spec.split(':');
  if (!column || !columns.includes(column)) throw new UsageError(`--t-closeness: unknown column in "${spec}"`);
  if (!(Number(t) >= 0 && Number(t) <= 1) || (distance !== 'equal' && distance !== 'ordered')) {
    throw new UsageError(`--t-closeness: expected COL:T[:equal|ordered] with 0 ≤ T ≤ 1, got "${spec}"`);
  }
  return { column, t: Number(t), distance };
}
