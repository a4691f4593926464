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
    reason:
      'this combination of the printed categories does not occur: its absence from the table shows an empty (zero) cell',
  };
}

/**
 * Pairs [i, j] where key j follows from key i in the groups (every value of i occurs with one value of j, j has two
 * or more, each from two or more values of i): a hierarchy such as district → province. The combinations it rules
 * out are structural, not empty cells, and a row of i in one category of j is no class disclosure — but a custodian
 * confirms the hierarchy is public (`hierarchyFinding`), since the data, not the catalog, showed it.
 */
export function keyDependencies(groupKeys: readonly string[], groups: GroupGrid['groups']): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < groupKeys.length; i++) {
    for (let j = 0; j < groupKeys.length; j++) {
      if (i === j) continue;
      const seen = new Map<string, string>();
      let functional = true;
      for (const row of groups) {
        const [a, b] = [keyOf(row[`__g${i}`]), keyOf(row[`__g${j}`])];
        if (seen.has(a) && seen.get(a) !== b) functional = false;
        seen.set(a, b);
      }
      // Many to one: each value of j comes from two or more values of i (a 1 : 1 or diagonal table is no hierarchy).
      const images = [...seen.values()];
      const manyToOne =
        new Set(images).size >= 2 && [...new Set(images)].every((b) => images.indexOf(b) !== images.lastIndexOf(b));
      if (functional && manyToOne) pairs.push([i, j]);
    }
  }
  return pairs;
}

/** The review finding for keys that follow from others in the data. */
export function hierarchyFinding(groupKeys: readonly string[], pairs: ReadonlyArray<[number, number]>): CellVerdict[] {
  if (pairs.length === 0) return [];
  const named = pairs.map(([i, j]) => `${groupKeys[i]} → ${groupKeys[j]}`).join(', ');
  return [
    {
      verdict: 'review',
      rule: 'hierarchy',
      reason: `in the data ${named}: combinations this rules out are not judged as empty cells; confirm the hierarchy is public`,
    },
  ];
}

/** The distinct values of each key over the groups, in first-seen order. */
export function categoriesOf(grid: GroupGrid): unknown[][] {
  return grid.groupKeys.map((_, k) => {
    const seen = new Map<string, unknown>();
    for (const row of grid.groups)
      if (!seen.has(keyOf(row[`__g${k}`]))) seen.set(keyOf(row[`__g${k}`]), row[`__g${k}`]);
    return [...seen.values()];
  });
}

/**
 * Cells (`row: null`, `absent: true`) for every combination of the keys' categories that no group has, one per
 * output column; or, when the cross-product is larger than the profile's cell cap, a single finding that counts them.
 * Outputs with fewer than two keys have no absent combination (their categories are the groups themselves).
 */
export function absentCells(
  grid: GroupGrid,
  profile: DisclosureProfile,
): { cells: CheckedCell[]; findings: CellVerdict[] } {
  if (grid.groupKeys.length < 2) return { cells: [], findings: [] };
  const categories = categoriesOf(grid);
  const pairs = keyDependencies(grid.groupKeys, grid.groups);
  const findings: CellVerdict[] = [];
  // A key that follows from another takes the one value the other gives it: only the free keys multiply.
  // Of two keys that follow from each other (1 : 1), the earlier stays free.
  const follows = (k: number) =>
    pairs.some(([i, j]) => j === k && !(i > k && pairs.some(([a, b]) => a === k && b === i)));
  const free = categories.map((values, k) => (follows(k) ? [undefined] : values));
  const size = free.reduce((product, values) => product * values.length, 1);
  const present = new Set(
    grid.groups.map((row) => JSON.stringify(grid.groupKeys.map((_, k) => keyOf(row[`__g${k}`])))),
  );
  if (size <= present.size) return { cells: [], findings };
  if (size > profile.maxCells) {
    const rule = absentCombinationRule(profile);
    return {
      cells: [],
      findings: [
        ...findings,
        {
          ...rule,
          reason: `up to ${size - present.size} combinations of the printed categories do not occur (too many to list): their absence shows empty cells`,
        },
      ],
    };
  }
  const implied = pairs.map(([i, j]) => ({
    i,
    j,
    of: new Map(grid.groups.map((row) => [keyOf(row[`__g${i}`]), row[`__g${j}`]])),
  }));
  const cells: CheckedCell[] = [];
  for (const partial of crossProduct(free)) {
    const combination = fill(partial, implied);
    if (!combination || present.has(JSON.stringify(combination.map(keyOf)))) continue;
    const group = Object.fromEntries(grid.groupKeys.map((sql, k) => [sql, combination[k]]));
    for (const column of grid.columns) {
      const verdict = absentCombinationRule(profile);
      cells.push({
        row: null,
        column: column.name,
        group,
        absent: true,
        stats: { kind: column.kind, persons: 0, cellPersons: 0 },
        verdict: verdict.verdict,
        verdicts: [verdict],
      });
    }
  }
  return { cells, findings };
}

/**
 * Fills the keys that follow from others (`undefined` in `partial`), following chains (municipality → district →
 * province); null when the free keys disagree with what they imply (a combination ruled out by the hierarchy).
 */
function fill(
  partial: readonly unknown[],
  implied: ReadonlyArray<{ i: number; j: number; of: Map<string, unknown> }>,
): unknown[] | null {
  const filled = [...partial];
  const known = partial.map((v) => v !== undefined);
  for (let changed = true; changed;) {
    changed = false;
    for (const { i, j, of } of implied) {
      if (!known[i]) continue;
      const value = of.get(keyOf(filled[i]));
      if (!known[j]) {
        filled[j] = value;
        known[j] = true;
        changed = true;
      } else if (keyOf(filled[j]) !== keyOf(value)) return null;
    }
  }
  return known.every(Boolean) ? filled : null;
}

function* crossProduct(lists: readonly unknown[][]): Generator<unknown[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = lists;
  for (const value of first!) for (const tail of crossProduct(rest)) yield [value, ...tail];
}
