/**
 * The differencing ledger: every cell released to a project is kept with the SQL of its population (the distinct
 * persons behind it). A new output is compared with the released cells whose size is within the threshold of its
 * own; for those, one query counts the persons on each side of the difference, and `differencingRule` judges.
 */
import { keyOf } from './values.ts';
import { toNumber } from './values.ts';
import type { CompanionQuery } from './sql/companion.ts';
import type { DifferencingPair } from './table-rules.ts';

/** A cell's population: who is behind one group of an output. */
export interface CellPopulation {
  description: string;
  persons: number;
  /** SELECT of the distinct persons of the group, over the project's views. */
  sql: string;
}

/** A cell already released to the project. */
export interface ReleasedCell extends CellPopulation {
  id: string;
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The population of every group of a checked output (from its companion rows). */
export function populationsOf(companion: CompanionQuery, companionRows: ReadonlyArray<Record<string, unknown>>): CellPopulation[] {
  if (!companion.populationSql) return [];
  const keys = companion.analysis.groupKeys;
  return companionRows.map((row) => {
    const conditions = keys.map((_, i) =>
      row[`__k${i}`] === null || row[`__k${i}`] === undefined
        ? `__g${i} IS NULL`
        : `CAST(__g${i} AS VARCHAR) = ${literal(String(row[`__k${i}`]))}`,
    );
    const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    const group = keys.map((key, i) => `${key} = ${keyOf(row[`__g${i}`])}`).join(', ') || 'all rows';
    return {
      description: `${group} of ${companion.analysis.fromWhereSql ?? ''}`.slice(0, 500),
      persons: toNumber(row.__persons) ?? 0,
      sql: `SELECT DISTINCT __person FROM (${companion.populationSql}) AS __sdf_cell${where}`,
    };
  });
}

/** Pairs worth comparing: sizes within `threshold` of each other (a larger size gap cannot difference to few). */
export function candidatePairs(
  cells: readonly CellPopulation[],
  released: readonly ReleasedCell[],
  threshold: number,
  limit = 500,
): Array<{ cell: CellPopulation; released: ReleasedCell }> {
  const pairs: Array<{ cell: CellPopulation; released: ReleasedCell }> = [];
  for (const cell of cells) {
    for (const old of released) {
      if (old.sql === cell.sql) continue;
      if (Math.abs(old.persons - cell.persons) < threshold) pairs.push({ cell, released: old });
      if (pairs.length >= limit) return pairs;
    }
  }
  return pairs;
}

/** One query that counts, for every pair, persons only in the new cell and only in the released one. */
export function differencingQuery(pairs: ReadonlyArray<{ cell: CellPopulation; released: ReleasedCell }>): string | null {
  if (pairs.length === 0) return null;
  return pairs
    .map(
      ({ cell, released }, i) =>
        `SELECT ${i} AS pair, (SELECT count(*) FROM (${cell.sql} EXCEPT ${released.sql})) AS only_new, ` +
        `(SELECT count(*) FROM (${released.sql} EXCEPT ${cell.sql})) AS only_released`,
    )
    .join('\nUNION ALL\n');
}

/** Differencing pairs from the rows of `differencingQuery`. */
export function differencingPairs(
  pairs: ReadonlyArray<{ cell: CellPopulation; released: ReleasedCell }>,
  rows: ReadonlyArray<Record<string, unknown>>,
): DifferencingPair[] {
  return rows.map((row) => {
    const pair = pairs[toNumber(row.pair) ?? -1];
    return {
      released: pair ? `${pair.released.description} (released cell ${pair.released.id}) vs new ${pair.cell.description}` : 'unknown',
      onlyInNew: toNumber(row.only_new) ?? 0,
      onlyInReleased: toNumber(row.only_released) ?? 0,
    };
  });
}

/**
 * The differencing hook for `checkQueryOutput`: compares the new output's groups with `released` cells by
 * running one counting query through `runSql`.
 */
export function ledgerDifferencing(
  released: readonly ReleasedCell[],
  runSql: (sql: string) => Promise<{ rows: ReadonlyArray<Record<string, unknown>> }>,
  threshold: number,
): (companion: CompanionQuery, companionRows: ReadonlyArray<Record<string, unknown>>) => Promise<DifferencingPair[]> {
  return async (companion, companionRows) => {
    const pairs = candidatePairs(populationsOf(companion, companionRows), released, threshold);
    const sql = differencingQuery(pairs);
    if (!sql) return [];
    return differencingPairs(pairs, (await runSql(sql)).rows);
  };
}
