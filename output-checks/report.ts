/** The readable parts of a check report: a per-column summary and reasons in plain words, worst first. */
import { worstFirst } from './rules.ts';
import type { QueryAnalysis } from './sql/analyse.ts';
import type { CellVerdict, CheckReport, CheckedCell, ColumnSummary } from './types.ts';

/** Per output column: its role, how many cells passed, were reviewed or failed, and the fewest persons in a cell. */
export function summariseColumns(analysis: QueryAnalysis, cells: readonly CheckedCell[]): ColumnSummary[] {
  const columns = analysis.columns.map((c) => ({ name: c.name, role: c.role }));
  if (cells.some((c) => c.column === '(group)')) columns.push({ name: '(group)', role: 'other' });
  return columns.map(({ name, role }) => {
    const own = cells.filter((c) => c.column === name);
    const persons = own.map((c) => c.stats.persons).filter((p): p is number => p !== null);
    return {
      column: name,
      role: role === 'group' || role === 'statistic' || role === 'identifier' ? role : 'other',
      ...(own[0] ? { kind: own[0].stats.kind } : {}),
      cells: own.length,
      pass: own.filter((c) => c.verdict === 'pass').length,
      review: own.filter((c) => c.verdict === 'review').length,
      fail: own.filter((c) => c.verdict === 'fail').length,
      minPersons: persons.length > 0 ? Math.min(...persons) : null,
    };
  });
}

const describeRow = (cell: CheckedCell) => {
  const group = Object.values(cell.group).map(String).join('/');
  if (cell.absent) return `combination ${group} (absent)`;
  if (cell.row === null) return group ? `group ${group} (not printed)` : 'a group not printed';
  return group ? `row ${cell.row + 1} (${group})` : `row ${cell.row + 1}`;
};

/**
 * One line per (verdict, rule, column): which cells, which rule, what to change — e.g.
 * `fail · threshold · column n, rows 2, 5: built from 3 person(s), fewer than 10: merge categories or suppress`.
 */
export function explain(cells: readonly CheckedCell[], findings: readonly CellVerdict[]): string[] {
  const lines = new Map<string, { verdict: CellVerdict['verdict']; where: string[]; reason: string }>();
  for (const cell of cells) {
    for (const v of cell.verdicts) {
      if (v.verdict === 'pass') continue;
      const key = `${v.verdict}|${v.rule}|${cell.column}`;
      const line = lines.get(key) ?? { verdict: v.verdict, where: [], reason: v.reason };
      line.where.push(describeRow(cell));
      lines.set(key, line);
    }
  }
  const cellLines = worstFirst([...lines].map(([key, line]) => ({ ...line, key }))).map(
    ({ key, verdict, where, reason }) => {
      const [, rule, column] = key.split('|');
      const shown =
        where.length > 8 ? `${where.slice(0, 8).join(', ')} and ${where.length - 8} more` : where.join(', ');
      return { verdict, text: `${verdict} · ${rule} · column ${column}, ${shown}: ${reason}` };
    },
  );
  const findingLines = findings.map((f) => ({ verdict: f.verdict, text: `${f.verdict} · ${f.rule}: ${f.reason}` }));
  return worstFirst([...findingLines, ...cellLines]).map((l) => l.text);
}
