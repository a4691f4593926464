/**
 * Summary statistics of published variables, computed with DuckDB over a release's Parquet files and protected
 * by the rules in `protect.ts` before they reach the catalog.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { VariableSpec, VariableSummary } from '../types.ts';
import {
  protectBase,
  protectCategorical,
  protectNumeric,
  type CategoryTally,
  type NumericTally,
  type VariableTally,
} from './protect.ts';

const PERCENTILES = [10, 25, 50, 75, 90] as const;
const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;

export interface SummaryOptions {
  /** Longest list of categories kept per variable (default 20). */
  maxCategories?: number;
}

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const literal = (value: string): string => `'${value.replaceAll("'", "''")}'`;

async function rows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

const num = (value: unknown): number => Number(value ?? 0);
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** SQL aggregate counting persons (distinct pseudonyms) — or rows when the dataset has no person key. */
function personsSql(pseudonym: string | null, where: string): string {
  return pseudonym ? `count(distinct p) filter (where ${where})` : `count(*) filter (where ${where})`;
}

function tallyOf(row: Record<string, unknown>): VariableTally {
  return {
    count: num(row.n),
    persons: num(row.persons),
    missing: num(row.missing),
    missingPersons: num(row.missing_persons),
    distinct: num(row.d),
  };
}

function baseAggregates(pseudonym: string | null): string {
  return `count(v) as n, count(*) - count(v) as missing, count(distinct v) as d,
          ${personsSql(pseudonym, 'v is not null')} as persons, ${personsSql(pseudonym, 'v is null')} as missing_persons`;
}

async function numericSummary(
  connection: DuckDBConnection,
  source: string,
  pseudonym: string | null,
  threshold: number,
): Promise<VariableSummary> {
  const quantiles = PERCENTILES.map((p) => p / 100).join(', ');
  const [row] = await rows(
    connection,
    `with src as (${source}),
          agg as (select ${baseAggregates(pseudonym)}, min(v) as mn, max(v) as mx, avg(v) as mean, stddev_samp(v) as sd,
                         quantile_cont(v, [${quantiles}]) as q from src)
     select agg.*, (select ${personsSql(pseudonym, 'v = agg.mn')} from src) as min_persons,
                   (select ${personsSql(pseudonym, 'v = agg.mx')} from src) as max_persons
       from agg`,
  );
  const q = (row!.q as unknown[] | null) ?? [];
  const tally: NumericTally = {
    ...tallyOf(row!),
    min: numOrNull(row!.mn),
    max: numOrNull(row!.mx),
    minPersons: num(row!.min_persons),
    maxPersons: num(row!.max_persons),
    mean: numOrNull(row!.mean),
    sd: numOrNull(row!.sd),
    percentiles: Object.fromEntries(PERCENTILES.map((p, i) => [`p${p}`, numOrNull(q[i])])),
  };
  return protectNumeric(tally, threshold);
}

async function categoricalSummary(
  connection: DuckDBConnection,
  source: string,
  pseudonym: string | null,
  threshold: number,
  maxCategories: number,
  valueLabels?: Record<string, string>,
): Promise<VariableSummary> {
  const [row] = await rows(connection, `with src as (${source}) select ${baseAggregates(pseudonym)} from src`);
  const top = await rows(
    connection,
    `with src as (${source})
     select v as value, count(*) as n, ${personsSql(pseudonym, 'true')} as persons
       from src where v is not null group by v order by persons desc, n desc, value limit ${maxCategories + 1}`,
  );
  const tallies: CategoryTally[] = top.map((t) => ({ value: String(t.value), count: num(t.n), persons: num(t.persons) }));
  return protectCategorical(tallyOf(row!), tallies, threshold, maxCategories, valueLabels);
}

async function keySummary(
  connection: DuckDBConnection,
  source: string,
  pseudonym: string | null,
  threshold: number,
): Promise<VariableSummary> {
  const [row] = await rows(connection, `with src as (${source}) select ${baseAggregates(pseudonym)} from src`);
  return protectBase('key', tallyOf(row!), threshold).summary;
}

/**
 * Per-variable summaries of the Parquet files of a release, keyed by variable name: count, missing and distinct
 * for every variable; min, max, mean, sd and percentiles for numbers; the largest categories (with value labels)
 * for the rest. Persons are counted by the `pseudonym` variable when there is one (else rows stand for persons),
 * and any figure resting on fewer than `threshold` (default 10) persons is withheld. Variables absent from the
 * files are skipped; a pseudonym gets only counts.
 */
export async function computeVariableSummaries(
  connection: DuckDBConnection,
  parquetFiles: string[],
  variables: readonly VariableSpec[],
  threshold = 10,
  options: SummaryOptions = {},
): Promise<Record<string, VariableSummary>> {
  const maxCategories = options.maxCategories ?? 20;
  const files = `read_parquet([${parquetFiles.map(literal).join(', ')}])`;
  const described = await rows(connection, `describe select * from ${files}`);
  const columnTypes = new Map(described.map((c) => [String(c.column_name), String(c.column_type)]));
  const pseudonym = variables.find((v) => v.role === 'pseudonym' && columnTypes.has(v.name))?.name ?? null;
  const summaries: Record<string, VariableSummary> = {};
  for (const variable of variables) {
    const columnType = columnTypes.get(variable.name);
    if (!columnType) continue;
    const numeric = NUMERIC_TYPE.test(columnType) && !variable.valueLabels;
    const value = numeric ? `cast(${ident(variable.name)} as double)` : `cast(${ident(variable.name)} as varchar)`;
    const source = `select ${value} as v${pseudonym ? `, ${ident(pseudonym)} as p` : ''} from ${files}`;
    if (variable.role === 'pseudonym') {
      summaries[variable.name] = await keySummary(connection, source, pseudonym, threshold);
    } else if (numeric) {
      summaries[variable.name] = await numericSummary(connection, source, pseudonym, threshold);
    } else {
      summaries[variable.name] = await categoricalSummary(
        connection,
        source,
        pseudonym,
        threshold,
        maxCategories,
        variable.valueLabels,
      );
    }
  }
  return summaries;
}
