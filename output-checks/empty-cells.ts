/**
 * Empty cells a GROUP BY never prints. A grouped output shows only the combinations of its keys that occur, so a
 * combination that does not occur is an empty cell the reader sees by its absence ("no one of this sex in this
 * programme has …"). ACRO judges the full cross-product of a table's categories; so do we: the categories of each
 * key are the distinct values in the query's scope (FROM/WHERE, before HAVING), read from the companion's groups,
 * and every absent combination is judged by the zeros rule. Pure: the caller supplies the companion rows.
 */
import { keyOf } from './values.ts';
import type { CellVerdict, CheckedCell, DisclosureProfile } from './types.ts';

/** Where absent combinations come from: the group keys (SQL) and one companion row per group that occurs. */
export interface GroupGrid {
  groupKeys: readonly string[];
  /** Companion rows (`__g<i>` are the key values). */
  groups: ReadonlyArray<Record<string, unknown>>;
  /** Output columns that get a cell per group (statistic columns, or `(group)` for DISTINCT-like outputs). */
  columns: readonly { name: string; kind: CheckedCell['stats']['kind'] }[];
}

/** The verdict on a combination of printed categories that does not occur. */
export function absentCombinationRule(profile: DisclosureProfile): CellVerdict {
  return {
    verdict: profile.zeros,
    rule: 'zeros',
    reason: 'this combination of the printed categories does not occur: its absence from the table shows an empty (zero) cell',
  };
}

/** The distinct values of each key over the groups, in first-seen order. */
export function categoriesOf(grid: GroupGrid): unknown[][] {
  return grid.groupKeys.map((_, k) => {
    const seen = new Map<string, unknown>();
    for (const row of grid.groups) if (!seen.has(keyOf(row[`__g${k}`]))) seen.set(keyOf(row[`__g${k}`]), row[`__g${k}`]);
    return [...seen.values()];
  });
}

/**
 * Cells (`row: null`, `absent: true`) for every combination of the keys' categories that no group has, one per
 * output column; or, when the cross-product is larger than the profile's cell cap, a single finding that counts them.
 * Outputs with fewer than two keys have no absent combination (their categories are the groups themselves).
 */
export function absentCells(grid: GroupGrid, profile: DisclosureProfile): { cells: CheckedCell[]; findings: CellVerdict[] } {
  if (grid.groupKeys.length < 2) return { cells: [], findings: [] };
  const categories = categoriesOf(grid);
  const size = categories.reduce((product, values) => product * values.length, 1);
  const present = new Set(grid.groups.map((row) => JSON.stringify(grid.groupKeys.map((_, k) => keyOf(row[`__g${k}`])))));
  const absent = size - present.size;
  if (absent <= 0) return { cells: [], findings: [] };
  if (size > profile.maxCells) {
    const rule = absentCombinationRule(profile);
    return { cells: [], findings: [{ ...rule, reason: `${absent} combinations of the printed categories do not occur (too many to list): their absence shows empty cells` }] };
  }
  const cells: CheckedCell[] = [];
  for (const combination of crossProduct(categories)) {
    if (present.has(JSON.stringify(combination.map(keyOf)))) continue;
    const group = Object.fromEntries(grid.groupKeys.map((sql, k) => [sql, combination[k]]));
    for (const column of grid.columns) {
      const verdict = absentCombinationRule(profile);
      cells.push({ row: null, column: column.name, group, absent: true, stats: { kind: column.kind, persons: 0, cellPersons: 0 }, verdict: verdict.verdict, verdicts: [verdict] });
    }
  }
  return { cells, findings: [] };
}

function* crossProduct(lists: readonly unknown[][]): Generator<unknown[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = lists;
  for (const value of first!) for (const tail of crossProduct(rest)) yield [value, ...tail];
}
