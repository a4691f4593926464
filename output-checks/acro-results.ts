/**
 * A release request as ACRO's results folder (`results.json`, the output as CSV, `config.json`, `checksums/`), the
 * format SACRO-Viewer opens, so custodians can review our outputs in the tool they already use. The layout follows
 * ACRO's `Records.finalise_json` and `load_records` (acro/record.py): one output `output_0` whose `status` is the
 * check's outcome, `summary` its reasons, `exception` the researcher's justification, `outcome` a per-cell table of
 * broken rules (column → row → "rule; rule; " or "ok"), and per file an `sdc` block with a count per rule and the
 * [row, column] positions of printed cells that broke it. Custodians only: the cells carry the full report's rules.
 */
import { createHash } from 'node:crypto';
import type { ZipEntry } from './zip.ts';
import type { CheckReport, DisclosureProfile } from './types.ts';

/** The ACRO version whose reader (`load_records`) this layout matches; it refuses any other version string. */
export const ACRO_FORMAT_VERSION = '1.0.1';

/** What one output of the folder is made from. */
export interface AcroResultsInput {
  requestId: string;
  queryId: string;
  sql: string;
  justification: string;
  protection: { suppress?: boolean; roundBase?: number };
  report: CheckReport;
  /** The output columns in file order (positions in `sdc.cells` index them). */
  columns: readonly string[];
  /** The output file as CSV (the released, protected version). */
  csv: string;
}

const OUTPUT = 'output_0';
const FILE = `${OUTPUT}_0.csv`;

/** ACRO's `sdc`: per rule, how many cells broke it and where the printed ones are ([row, column index]). */
export function acroSdc(report: CheckReport, columns: readonly string[]) {
  const summary: Record<string, number> = {};
  const cells: Record<string, number[][]> = {};
  for (const cell of report.cells) {
    for (const rule of new Set(cell.verdicts.filter((v) => v.verdict !== 'pass').map((v) => v.rule))) {
      summary[rule] = (summary[rule] ?? 0) + 1;
      cells[rule] ??= [];
      const column = columns.indexOf(cell.column);
      if (cell.row !== null && column >= 0) cells[rule].push([cell.row, column]);
    }
  }
  // Table-level findings (row-level, shape, differencing …) have no cell: counted once, as ACRO counts a DoF check.
  for (const finding of report.findings.filter((f) => f.verdict !== 'pass')) {
    summary[finding.rule] = (summary[finding.rule] ?? 0) + 1;
    cells[finding.rule] ??= [];
  }
  return { summary, cells };
}

/** ACRO's `outcome` table: printed column → row index → the rules its cell broke ("ok" when none). */
export function acroOutcome(report: CheckReport): Record<string, Record<string, string>> {
  const outcome: Record<string, Record<string, string>> = {};
  for (const cell of report.cells.filter((c) => c.row !== null)) {
    const rules = [...new Set(cell.verdicts.filter((v) => v.verdict !== 'pass').map((v) => v.rule))];
    (outcome[cell.column] ??= {})[String(cell.row)] = rules.length > 0 ? rules.map((r) => `${r}; `).join('') : 'ok';
  }
  return outcome;
}

/** The profile in ACRO's `config.json` names (what the output was checked against). */
export function acroConfig(profile: DisclosureProfile) {
  return {
    safe_threshold: profile.threshold,
    safe_dof_threshold: profile.dofThreshold,
    safe_nk_n: profile.dominanceN,
    safe_nk_k: profile.dominanceK,
    safe_pratio_p: profile.pPercent,
    check_missing_values: true,
    survival_safe_threshold: profile.threshold,
    zeros_are_disclosive: profile.zeros === 'fail',
    safe_round_base: profile.countRoundingBase,
    federated: false,
    blocked_extensions: [],
    suppress: false,
  };
}

/** `results.json` of one release request. */
export function acroResultsJson(input: AcroResultsInput) {
  const { report } = input;
  const sdc = acroSdc(report, input.columns);
  const mitigation = [
    ...(input.protection.suppress ? ['suppression'] : []),
    ...(report.rounding
      ? [`rounding (base ${report.rounding.countBase}, ${report.rounding.significantFigures} significant figures)`]
      : []),
  ];
  const checkStatus = Object.fromEntries(Object.keys(sdc.summary).map((rule) => [rule, worstOf(report, rule)]));
  return {
    version: ACRO_FORMAT_VERSION,
    results: {
      [OUTPUT]: {
        uid: OUTPUT,
        status: report.outcome,
        type: 'table',
        properties: {
          method: 'sql',
          mitigation: mitigation.join(', ') || 'none',
          release_request: input.requestId,
          query: input.queryId,
        },
        files: [{ name: FILE, sdc }],
        outcome: acroOutcome(report),
        command: input.sql,
        summary: [`${report.shape} : ${report.outcome}`, ...report.reasons].join('\n'),
        timestamp: report.checkedAt,
        comments: [],
        exception: input.justification,
        fair: { context: 'sdf-output-checks', checks_needed: Object.keys(sdc.summary), check_status: checkStatus },
      },
    },
  };
}

/** The whole folder as zip entries: results.json, the output CSV, config.json and ACRO's sha256 checksums. */
export function acroResultsFolder(input: AcroResultsInput): ZipEntry[] {
  const results = JSON.stringify(acroResultsJson(input), null, 4);
  const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
  return [
    { name: 'results.json', data: results },
    { name: FILE, data: input.csv },
    { name: 'config.json', data: JSON.stringify(acroConfig(input.report.profile), null, 4) },
    { name: `checksums/${FILE}.txt`, data: sha(input.csv) },
    { name: 'checksums/results.json.txt', data: sha(results) },
  ];
}

function worstOf(report: CheckReport, rule: string): string {
  const verdicts = [...report.cells.flatMap((c) => c.verdicts), ...report.findings]
    .filter((v) => v.rule === rule)
    .map((v) => v.verdict);
  return verdicts.includes('fail') ? 'fail' : verdicts.includes('review') ? 'review' : 'pass';
}
