/**
 * Check reports in plain words (pure): the outcome as a sentence, the reasons worst first, and a lookup of each
 * output cell's verdict so a table can highlight failing and flagged cells.
 */
import type { Verdict } from '../../../platform/index.ts';
import type { ApiCheckReport } from '../../../enclave-api/index.ts';
export type { Verdict };

/** The full report (custodians): the one that carries per-column summaries, group values and figures. */
export type FullCheckReport = Extract<ApiCheckReport, { columns: unknown }>;

/** Narrows a report of the API to the full one by its per-column summary, which no other shape has. */
export const isFullReport = (report: ApiCheckReport | null | undefined): report is FullCheckReport =>
  report !== null && report !== undefined && 'columns' in report;

export interface ReportCell {
  row: number | null;
  column: string;
  group?: Record<string, unknown>;
  stats?: { persons?: number | null; value?: number | null; kind?: string };
  verdict: Verdict;
  verdicts?: { verdict: Verdict; rule: string; reason: string }[];
}

/** The fields these functions read; every report of the API (`ApiCheckReport`) has this shape. */
export interface ReportLike {
  outcome?: Verdict;
  reasons?: string[];
  findings?: { verdict: Verdict; rule: string; reason: string }[];
  cells?: ReportCell[];
  columns?: {
    column: string;
    role?: string;
    kind?: string;
    cells: number;
    pass: number;
    review: number;
    fail: number;
    minPersons: number | null;
  }[];
}

const OUTCOME_WORDS: Record<Verdict, string> = {
  pass: 'Passes every disclosure rule: it can be released (a custodian still signs off unless the project allows automatic release).',
  review: 'Needs a custodian’s judgement: some cells are close to the rules or could not be checked automatically.',
  fail: 'Cannot be released as it is: at least one cell breaks a disclosure rule. Change the query as suggested below.',
};

/** One sentence on what the outcome means for the researcher or custodian. */
export function outcomeSentence(outcome: Verdict | null | undefined): string {
  return outcome ? OUTCOME_WORDS[outcome] : 'Not checked yet.';
}

/** Reasons to show: the report's own, else built from table findings and non-passing cells (worst first, capped). */
export function plainReasons(report: ReportLike | null | undefined, limit = 12): string[] {
  if (!report) return [];
  if (report.reasons && report.reasons.length > 0) return report.reasons.slice(0, limit);
  const rank = { fail: 0, review: 1, pass: 2 } as const;
  const lines: { v: Verdict; text: string }[] = [];
  for (const f of report.findings ?? [])
    if (f.verdict !== 'pass') lines.push({ v: f.verdict, text: `${f.rule}: ${f.reason}` });
  for (const c of report.cells ?? []) {
    for (const v of c.verdicts ?? []) {
      if (v.verdict === 'pass') continue;
      const where = c.row === null ? `column ${c.column}` : `row ${c.row + 1}, column ${c.column}`;
      lines.push({ v: v.verdict, text: `${where} (${v.rule}): ${v.reason}` });
    }
  }
  return lines
    .sort((a, b) => rank[a.v] - rank[b.v])
    .slice(0, limit)
    .map((l) => l.text);
}

/** The worst verdict at (row, column), or undefined when the report says nothing about that cell. */
export function cellVerdicts(
  report: ReportLike | null | undefined,
): (row: number, column: string) => Verdict | undefined {
  const map = new Map<string, Verdict>();
  const rank = { pass: 0, review: 1, fail: 2 } as const;
  for (const c of report?.cells ?? []) {
    if (c.row === null) continue;
    const key = `${c.row}\u0000${c.column}`;
    const prev = map.get(key);
    if (!prev || rank[c.verdict] > rank[prev]) map.set(key, c.verdict);
  }
  return (row, column) => map.get(`${row}\u0000${column}`);
}

/**
 * The output as a table rebuilt from the report's cells (group values and printed statistic values), for when
 * the real rows are not sent to the browser.
 */
export function outputFromReport(report: ReportLike | null | undefined): {
  columns: string[];
  rows: Record<string, unknown>[];
} {
  const cells = (report?.cells ?? []).filter((c) => c.row !== null);
  const byRow = new Map<number, Record<string, unknown>>();
  const columns: string[] = [];
  const add = (c: string) => {
    if (!columns.includes(c)) columns.push(c);
  };
  for (const c of cells) {
    const row = byRow.get(c.row!) ?? {};
    for (const [k, v] of Object.entries(c.group ?? {})) {
      add(k);
      row[k] = v;
    }
    add(c.column);
    row[c.column] = c.stats?.value ?? null;
    byRow.set(c.row!, row);
  }
  const rows = [...byRow.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  return { columns, rows };
}
