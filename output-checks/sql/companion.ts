/**
 * The companion query: for every group of a researcher's aggregate query — before HAVING and LIMIT, whatever the
 * aliases or CASE expressions printed — the number of distinct persons behind it and, per aggregate, the persons
 * who contribute, the largest per-person contributions, the total, the smallest contribution and whether the
 * measure is binary. It runs in the enclave's sandbox on the same views as the query.
 */
import { analyseQuery, unanalysable, type DatasetView, type QueryAnalysis } from './analyse.ts';
import { renderWithItems } from './parser.ts';

/** A companion query and the analysis it came from (null `sql` when the shape cannot be analysed). */
export interface CompanionQuery {
  analysis: QueryAnalysis;
  sql: string | null;
  /** `__g<i>` keys and `__person` of every row the query aggregates (for the register of released cells). */
  populationSql?: string;
  /** As `populationSql` plus each aggregate's per-row measure `__m<i>` (NULL where the row does not count). */
  measuresSql?: string;
  /** How many largest contributions each `__top<i>` list holds. */
  topN: number;
}

const MAGNITUDE = new Set(['sum', 'mean']);

/**
 * A cell's identity as text, computed by DuckDB from the group keys `__g0…` (so the released cells and later checks
 * derive it the same way).
 */
export function cellKeySql(keyCount: number): string {
  if (keyCount === 0) return `'[]'`;
  return `to_json([${Array.from({ length: keyCount }, (_, i) => `CAST(__g${i} AS VARCHAR)`).join(', ')}])::VARCHAR`;
}

/**
 * Derives the companion query of `sql` over `datasets` (the views the enclave mounts). `topN` is the dominance n
 * (default 2). Column names of its result: `__g<i>` (group keys), `__k<i>` (the keys as text), `__key` (the cell's
 * identity), `__persons`, and per aggregate i `__n<i>`,
 * `__total<i>`, `__top<i>`, `__min<i>` (smallest per-person sum), `__rowmin<i>` (smallest row, sums and means), `__bin<i>`,
 * `__ones<i>`, `__zeros<i>`.
 */
export async function deriveCompanionQuery(
  sql: string,
  datasets: readonly DatasetView[],
  options: { topN?: number } = {},
): Promise<CompanionQuery> {
  const topN = Math.max(2, options.topN ?? 2);
  try {
    return await derive(sql, datasets, topN);
  } catch (error) {
    // Odd input must not crash the check: the output goes to review, saying why no cell could be verified.
    const detail = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : String(error);
    return {
      analysis: unanalysable(`the checker could not rebuild the query to count persons (${detail})`),
      sql: null,
      topN,
    };
  }
}

async function derive(sql: string, datasets: readonly DatasetView[], topN: number): Promise<CompanionQuery> {
  const analysis = await analyseQuery(sql, datasets);
  if (
    analysis.shape === 'unanalysable' ||
    analysis.shape === 'row-level' ||
    !analysis.personSql ||
    !analysis.baseNode
  ) {
    return { analysis, sql: null, topN };
  }
  const keys = analysis.groupKeys.map((_, i) => `__g${i}`);
  const base = [
    ...analysis.groupKeys.map((key, i) => `${key} AS __g${i}`),
    `${analysis.personSql} AS __person`,
    ...analysis.aggregates.map((a, i) => `${a.measureSql} AS __m${i}`),
  ];
  const perPerson = [
    ...keys,
    '__person',
    ...analysis.aggregates.flatMap((a, i) =>
      MAGNITUDE.has(a.kind)
        ? [`sum(__m${i}) AS __c${i}`, `bool_and(__m${i} IN (0, 1)) AS __b${i}`, `min(__m${i}) AS __r${i}`]
        : [`count(__m${i}) AS __c${i}`, `NULL::BOOLEAN AS __b${i}`, `NULL::DOUBLE AS __r${i}`],
    ),
  ];
  const contributes = (kind: string, i: number) =>
    kind === 'sum' ? `__c${i} IS NOT NULL AND __c${i} <> 0` : kind === 'mean' ? `__c${i} IS NOT NULL` : `__c${i} > 0`;
  const outer = [
    ...keys,
    ...keys.map((key, i) => `CAST(${key} AS VARCHAR) AS __k${i}`),
    `${cellKeySql(keys.length)} AS __key`,
    'count(DISTINCT __person) AS __persons',
    ...analysis.aggregates.flatMap((a, i) => [
      `count(*) FILTER (WHERE ${contributes(a.kind, i)}) AS __n${i}`,
      `sum(__c${i})::DOUBLE AS __total${i}`,
      `max(__c${i}, ${topN})::DOUBLE[] AS __top${i}`,
      `min(__c${i})::DOUBLE AS __min${i}`,
      // Netting per person would hide a clawback row inside a positive sum: the smallest single row is kept too.
      `min(__r${i})::DOUBLE AS __rowmin${i}`,
      `bool_and(__b${i}) AS __bin${i}`,
      `count(*) FILTER (WHERE __c${i} > 0) AS __ones${i}`,
      `count(*) FILTER (WHERE __c${i} = 0) AS __zeros${i}`,
    ]),
  ];
  const companion = [
    `WITH __sdf_base AS (${await renderWithItems(analysis.baseNode!, base)}),`,
    `__sdf_person AS (SELECT ${perPerson.join(', ')} FROM __sdf_base GROUP BY ALL)`,
    `SELECT ${outer.join(', ')} FROM __sdf_person${keys.length > 0 ? ` GROUP BY ${keys.join(', ')}` : ''}`,
  ].join('\n');
  return {
    analysis,
    sql: companion,
    topN,
    populationSql: await renderWithItems(analysis.baseNode!, base.slice(0, keys.length + 1)),
    measuresSql: await renderWithItems(analysis.baseNode!, base),
  };
}
