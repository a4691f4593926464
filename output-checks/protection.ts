/**
 * Protection a researcher can ask for: primary suppression of failing cells, secondary (complementary)
 * suppression so that published margins cannot recover them, and rounding to a base with totals from the
 * rounded cells; and the mandatory rounding of every released cell (counts to a base, magnitudes to significant
 * figures) so that low-order digits carry nothing. Pure functions; the output is re-checked afterwards.
 */
import { DISCLOSURE_FLOORS } from '../platform/index.ts';

/** A two-way table of cell values; `null` means suppressed. */
export type Table = Array<Array<number | null>>;

/** Cells to suppress first (primary), as [row, column]. */
export type CellRef = readonly [number, number];

/**
 * Suppresses `primary` cells, then adds complementary suppressions until no row or column holds exactly one
 * suppressed cell, so neither row nor column totals recover a suppressed value. Picks the smallest remaining cell
 * in the offending line, preferring lines that already need a partner. Returns the new table and what it added.
 *
 * This is the classic heuristic, not an optimal (linear-programming) suppression: it defeats recovery by
 * subtraction, not interval estimation from bounds.
 */
export function suppressWithComplements(
  table: readonly (readonly (number | null)[])[],
  primary: readonly CellRef[],
): {
  table: Table;
  secondary: CellRef[];
} {
  const out: Table = table.map((row) => [...row]);
  for (const [r, c] of primary) if (out[r] && c < out[r].length) out[r][c] = null;
  const secondary: CellRef[] = [];
  const lonelyColumns = () =>
    new Set(columnIndexes(out).filter((c) => out.filter((row) => row[c] === null).length === 1));
  for (let guard = 0; guard < 10_000; guard++) {
    const added = complementRow(out, lonelyColumns()) ?? complementColumn(out);
    if (!added) break;
    secondary.push(added);
  }
  return { table: out, secondary };
}

function columnIndexes(table: Table): number[] {
  const width = Math.max(0, ...table.map((row) => row.length));
  return Array.from({ length: width }, (_, c) => c);
}

function smallest(candidates: Array<{ ref: CellRef; value: number; preferred: boolean }>): CellRef | undefined {
  candidates.sort((a, b) => Number(b.preferred) - Number(a.preferred) || a.value - b.value);
  return candidates[0]?.ref;
}

function complementRow(table: Table, lonelyColumns: Set<number>): CellRef | undefined {
  for (let r = 0; r < table.length; r++) {
    const row = table[r]!;
    if (row.filter((v) => v === null).length !== 1) continue;
    const ref = smallest(
      row.flatMap((v, c) => (v === null ? [] : [{ ref: [r, c] as const, value: v, preferred: lonelyColumns.has(c) }])),
    );
    if (ref) {
      row[ref[1]] = null;
      return ref;
    }
  }
  return undefined;
}

function complementColumn(table: Table): CellRef | undefined {
  for (const c of columnIndexes(table)) {
    if (table.filter((row) => row[c] === null).length !== 1) continue;
    const lonelyRows = new Set(table.flatMap((row, r) => (row.filter((v) => v === null).length === 1 ? [r] : [])));
    const ref = smallest(
      table.flatMap((row, r) => {
        const v = row[c];
        return v === null || v === undefined ? [] : [{ ref: [r, c] as const, value: v, preferred: lonelyRows.has(r) }];
      }),
    );
    if (ref) {
      table[ref[0]]![c] = null;
      return ref;
    }
  }
  return undefined;
}

/** Rounds to the nearest multiple of `base` (halves away from zero; never `-0`). */
export function roundToBase(value: number, base: number = DISCLOSURE_FLOORS.countRoundingBase): number {
  if (!Number.isFinite(value)) return value;
  return Math.sign(value) * Math.round(Math.abs(value) / base) * base + 0;
}

/**
 * Rounds to `figures` significant figures (halves away from zero), in decimal: `toPrecision` rounds the exact
 * binary value, so tiny and huge magnitudes keep their scale and only the leading digits survive.
 */
export function roundSignificant(value: number, figures = 3): number {
  if (!Number.isFinite(value) || value === 0) return value === 0 ? 0 : value;
  const magnitude = Number(Math.abs(value).toPrecision(Math.min(100, Math.max(1, Math.trunc(figures)))));
  return Math.sign(value) * magnitude;
}

/** How one released column is rounded: counts to a base, magnitudes to significant figures (either or both). */
export interface CellRounding {
  base: number | null;
  figures: number | null;
}

/**
 * One released value rounded by `rule`. NULL stays NULL; NaN and ±Infinity stay (they carry no low-order digits);
 * anything else that is not a number is left to the caller (only numeric columns are rounded).
 */
export function roundCell(value: number | null, rule: CellRounding): number | null {
  if (value === null) return null;
  const based = rule.base && rule.base > 1 ? roundToBase(value, rule.base) : value;
  return rule.figures ? roundSignificant(based, rule.figures) : based;
}

/**
 * Rounds every cell to `base` and computes the margins from the rounded cells, so totals never reveal the
 * unrounded sum. Suppressed cells stay suppressed and count as 0 in the margins.
 */
export function roundTable(
  table: readonly (readonly (number | null)[])[],
  base: number = DISCLOSURE_FLOORS.countRoundingBase,
): {
  table: Table;
  rowTotals: number[];
  columnTotals: number[];
  total: number;
} {
  const rounded: Table = table.map((row) => row.map((v) => (v === null ? null : roundToBase(v, base))));
  const rowTotals = rounded.map((row) => row.reduce<number>((a, v) => a + (v ?? 0), 0));
  const columnTotals = columnIndexes(rounded).map((c) => rounded.reduce<number>((a, row) => a + (row[c] ?? 0), 0));
  return { table: rounded, rowTotals, columnTotals, total: rowTotals.reduce((a, b) => a + b, 0) };
}
