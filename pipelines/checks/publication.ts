/**
 * Blocking checks on a staged file before it is published, each run independently of how the file was made: no direct
 * identifiers, k-anonymity and l-diversity recomputed with GROUP BY on the written Parquet (persons counted by
 * the pseudonym), the schema contract, and the row count against the previous partition.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows, sqlIdent, sqlString } from '../framework/duck.ts';
import type { CheckResult } from '../types.ts';

export const parquetSql = (file: string) => `read_parquet(${sqlString(file)})`;

/** k-anonymity: every class of the QI columns holds at least k persons. */
export async function checkKAnonymity(
  duck: DuckDBConnection,
  fileSql: string,
  qiColumns: readonly string[],
  k: number,
  personColumn: string | null,
): Promise<CheckResult> {
  const persons = personColumn ? `count(distinct ${sqlIdent(personColumn)})` : 'count(*)';
  const group = qiColumns.map(sqlIdent).join(', ');
  const [row] = await queryRows<{
    classes: number;
    smallest: number | null;
    bad_classes: number;
    bad_rows: number | null;
  }>(
    duck,
    `select count(*)::bigint as classes, min(n)::bigint as smallest, count(*) filter (where n < ${k})::bigint as bad_classes,
            sum(r) filter (where n < ${k})::bigint as bad_rows
       from (select ${persons} as n, count(*) as r from ${fileSql} group by ${group || 'all'})`,
  );
  return kVerdict(row?.classes ?? 0, row?.smallest ?? null, row?.bad_classes ?? 0, row?.bad_rows ?? 0, k, qiColumns);
}

/** Pure verdict of the k-anonymity figures; an empty release passes (nothing to disclose). */
export function kVerdict(
  classes: number,
  smallest: number | null,
  badClasses: number,
  badRows: number,
  k: number,
  qiColumns: readonly string[],
): CheckResult {
  if (classes === 0) return { verdict: 'pass', reason: 'no rows' };
  if (badClasses === 0) {
    return {
      verdict: 'pass',
      reason: `${classes} classes on ${qiColumns.join(', ')}, smallest has ${smallest} persons (k = ${k})`,
      metadata: { classes, smallest },
    };
  }
  return {
    verdict: 'fail',
    reason: `${badClasses} of ${classes} classes have fewer than ${k} persons (smallest ${smallest})`,
    column: qiColumns.join(', '),
    rows: badRows,
    metadata: { classes, smallest, badClasses },
  };
}

/** Distinct l-diversity: every QI class holds at least l distinct values of the sensitive column. */
export async function checkLDiversity(
  duck: DuckDBConnection,
  fileSql: string,
  qiColumns: readonly string[],
  sensitive: string,
  l: number,
): Promise<CheckResult> {
  const group = qiColumns.map(sqlIdent).join(', ');
  const [row] = await queryRows<{ classes: number; least: number | null; bad: number; bad_rows: number | null }>(
    duck,
    `select count(*)::bigint as classes, min(d)::bigint as least, count(*) filter (where d < ${l})::bigint as bad,
            sum(r) filter (where d < ${l})::bigint as bad_rows
       from (select count(distinct ${sqlIdent(sensitive)}) as d, count(*) as r from ${fileSql} group by ${group || 'all'})`,
  );
  if (!row || row.classes === 0) return { verdict: 'pass', reason: 'no rows' };
  if (row.bad === 0)
    return { verdict: 'pass', reason: `every class has at least ${row.least} distinct ${sensitive} values (l = ${l})` };
  return {
    verdict: 'fail',
    reason: `${row.bad} of ${row.classes} classes have fewer than ${l} distinct ${sensitive} values`,
    column: sensitive,
    rows: row.bad_rows ?? 0,
  };
}

export interface ExpectedColumn {
  name: string;
  type: string;
}

/** Schema contract: exactly the declared columns, in order, with the declared types. Pure. */
export function schemaVerdict(actual: readonly ExpectedColumn[], expected: readonly ExpectedColumn[]): CheckResult {
  const problems: string[] = [];
  const actualByName = new Map(actual.map((c) => [c.name, c.type]));
  for (const column of expected) {
    const type = actualByName.get(column.name);
    if (type === undefined) problems.push(`${column.name} missing`);
    else if (type !== column.type) problems.push(`${column.name} is ${type}, declared ${column.type}`);
  }
  const extra = actual.filter((c) => !expected.some((e) => e.name === c.name)).map((c) => c.name);
  if (extra.length > 0) problems.push(`undeclared column(s) ${extra.join(', ')}`);
  if (problems.length === 0 && actual.map((c) => c.name).join() !== expected.map((c) => c.name).join()) {
    problems.push('columns are not in the declared order');
  }
  return problems.length === 0
    ? { verdict: 'pass', reason: `${expected.length} columns as declared` }
    : { verdict: 'fail', reason: problems.join('; '), column: problems.map((p) => p.split(' ')[0]).join(', ') };
}

export async function describeColumns(duck: DuckDBConnection, fileSql: string): Promise<ExpectedColumn[]> {
  const rows = await queryRows<{ column_name: string; column_type: string }>(duck, `describe select * from ${fileSql}`);
  return rows.map((row) => ({ name: row.column_name, type: row.column_type }));
}

/**
 * Row count within `tolerance` (relative) of the previous partition's; passes when there is no previous
 * partition. Pure.
 */
export function rowCountVerdict(rows: number, previousRows: number | null, tolerance: number): CheckResult {
  if (previousRows === null) return { verdict: 'pass', reason: `${rows} rows; no previous partition to compare with` };
  if (previousRows === 0) {
    return rows === 0
      ? { verdict: 'pass', reason: 'no rows, as in the previous partition' }
      : { verdict: 'review', reason: `${rows} rows after an empty previous partition` };
  }
  const change = (rows - previousRows) / previousRows;
  const text = `${rows} rows vs ${previousRows} in the previous partition (${(change * 100).toFixed(1)} %, tolerance ±${(tolerance * 100).toFixed(0)} %)`;
  return Math.abs(change) <= tolerance ? { verdict: 'pass', reason: text } : { verdict: 'fail', reason: text, rows };
}
