/**
 * Plans the protection of a checked output: primary suppression of every printed cell that fails, then
 * complementary suppression per statistic column (rows = first group key, columns = the other keys) so totals
 * cannot recover them; and how every released numeric column is rounded (always: counts to the profile's base,
 * magnitudes to its significant figures; a requested `roundBase` may only make counts coarser). Pure:
 * `result-file.ts` applies the plan to the file.
 */
import { suppressWithComplements, type CellRef, type CellRounding } from './protection.ts';
import { keyOf } from './values.ts';
import { DEFAULT_PROFILE } from './profile.ts';
import type { CellVerdict, CheckReport, CheckedCell, DisclosureProfile } from './types.ts';
import type { QueryAnalysis } from './sql/analyse.ts';
import type { Protection } from './db/types.ts';

/** Cells to blank (`row:column`) and how each numeric column is rounded. */
export interface ProtectionPlan {
  suppressed: Set<string>;
  /** Output column name → row indexes to blank. */
  byColumn: Map<string, number[]>;
  /** Output column name → its rounding (statistic columns the analysis recognised). */
  rounding: Map<string, CellRounding>;
  /** Group-key columns: they name cells rather than measure them, and are never rounded. */
  keys: string[];
  /** Rounding of any other numeric column (unrecognised expressions, unanalysable shapes): as a magnitude. */
  otherRounding: CellRounding;
}

function complementsFor(column: string, cells: readonly CheckedCell[], keys: readonly string[]): number[] {
  const printed = cells.filter((c) => c.column === column && c.row !== null);
  const rowKey = (c: CheckedCell) => (keys.length > 0 ? keyOf(c.group[keys[0]!]) : '');
  const columnKey = (c: CheckedCell) =>
    keys
      .slice(1)
      .map((k) => keyOf(c.group[k]))
      .join('|');
  const rows = [...new Set(printed.map(rowKey))];
  const columns = [...new Set(printed.map(columnKey))];
  const at = new Map(printed.map((c) => [`${rows.indexOf(rowKey(c))}:${columns.indexOf(columnKey(c))}`, c]));
  const table = rows.map((_, r) => columns.map((_, k) => at.get(`${r}:${k}`)?.stats.persons ?? 0));
  const primary: CellRef[] = [];
  for (const [pos, cell] of at)
    if (cell.verdict === 'fail') primary.push(pos.split(':').map(Number) as unknown as CellRef);
  if (primary.length === 0) return [];
  const { table: protectedTable } = suppressWithComplements(table, primary);
  const blanked: number[] = [];
  protectedTable.forEach((row, r) =>
    row.forEach((v, k) => v === null && at.get(`${r}:${k}`) && blanked.push(at.get(`${r}:${k}`)!.row!)),
  );
  // A lone cell (no keys) has no complement: blanking it is the whole protection.
  return blanked;
}

/** How a statistic column built from aggregates of `kinds` is rounded under `profile` and the requested base. */
export function columnRounding(
  kinds: readonly string[],
  profile: DisclosureProfile,
  requestedBase?: number,
): CellRounding {
  const counts = kinds.length > 0 && kinds.every((k) => k === 'count');
  if (counts) return { base: Math.max(profile.countRoundingBase, requestedBase ?? 0), figures: null };
  // A requested base still applies to totals (as before mandatory rounding); significant figures always do.
  const sums = kinds.length > 0 && kinds.every((k) => k === 'sum');
  return { base: sums && requestedBase ? requestedBase : null, figures: profile.magnitudeSignificantFigures };
}

/** The plan for `protection` on an output whose check is `report`; rounding is always planned. */
export function planProtection(analysis: QueryAnalysis, report: CheckReport, protection: Protection): ProtectionPlan {
  const byColumn = new Map<string, number[]>();
  if (protection.suppress) {
    for (const column of analysis.columns) {
      if (column.role !== 'statistic' && !(column.role === 'group' && analysis.aggregates.length === 0)) continue;
      const name = analysis.aggregates.length === 0 ? '(group)' : column.name;
      const rows = complementsFor(name, report.cells, analysis.groupKeys);
      if (rows.length > 0) byColumn.set(column.name, [...new Set(rows)]);
    }
  }
  const suppressed = new Set([...byColumn].flatMap(([column, rows]) => rows.map((r) => `${r}:${column}`)));
  // Reports stored before rounding settings existed lack them: the defaults fill in.
  const profile = { ...DEFAULT_PROFILE, ...report.profile };
  const rounding = new Map<string, CellRounding>();
  for (const column of analysis.columns) {
    if (column.role !== 'statistic') continue;
    rounding.set(
      column.name,
      columnRounding(
        column.aggregates.map((a) => analysis.aggregates[a]!.kind),
        profile,
        protection.roundBase,
      ),
    );
  }
  const keys = analysis.columns.filter((c) => c.role === 'group').map((c) => c.name);
  return { suppressed, byColumn, rounding, keys, otherRounding: columnRounding([], profile) };
}

/**
 * Whether a re-checked output may be released without a custodian (a project's auto-release-pass): only when it
 * was rounded, every cell and table rule passed, and no cell was suppressed (suppression is a heuristic a human
 * should look at). `review` and `fail` both mean: to the custodians.
 */
export function autoReleaseVerdict(
  report: Pick<CheckReport, 'outcome' | 'cells' | 'findings' | 'rounding'>,
): CellVerdict {
  const verdict = (v: CellVerdict['verdict'], reason: string): CellVerdict => ({
    verdict: v,
    rule: 'auto-release',
    reason,
  });
  if (!report.rounding) return verdict('fail', 'the output was not rounded');
  if (report.outcome !== 'pass' || report.findings.some((f) => f.verdict !== 'pass'))
    return verdict('fail', `the output's checks gave ${report.outcome}`);
  if (report.cells.length === 0) return verdict('review', 'no cell could be verified');
  if (report.cells.some((c) => c.verdict !== 'pass' || c.verdicts.some((v) => v.rule === 'suppressed')))
    return verdict('review', 'cells were suppressed or not passed');
  return verdict('pass', 'every cell passed after rounding');
}
