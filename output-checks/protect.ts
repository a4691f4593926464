/**
 * Plans the protection of a checked output: primary suppression of every printed cell that fails, then
 * complementary suppression per statistic column (rows = first group key, columns = the other keys) so totals
 * cannot recover them; and which columns to round. Pure: `result-file.ts` applies the plan to the file.
 */
import { suppressWithComplements, type CellRef } from './protection.ts';
import { keyOf } from './values.ts';
import type { CheckReport, CheckedCell } from './types.ts';
import type { QueryAnalysis } from './sql/analyse.ts';
import type { Protection } from './db/types.ts';

/** Cells to blank (`row:column`) and columns to round to `roundBase`. */
export interface ProtectionPlan {
  suppressed: Set<string>;
  /** Output column name → row indexes to blank. */
  byColumn: Map<string, number[]>;
  roundColumns: string[];
  roundBase: number | null;
}

function complementsFor(column: string, cells: readonly CheckedCell[], keys: readonly string[]): number[] {
  const printed = cells.filter((c) => c.column === column && c.row !== null);
  const rowKey = (c: CheckedCell) => (keys.length > 0 ? keyOf(c.group[keys[0]!]) : '');
  const columnKey = (c: CheckedCell) => keys.slice(1).map((k) => keyOf(c.group[k])).join('|');
  const rows = [...new Set(printed.map(rowKey))];
  const columns = [...new Set(printed.map(columnKey))];
  const at = new Map(printed.map((c) => [`${rows.indexOf(rowKey(c))}:${columns.indexOf(columnKey(c))}`, c]));
  const table = rows.map((_, r) => columns.map((_, k) => at.get(`${r}:${k}`)?.stats.persons ?? 0));
  const primary: CellRef[] = [];
  for (const [pos, cell] of at) if (cell.verdict === 'fail') primary.push(pos.split(':').map(Number) as unknown as CellRef);
  if (primary.length === 0) return [];
  const { table: protectedTable } = suppressWithComplements(table, primary);
  const blanked: number[] = [];
  protectedTable.forEach((row, r) => row.forEach((v, k) => v === null && at.get(`${r}:${k}`) && blanked.push(at.get(`${r}:${k}`)!.row!)));
  // A lone cell (no keys) has no complement: blanking it is the whole protection.
  return blanked;
}

/** The plan for `protection` on an output whose check is `report`. */
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
  const roundColumns = protection.roundBase
    ? analysis.columns.filter((c) => c.role === 'statistic' && c.aggregates.every((a) => ['count', 'sum'].includes(analysis.aggregates[a]!.kind))).map((c) => c.name)
    : [];
  return { suppressed, byColumn, roundColumns, roundBase: protection.roundBase ?? null };
}
