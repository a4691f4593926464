/**
 * Table rules: judgements about an output as a whole rather than one cell — row-level output, the cell cap,
 * class disclosure across a row of a cross-table, margins that recover a suppressed cell, and differencing
 * against cells already released.
 */
import type { CellVerdict, DisclosureProfile } from './types.ts';

const pass = (rule: string, reason: string): CellVerdict => ({ verdict: 'pass', rule, reason });

/** Row-level output (no aggregation, or a printed identifier/pseudonym column) fails outright. */
export function rowLevelRule(input: { aggregated: boolean; identifierColumns: readonly string[] }): CellVerdict {
  if (input.identifierColumns.length > 0) {
    return {
      verdict: 'fail',
      rule: 'row-level',
      reason: `the output prints identifier/pseudonym column(s) ${input.identifierColumns.join(', ')}: remove them and aggregate`,
    };
  }
  if (!input.aggregated) {
    return {
      verdict: 'fail',
      rule: 'row-level',
      reason: 'the output is row-level (no aggregation): only aggregates may leave the facility',
    };
  }
  return pass('row-level', 'aggregated output');
}

/** More cells than the profile's cap are refused. */
export function cellCapRule(cells: number, profile: DisclosureProfile): CellVerdict {
  if (cells > profile.maxCells) {
    return {
      verdict: 'fail',
      rule: 'cell-cap',
      reason: `${cells} cells exceed the cap of ${profile.maxCells}: aggregate further`,
    };
  }
  return pass('cell-cap', `${cells} cells`);
}

/**
 * Class disclosure: within one row of a cross-table (counts by category), if every person falls in a single
 * category, the table tells each of them they have that attribute (the 100 % / 0 % case).
 */
export function classDisclosureRule(
  row: string,
  counts: ReadonlyMap<string, number>,
  categories: readonly string[],
  profile: DisclosureProfile,
): CellVerdict {
  if (categories.length < 2) return pass('class-disclosure', 'a single category');
  const nonEmpty = categories.filter((c) => (counts.get(c) ?? 0) > 0);
  if (nonEmpty.length === 1) {
    return {
      verdict: profile.zeros,
      rule: 'class-disclosure',
      reason: `everyone in ${row} is in category ${nonEmpty[0]} (100 % / 0 %): merge categories`,
    };
  }
  return pass('class-disclosure', 'spread over categories');
}

/** A table cell: value, or `suppressed` (null) — margins are the row/column totals shown alongside. */
export type SuppressibleTable = ReadonlyArray<ReadonlyArray<number | null>>;

/**
 * Margins: if a row or column with a published total has exactly one suppressed cell, subtraction recovers it.
 * `rowTotals` / `columnTotals` say whether those margins are published.
 */
export function marginRecoveryRule(
  table: SuppressibleTable,
  margins: { rowTotals: boolean; columnTotals: boolean },
): CellVerdict {
  const lonely: string[] = [];
  if (margins.rowTotals) {
    table.forEach((row, r) => row.filter((c) => c === null).length === 1 && lonely.push(`row ${r + 1}`));
  }
  if (margins.columnTotals) {
    const width = Math.max(0, ...table.map((row) => row.length));
    for (let c = 0; c < width; c++) {
      if (table.filter((row) => row[c] === null).length === 1) lonely.push(`column ${c + 1}`);
    }
  }
  if (lonely.length > 0) {
    return {
      verdict: 'fail',
      rule: 'margins',
      reason: `a suppressed cell can be recovered from the total of ${lonely.join(', ')}: suppress a second cell (secondary suppression)`,
    };
  }
  return pass('margins', 'no suppressed cell recoverable from a margin');
}

/** A cell already released to the project, and how many persons separate it from a new cell. */
export interface DifferencingPair {
  /** Description of the released cell (query, filters, group). */
  released: string;
  /** Persons in the new cell but not the released one, and the reverse. */
  onlyInNew: number;
  onlyInReleased: number;
}

/**
 * Differencing: a new cell whose population differs from a released cell's by fewer than `threshold` persons
 * (but not zero) lets the difference — a few people — be computed by subtraction.
 */
export function differencingRule(pair: DifferencingPair, profile: DisclosureProfile): CellVerdict {
  const difference = pair.onlyInNew + pair.onlyInReleased;
  const small = (n: number) => n > 0 && n < profile.threshold;
  if (small(difference)) {
    return {
      verdict: 'fail',
      rule: 'differencing',
      reason: `differs from the released cell ${pair.released} by ${difference} person(s), fewer than ${profile.threshold}: subtraction would reveal them`,
    };
  }
  // Both sides changed: the net difference is large, but a small one-sided change still narrows who is in the cell.
  if (small(pair.onlyInNew) || small(pair.onlyInReleased)) {
    return {
      verdict: 'review',
      rule: 'differencing',
      reason: `overlaps the released cell ${pair.released} with a small difference on one side (${pair.onlyInNew} new, ${pair.onlyInReleased} released)`,
    };
  }
  return pass('differencing', `no small difference from ${pair.released}`);
}
