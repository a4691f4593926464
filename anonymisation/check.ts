/**
 * Independent checks on a written table or Parquet file, straight from SQL GROUP BYs (they share no code with the
 * search, so they catch its mistakes). Used by the pipelines' blocking checks.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, literal, queryColumns } from './duck.ts';
import type { LDiversityVariant, Verdict } from './types.ts';

export interface KAnonymityCheck {
  verdict: Verdict;
  reason: string;
  smallestClass: number;
  violatingRows: number;
  classes: number;
}

/** A table name, a `.parquet` path (read with read_parquet), or a parenthesised query. */
function fromClause(source: string): string {
  if (/\.parquet$/i.test(source) && !source.includes('(')) return `read_parquet(${literal(source)})`;
  return source;
}

/** Whether every combination of the quasi-identifiers occurs at least k times. */
export async function checkKAnonymity(
  connection: DuckDBConnection,
  source: string,
  quasiIdentifiers: readonly string[],
  k: number,
): Promise<KAnonymityCheck> {
  const keys = quasiIdentifiers.map(ident).join(', ');
  const [smallest, violating, classes] = await queryColumns(
    connection,
    `SELECT coalesce(min(n), 0), coalesce(sum(n) FILTER (WHERE n < ${k}), 0), count(*)
       FROM (SELECT count(*) AS n FROM ${fromClause(source)} GROUP BY ${keys})`,
  );
  const result = {
    smallestClass: Number(smallest![0]),
    violatingRows: Number(violating![0]),
    classes: Number(classes![0]),
  };
  const pass = result.violatingRows === 0;
  return {
    verdict: pass ? 'pass' : 'fail',
    reason: pass
      ? `all ${result.classes} classes have at least ${k} rows (smallest ${result.smallestClass})`
      : `${result.violatingRows} rows are in classes smaller than ${k} (smallest ${result.smallestClass})`,
    ...result,
  };
}

export interface LDiversityCheck {
  verdict: Verdict;
  reason: string;
  /** Lowest distinct count, or lowest exp(entropy), over the classes. */
  lowestL: number;
  violatingRows: number;
}

/** Whether every class holds at least l distinct sensitive values (or has entropy ≥ ln l). */
export async function checkLDiversity(
  connection: DuckDBConnection,
  source: string,
  quasiIdentifiers: readonly string[],
  sensitive: string,
  l: number,
  variant: Extract<LDiversityVariant, 'distinct' | 'entropy'> = 'distinct',
): Promise<LDiversityCheck> {
  const keys = quasiIdentifiers.map(ident).join(', ');
  const perClass =
    variant === 'distinct'
      ? `SELECT count(DISTINCT ${ident(sensitive)}) AS l, count(*) AS n FROM ${fromClause(source)} GROUP BY ${keys}`
      : `SELECT exp(-sum((c / t) * ln(c / t))) AS l, max(t) AS n FROM (
           SELECT ${keys}, count(*)::DOUBLE AS c, sum(count(*)::DOUBLE) OVER (PARTITION BY ${keys}) AS t
             FROM ${fromClause(source)} GROUP BY ${keys}, ${ident(sensitive)}) GROUP BY ${keys}`;
  const [lowest, violating] = await queryColumns(
    connection,
    `SELECT coalesce(min(l), 0), coalesce(sum(n) FILTER (WHERE l < ${l} - 1e-9), 0) FROM (${perClass})`,
  );
  const lowestL = Number(lowest![0]);
  const violatingRows = Number(violating![0]);
  const pass = violatingRows === 0;
  return {
    verdict: pass ? 'pass' : 'fail',
    reason: pass
      ? `every class is ${variant} ${l}-diverse in ${sensitive}`
      : `${violatingRows} rows are in classes less than ${variant} ${l}-diverse in ${sensitive}`,
    lowestL,
    violatingRows,
  };
}
