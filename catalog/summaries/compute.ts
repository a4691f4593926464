/**
 * Summary statistics of published variables, computed with DuckDB over a release's Parquet files and protected
 * by the rules in `protect.ts` before they reach the catalog.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DISCLOSURE_FLOORS, sqlIdent as ident } from '../../platform/index.ts';
import type { VariableSpec, VariableSummary } from '../types.ts';
import {
  decisivePersons,
  protectBase,
  protectCategorical,
  protectNumeric,
  type CategoryTally,
  type NumericTally,
  type VariableTally,
} from './protect.ts';

const PERCENTILES = [10, 25, 50, 75, 90] as const;
const NUMERIC_TYPE =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;
/** Types summarised as they are: DuckDB's quantiles over integers are exact doubles, and far faster than over a cast. */
const NATIVE_NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|FLOAT|DOUBLE)$/;

export interface SummaryOptions {
  /** Longest list of categories kept per variable (default 20). */
  maxCategories?: number;
}

const literal = (value: string): string => `'${value.replaceAll("'", "''")}'`;

async function rows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

const num = (value: unknown): number => Number(value ?? 0);
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/**
 * How persons are counted in a release: by the 64-bit hash `p` of the pseudonym (far cheaper to count than the
 * strings; a collision, ≈ n²/2⁶⁵, can only undercount persons, which withholds more, never less), knowing the most
 * rows any one person has. A count of `r` rows then covers between ⌈r / maxRowsPerPerson⌉ and `r` persons, and
 * as persons are only ever compared with thresholds (never published), they are counted exactly only where those
 * bounds straddle a threshold.
 */
interface PersonCounting {
  connection: DuckDBConnection;
  source: string;
  /** False when rows stand for persons (no pseudonym, or one row per person). */
  byKey: boolean;
  /** Null when some rows have no key: then no bound holds and persons are counted. */
  maxRowsPerPerson: number | null;
}

/** Persons behind `rowCount` rows as far as the bounds decide them (rows themselves when rows are persons). */
function decidedPersons(counting: PersonCounting, rowCount: number, thresholds: readonly number[]): number | null {
  if (!counting.byKey) return rowCount;
  return counting.maxRowsPerPerson === null ? null : decisivePersons(rowCount, counting.maxRowsPerPerson, thresholds);
}

/** Persons behind the rows matching `where`: decided by bounds, else counted exactly. */
async function personsOf(
  counting: PersonCounting,
  rowCount: number,
  where: string,
  thresholds: readonly number[],
): Promise<number> {
  const decided = decidedPersons(counting, rowCount, thresholds);
  if (decided !== null) return decided;
  const [row] = await rows(
    counting.connection,
    `select count(distinct p) as n from (${counting.source}) where ${where}`,
  );
  return num(row!.n);
}

/** The thresholds a numeric variable's persons are compared with: the count itself and each percentile. */
const numericThresholds = (threshold: number) => [
  threshold,
  ...PERCENTILES.map((p) => (threshold * 100) / Math.min(p, 100 - p)),
];

/** Counts of a variable's rows (`n`, `missing`, `d`), with the persons behind them as the decisions need. */
async function variableTally(
  counting: PersonCounting,
  row: Record<string, unknown>,
  threshold: number,
  personThresholds: readonly number[] = [threshold],
): Promise<VariableTally> {
  const count = num(row.n);
  const missing = num(row.missing);
  return {
    count,
    missing,
    distinct: num(row.d),
    persons: await personsOf(counting, count, 'v is not null', personThresholds),
    missingPersons: await personsOf(counting, missing, 'v is null', [threshold]),
  };
}

const COUNTS = 'count(v) as n, count(*) - count(v) as missing, count(distinct v) as d';

async function numericSummary(counting: PersonCounting, threshold: number): Promise<VariableSummary> {
  const quantiles = PERCENTILES.map((p) => p / 100).join(', ');
  const [row] = await rows(
    counting.connection,
    `select ${COUNTS}, min(v)::double as mn, max(v)::double as mx, avg(v) as mean, stddev_samp(v) as sd,
            quantile_cont(v, [${quantiles}]) as q
       from (${counting.source})`,
  );
  // the persons holding the extremes, from the rows at those two values only
  // (a JavaScript number prints as the shortest text that reads back as the same double)
  const [mn, mx] = [row!.mn, row!.mx].map((v) => (v === null || v === undefined ? null : `${Number(v)}::double`));
  const persons = counting.byKey ? 'count(distinct p)' : 'count(*)';
  const [ends] =
    mn !== null && mx !== null
      ? await rows(
          counting.connection,
          `select ${persons} filter (where v = ${mn}) as min_persons, ${persons} filter (where v = ${mx}) as max_persons
           from (${counting.source}) where v = ${mn} or v = ${mx}`,
        )
      : [{}];
  const q = (row!.q as unknown[] | null) ?? [];
  const tally: NumericTally = {
    ...(await variableTally(counting, row!, threshold, numericThresholds(threshold))),
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
  counting: PersonCounting,
  threshold: number,
  maxCategories: number,
  valueLabels?: Record<string, string>,
): Promise<VariableSummary> {
  // One scan: group by value (null included), then totals and the largest groups (by rows) from the grouped rows.
  const grouped = await rows(
    counting.connection,
    `with g as (select v, count(*) as n from (${counting.source}) group by v),
          t as (select coalesce(sum(n) filter (where v is not null), 0) as n, coalesce(sum(n) filter (where v is null), 0) as missing,
                       count(v) as d from g)
     select t.*, top.v as value, top.n as value_n
       from t left join (select * from g where v is not null order by n desc, v limit ${maxCategories + 1}) top on true
      order by top.n desc, top.v`,
  );
  const totals = grouped[0]!;
  const listed = grouped.filter((t) => t.value !== null && t.value !== undefined);
  const tallies: CategoryTally[] = [];
  const undecided: string[] = [];
  for (const t of listed) {
    const persons = decidedPersons(counting, num(t.value_n), [threshold]);
    if (persons === null) undecided.push(String(t.value));
    tallies.push({ value: String(t.value), count: num(t.value_n), persons: persons ?? 0 });
  }
  if (undecided.length > 0) {
    const exact = await rows(
      counting.connection,
      `select v, count(distinct p) as persons from (${counting.source}) where v in (${undecided.map(literal).join(', ')}) group by v`,
    );
    const byValue = new Map(exact.map((r) => [String(r.v), num(r.persons)]));
    for (const tally of tallies) if (undecided.includes(tally.value)) tally.persons = byValue.get(tally.value) ?? 0;
  }
  // a category's persons are persons of the variable: once one category has enough, so has the variable
  const categoryPersons = Math.max(0, ...tallies.map((t) => t.persons));
  const variable = await variableTally(counting, totals, threshold, categoryPersons >= threshold ? [] : [threshold]);
  variable.persons = Math.max(variable.persons, categoryPersons);
  return protectCategorical(variable, tallies, threshold, maxCategories, valueLabels);
}

async function keySummary(counting: PersonCounting, threshold: number): Promise<VariableSummary> {
  const [row] = await rows(counting.connection, `select ${COUNTS} from (${counting.source})`);
  return protectBase('key', await variableTally(counting, row!, threshold), threshold).summary;
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
  threshold: number = DISCLOSURE_FLOORS.minPersonsPerCell,
  options: SummaryOptions = {},
): Promise<Record<string, VariableSummary>> {
  const maxCategories = options.maxCategories ?? 20;
  const files = `read_parquet([${parquetFiles.map(literal).join(', ')}])`;
  const described = await rows(connection, `describe select * from ${files}`);
  const columnTypes = new Map(described.map((c) => [String(c.column_name), String(c.column_type)]));
  const key = variables.find((v) => v.role === 'pseudonym' && columnTypes.has(v.name))?.name ?? null;
  // one grouping by the key gives the most rows of one person and the key's own summary
  const [keys] = key
    ? await rows(
        connection,
        `select max(n) filter (where k is not null) as m, count(k) as d, coalesce(sum(n) filter (where k is not null), 0) as n,
                                     coalesce(sum(n) filter (where k is null), 0) as missing
                                from (select ${ident(key)} as k, count(*) as n from ${files} group by 1)`,
      )
    : [];
  // where every row is a different person (a register), rows count persons; rows without a key are no one's,
  // so then every persons figure is counted
  const byKey = key !== null && (num(keys!.m) > 1 || num(keys!.missing) > 0);
  const maxRowsPerPerson = key !== null && num(keys!.missing) === 0 ? num(keys!.m) : null;
  const summaries: Record<string, VariableSummary> = {};
  if (key) {
    const tally = {
      count: num(keys!.n),
      missing: num(keys!.missing),
      distinct: num(keys!.d),
      persons: num(keys!.d),
      missingPersons: 0,
    };
    summaries[key] = protectBase('key', tally, threshold).summary;
  }
  for (const variable of variables) {
    if (variable.name === key) continue;
    const columnType = columnTypes.get(variable.name);
    if (!columnType) continue;
    const numeric = NUMERIC_TYPE.test(columnType) && !variable.valueLabels;
    const value = !numeric
      ? `cast(${ident(variable.name)} as varchar)`
      : NATIVE_NUMERIC_TYPE.test(columnType)
        ? ident(variable.name)
        : `cast(${ident(variable.name)} as double)`;
    const source = `select ${value} as v${byKey ? `, hash(${ident(key!)}) as p` : ''} from ${files}`;
    const counting: PersonCounting = { connection, source, byKey, maxRowsPerPerson };
    if (variable.role === 'pseudonym') {
      summaries[variable.name] = await keySummary(counting, threshold);
    } else if (numeric) {
      summaries[variable.name] = await numericSummary(counting, threshold);
    } else {
      summaries[variable.name] = await categoricalSummary(counting, threshold, maxCategories, variable.valueLabels);
    }
  }
  return summaries;
}
