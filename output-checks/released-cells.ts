/**
 * The register of released cells: every cell released to a project is kept with the population query of its output
 * (group keys and person of every row aggregated) and the cell's key. A new output is compared with all of them in
 * one query: persons are joined to the cells they fall in, on both sides, and for every pair of cells that share
 * persons the sizes of both one-sided differences are counted; `differencingRule` judges the small ones.
 */
import { cellKeySql, type CompanionQuery } from './sql/companion.ts';
import { keyOf, toNumber } from './values.ts';
import type { DifferencingPair } from './table-rules.ts';

/** A cell's population: who is behind one group of an output. */
export interface CellPopulation {
  description: string;
  persons: number;
  /** The population query of the cell's whole output (columns `__g<i>`, `__person`). */
  outputSql: string;
  keyCount: number;
  /** The cell's key as DuckDB renders it (`__key` of the companion query). */
  key: string;
}

/** A cell already released to the project. */
export interface ReleasedCell extends CellPopulation {
  id: string;
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The population of every group of a checked output (from its companion rows). */
export function populationsOf(
  companion: CompanionQuery,
  companionRows: ReadonlyArray<Record<string, unknown>>,
): CellPopulation[] {
  const outputSql = companion.populationSql;
  if (!outputSql) return [];
  const keys = companion.analysis.groupKeys;
  return companionRows.map((row) => ({
    description:
      `${keys.map((key, i) => `${key} = ${keyOf(row[`__g${i}`])}`).join(', ') || 'all rows'} of ${companion.analysis.fromWhereSql ?? ''}`.slice(
        0,
        500,
      ),
    persons: toNumber(row.__persons) ?? 0,
    outputSql,
    keyCount: keys.length,
    key: String(row.__key ?? '[]'),
  }));
}

/** Membership (cell, person) of every row of an output, labelled `<label>:<cell key>`. */
const membership = (label: string, outputSql: string, keyCount: number) =>
  `SELECT DISTINCT ${literal(`${label}:`)} || ${cellKeySql(keyCount)} AS cell, __person FROM (${outputSql}) AS __sdf_o`;

/**
 * One query over the new output and every released output: for each (new cell, released cell) sharing persons
 * and within `threshold` of each other in size, persons only in the new cell and only in the released one. Cells
 * of the very same query are skipped (releasing the same cell twice reveals nothing new).
 */
export function differencingQuery(
  newOutput: { outputSql: string; keyCount: number },
  released: readonly ReleasedCell[],
  threshold: number,
): { sql: string; labels: Map<string, ReleasedCell> } | null {
  const outputs = [
    ...new Map(released.filter((r) => r.outputSql !== newOutput.outputSql).map((r) => [r.outputSql, r])).values(),
  ];
  if (outputs.length === 0) return null;
  const labels = new Map<string, ReleasedCell>();
  outputs.forEach((o, i) =>
    released.filter((r) => r.outputSql === o.outputSql).forEach((r) => labels.set(`r${i}:${r.key}`, r)),
  );
  const sql = [
    `WITH new_m AS (${membership('n', newOutput.outputSql, newOutput.keyCount)}),`,
    `old_m AS (${outputs.map((o, i) => membership(`r${i}`, o.outputSql, o.keyCount)).join(' UNION ALL ')}),`,
    'new_size AS (SELECT cell, count(*) AS n FROM new_m GROUP BY cell),',
    'old_size AS (SELECT cell, count(*) AS n FROM old_m GROUP BY cell),',
    'shared AS (SELECT a.cell AS new_cell, b.cell AS old_cell, count(*) AS both_ FROM new_m a JOIN old_m b USING (__person) GROUP BY ALL)',
    'SELECT s.new_cell, s.old_cell, ns.n - s.both_ AS only_new, os.n - s.both_ AS only_released',
    'FROM shared s JOIN new_size ns ON ns.cell = s.new_cell JOIN old_size os ON os.cell = s.old_cell',
    `WHERE abs(ns.n - os.n) < ${threshold} AND (ns.n - s.both_ < ${threshold} OR os.n - s.both_ < ${threshold})`,
  ].join('\n');
  return { sql, labels };
}

/** Differencing pairs from the rows of `differencingQuery` (only released cells still registered). */
export function differencingPairs(
  labels: ReadonlyMap<string, ReleasedCell>,
  rows: ReadonlyArray<Record<string, unknown>>,
): DifferencingPair[] {
  return rows.flatMap((row) => {
    const released = labels.get(String(row.old_cell));
    if (!released) return [];
    return [
      {
        released: `${released.description} (released cell ${released.id}); new cell ${String(row.new_cell).slice(2)}`,
        onlyInNew: toNumber(row.only_new) ?? 0,
        onlyInReleased: toNumber(row.only_released) ?? 0,
      },
    ];
  });
}

/**
 * The differencing hook for `checkQueryOutput`: compares the new output's cells with `released` cells by running
 * one query through `runSql`.
 */
export function releasedCellsDifferencing(
  released: readonly ReleasedCell[],
  runSql: (sql: string) => Promise<{ rows: ReadonlyArray<Record<string, unknown>> }>,
  threshold: number,
): (companion: CompanionQuery) => Promise<DifferencingPair[]> {
  return async (companion) => {
    if (!companion.populationSql) return [];
    const query = differencingQuery(
      { outputSql: companion.populationSql, keyCount: companion.analysis.groupKeys.length },
      released,
      threshold,
    );
    if (!query) return [];
    return differencingPairs(query.labels, (await runSql(query.sql)).rows);
  };
}
