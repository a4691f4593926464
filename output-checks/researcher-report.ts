/**
 * What a researcher may read of a check report before release: a closed list. The outcome, the profile's
 * parameters (settings, not data), the query's shape (from the SQL text), and per cell that did not pass only its
 * position and the names of the rules it broke — each with a fixed sentence from `RULE_ADVICE`. No value, count,
 * group key, message or figure computed from the data gets through, because nothing is copied from the full
 * report except rule names, verdicts and positions, and rule names outside the table become `other`.
 */
import { worstFirst } from './rules.ts';
import type { CheckReport, DisclosureProfile, Verdict } from './types.ts';

/** One rule broken by a cell or by the output, in fixed words. */
export interface ResearcherFinding {
  verdict: Verdict;
  rule: ResearcherRule;
  reason: string;
}

/** A cell that did not pass: where it is printed (row index, column name) and which rules it broke. */
export interface ResearcherCell {
  row: number | null;
  column: string;
  verdict: Verdict;
  verdicts: ResearcherFinding[];
}

/** The researcher's view of a check report (no figures from the data). */
export interface ResearcherReport {
  outcome: Verdict;
  shape: string;
  profile: DisclosureProfile;
  /** Only cells that did not pass; cells of groups the output does not print are reported as one finding. */
  cells: ResearcherCell[];
  findings: ResearcherFinding[];
  reasons: string[];
}

/** What each rule tells a researcher. Parameters come from the profile; nothing comes from the data. */
const RULE_ADVICE = {
  threshold: (p: DisclosureProfile) => `built from fewer than ${p.threshold} persons: merge categories or suppress`,
  zeros: () => 'an empty (zero) cell: it tells that no one in the group has the attribute; merge categories',
  missing: () => 'a missing (NULL) statistic may hide an empty or tiny group: explain it or drop the cell',
  negative: () => 'negative contributions make the dominance rules undefined: a custodian must judge it',
  dominance: (p: DisclosureProfile) =>
    `a few persons make up most of the total (dominance ${p.dominanceN}, ${p.dominanceK * 100} %): group more widely or suppress`,
  'p-percent': (p: DisclosureProfile) =>
    `the largest contribution could be estimated to within ${p.pPercent * 100} %: group more widely or suppress`,
  extreme: () => "a max/min/percentile/mode is an individual's value: a custodian must judge it",
  dof: (p: DisclosureProfile) =>
    `fewer than ${p.dofThreshold} residual degrees of freedom: use more data or fewer parameters`,
  'rare-binary': (p: DisclosureProfile) =>
    `a binary outcome whose rarer category has fewer than ${p.threshold} persons`,
  'class-disclosure': () => 'everyone in a row of the table falls in one category (100 % / 0 %): merge categories',
  'same-values': () => 'every person contributes the same value, so the statistic reveals each one’s value',
  statistic: () => 'an aggregate the checker does not know: a custodian must judge it',
  'row-level': () => 'the output is row-level or prints an identifier or pseudonym column: only aggregates may leave',
  'cell-cap': (p: DisclosureProfile) =>
    `more than ${p.maxCells} cells, or more rows than the enclave keeps: aggregate further`,
  shape: () => 'the query shape could not be fully analysed, so a custodian must review the output',
  having: () => 'HAVING filters on aggregates: the groups it hides can be disclosed by their absence',
  hidden: () => 'groups the query hides (HAVING/LIMIT) break a rule, and their absence can disclose them',
  hierarchy: () =>
    'one grouping key follows from another in the data (like district → province): a custodian confirms the hierarchy is public',
  'absent-combination': () =>
    'a combination of the printed categories that no one has is missing from the table, and its absence shows an empty cell: merge categories or narrow the table',
  companion: () => 'the persons behind some printed rows could not be counted: a custodian must review the output',
  'self-differencing': (p: DisclosureProfile) =>
    `two of its statistics cover nearly the same persons, so their difference isolates fewer than ${p.threshold}: drop one, or make both cover the same persons`,
  differencing: (p: DisclosureProfile) =>
    `together with outputs already released to this project it isolates fewer than ${p.threshold} persons`,
  margins: () => 'a published margin recovers a suppressed cell: suppress a complementary cell',
  profile: () => "the project's disclosure settings could not be applied as given: a custodian must review",
  checker: () => 'the output could not be checked automatically: it is held and counts as failing',
  other: () => 'a custodian must review this output',
} as const satisfies Record<string, (profile: DisclosureProfile) => string>;

/** Rule names a researcher may see. */
export type ResearcherRule = keyof typeof RULE_ADVICE;

export const RESEARCHER_RULES = Object.keys(RULE_ADVICE) as ResearcherRule[];

/** Every sentence a researcher may read in a report under `profile`, by rule (the closed list, for tests and docs). */
export function researcherAdvice(profile: DisclosureProfile): Record<ResearcherRule, string> {
  return Object.fromEntries(RESEARCHER_RULES.map((rule) => [rule, RULE_ADVICE[rule](profile)])) as Record<
    ResearcherRule,
    string
  >;
}

const ruleOf = (rule: string): ResearcherRule => (rule in RULE_ADVICE ? (rule as ResearcherRule) : 'other');

function finding(verdict: Verdict, rule: string, profile: DisclosureProfile): ResearcherFinding {
  const known = ruleOf(rule);
  return { verdict, rule: known, reason: RULE_ADVICE[known](profile) };
}

/** Keeps the first finding of each (verdict, rule). */
const distinct = (findings: readonly ResearcherFinding[]) =>
  findings.filter((f, i) => findings.findIndex((g) => g.rule === f.rule && g.verdict === f.verdict) === i);

const VERDICTS: ReadonlySet<string> = new Set(['pass', 'review', 'fail']);
const verdictOf = (value: unknown): Verdict => (VERDICTS.has(String(value)) ? (value as Verdict) : 'fail');

/**
 * The closed researcher surface of a report. Accepts anything stored as a report (a full `CheckReport`, an
 * unchecked placeholder, null) and never copies a free-text field.
 */
export function researcherReport(stored: unknown, fallbackProfile: DisclosureProfile): ResearcherReport | null {
  if (!stored || typeof stored !== 'object') return null;
  const report = stored as Partial<CheckReport> & { checked?: boolean };
  const profile = report.profile ?? fallbackProfile;
  const outcome = verdictOf(report.outcome ?? (report.checked === false ? 'review' : 'fail'));
  const printed = (report.cells ?? []).filter((c) => c.verdict !== 'pass' && typeof c.row === 'number');
  const hidden = (report.cells ?? []).filter(
    (c) => c.verdict !== 'pass' && typeof c.row !== 'number' && c.absent !== true,
  );
  const absent = (report.cells ?? []).filter(
    (c) => c.verdict !== 'pass' && typeof c.row !== 'number' && c.absent === true,
  );
  const cells: ResearcherCell[] = printed.map((c) => ({
    row: c.row,
    column: String(c.column),
    verdict: verdictOf(c.verdict),
    verdicts: worstFirst(
      distinct(
        (c.verdicts ?? [])
          .filter((v) => v.verdict !== 'pass')
          .map((v) => finding(verdictOf(v.verdict), v.rule, profile)),
      ),
    ),
  }));
  const findings = distinct([
    ...(report.findings ?? []).map((f) => finding(verdictOf(f.verdict), f.rule, profile)),
    ...hidden.map((c) => finding(verdictOf(c.verdict), 'hidden', profile)),
    ...absent.map((c) => finding(verdictOf(c.verdict), 'absent-combination', profile)),
    ...(report.checked === false ? [finding('review', 'other', profile)] : []),
  ]);
  return {
    outcome,
    shape: typeof report.shape === 'string' ? report.shape : 'unchecked',
    profile,
    cells,
    findings: worstFirst(findings),
    reasons: researcherReasons(cells, findings),
  };
}

/** One line per (verdict, rule, column) and per finding, worst first, e.g. `fail · threshold · column n, rows 2, 5: …`. */
function researcherReasons(cells: readonly ResearcherCell[], findings: readonly ResearcherFinding[]): string[] {
  const lines = new Map<string, { verdict: Verdict; rows: number[]; reason: string; rule: string; column: string }>();
  for (const cell of cells) {
    for (const v of cell.verdicts) {
      const key = `${v.verdict}|${v.rule}|${cell.column}`;
      const line = lines.get(key) ?? {
        verdict: v.verdict,
        rows: [],
        reason: v.reason,
        rule: v.rule,
        column: cell.column,
      };
      line.rows.push((cell.row ?? 0) + 1);
      lines.set(key, line);
    }
  }
  const cellLines = [...lines.values()].map((l) => {
    const shown = l.rows.length > 8 ? `${l.rows.slice(0, 8).join(', ')} and more` : l.rows.join(', ');
    return {
      verdict: l.verdict,
      text: `${l.verdict} · ${l.rule} · column ${l.column}, row${l.rows.length > 1 ? 's' : ''} ${shown}: ${l.reason}`,
    };
  });
  const findingLines = findings.map((f) => ({ verdict: f.verdict, text: `${f.verdict} · ${f.rule}: ${f.reason}` }));
  return worstFirst([...findingLines, ...cellLines]).map((l) => l.text);
}
