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
/** Types summarised as they are: DuckDB's quantiles over integers are exact doubles, and far faster than over a cast. */
const NATIVE_NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|FLOAT|DOUBLE)$/;

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

/**
 * SQL aggregate counting persons — distinct pseudonyms, or rows when the dataset has no person key. `p` is a
 * 64-bit hash of the pseudonym, far cheaper to count than 64-character strings; a collision (≈ n²/2⁶⁵) can only
 * undercount persons, which withholds more, never less.
 */
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
    `select ${baseAggregates(pseudonym)}, min(v)::double as mn, max(v)::double as mx, avg(v) as mean, stddev_samp(v) as sd,
            quantile_cont(v, [${quantiles}]) as q
       from (${source})`,
  );
  // the persons holding the extremes, from the rows at those two values only
  // (a JavaScript number prints as the shortest text that reads back as the same double)
  const [mn, mx] = [row!.mn, row!.mx].map((v) => (v === null || v === undefined ? null : `${Number(v)}::double`));
  const [ends] = mn !== null && mx !== null
    ? await rows(
        connection,
        `select ${personsSql(pseudonym, `v = ${mn}`)} as min_persons, ${personsSql(pseudonym, `v = ${mx}`)} as max_persons
           from (${source}) where v = ${mn} or v = ${mx}`,
      )
    : [{}];
  const q = (row!.q as unknown[] | null) ?? [];
  const tally: NumericTally = {
    ...tallyOf(row!),
    min: numOrNull(row!.mn),
    max: numOrNull(row!.mx),
    minPersons: num(ends!.min_persons),
    maxPersons: num(ends!.max_persons),
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
  // One scan: group by value (null included), then totals and the largest groups from the grouped rows.
  const grouped = await rows(
    connection,
    `with src as (${source}),
          g as (select v, count(*) as n, ${personsSql(pseudonym, 'true')} as persons from src group by v),
          t as (select coalesce(sum(n) filter (where v is not null), 0) as n, coalesce(sum(n) filter (where v is null), 0) as missing,
                       count(v) as d, coalesce(max(persons) filter (where v is null), 0) as missing_persons,
                       coalesce(max(persons) filter (where v is not null), 0) as max_persons,
                       coalesce(sum(persons) filter (where v is not null), 0) as sum_persons from g)
     select t.*, top.v as value, top.n as value_n, top.persons as value_persons
       from t left join (select * from g where v is not null order by persons desc, n desc, v limit ${maxCategories + 1}) top
         on true
      order by top.persons desc, top.n desc, top.v`,
  );
  const totals = grouped[0]!;
  const tallies: CategoryTally[] = grouped
    .filter((t) => t.value !== null && t.value !== undefined)
    .map((t) => ({ value: String(t.value), count: num(t.value_n), persons: num(t.value_persons) }));
  // Persons across categories lie between the largest category and the sum of them; count exactly only when
  // those bounds straddle the threshold.
  let persons = num(totals.sum_persons);
  if (num(totals.max_persons) < threshold && persons >= threshold) {
    const [exact] = await rows(connection, `with src as (${source}) select ${personsSql(pseudonym, 'v is not null')} as persons from src`);
    persons = num(exact!.persons);
  }
  const tally: VariableTally = { ...tallyOf(totals), persons };
  return protectCategorical(tally, tallies, threshold, maxCategories, valueLabels);
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
 * for the rest. Persons are counted by the `pseudonym` variable when some person has several rows (else rows stand
 * for persons), and any figure resting on fewer than `threshold` (default 10) persons is withheld. Variables absent
 * from the files are skipped; a pseudonym gets only counts.
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
  const key = variables.find((v) => v.role === 'pseudonym' && columnTypes.has(v.name))?.name ?? null;
  // where every row is a different person (a register), rows count persons and no distinct count is needed
  const [keyCounts] = key ? await rows(connection, `select count(*) = count(distinct ${ident(key)}) as one_per_person from ${files}`) : [];
  const pseudonym = keyCounts?.one_per_person === true ? null : key;
  const summaries: Record<string, VariableSummary> = {};
  for (const variable of variables) {
    const columnType = columnTypes.get(variable.name);
    if (!columnType) continue;
    const numeric = NUMERIC_TYPE.test(columnType) && !variable.valueLabels;
    const value = !numeric
      ? `cast(${ident(variable.name)} as varchar)`
      : NATIVE_NUMERIC_TYPE.test(columnType) ? ident(variable.name) : `cast(${ident(variable.name)} as double)`;
    const source = `select ${value} as v${pseudonym ? `, hash(${ident(pseudonym)}) as p` : ''} from ${files}`;
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
