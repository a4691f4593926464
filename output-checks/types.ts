/** Types shared by the output-checking rules, the SQL analysis, the released cells and the release workflow. */

/** A rule's judgement: `pass` may be released, `review` needs a custodian's eyes, `fail` may not be released. */
import type { Verdict } from '../platform/index.ts';
export type { Verdict };

/** What a rule says about one cell. */
export interface CellVerdict {
  verdict: Verdict;
  /** Rule name, e.g. `threshold`, `dominance`, `p-percent`. */
  rule: string;
  /** Plain words: what is wrong and what to change. */
  reason: string;
}

/** The statistic a cell shows; decides which rules apply. */
export type StatisticKind =
  | 'count' // frequency of persons or rows
  | 'sum' // magnitude: a total of a measure
  | 'mean' // magnitude: an average of a measure
  | 'extreme' // max, min, median, percentile, mode: reveals one person's value
  | 'spread' // standard deviation, variance
  | 'model' // regression coefficient, correlation
  | 'group' // a group key with no statistic (SELECT DISTINCT)
  | 'other'; // an aggregate we do not know: always reviewed

/**
 * The true figures behind one output cell, computed by the companion query on the data (not read from what the
 * researcher printed). Contributions are per person: the sum of the measure over that person's rows.
 */
export interface CellStats {
  kind: StatisticKind;
  /** Distinct persons who contribute (non-null; non-zero for sums) to the cell; null when unknown. */
  persons: number | null;
  /**
   * Distinct persons in the cell whatever their measured value (a person whose value is all NULL counts). The
   * threshold applies to both counts; absent when it is the same as `persons`.
   */
  cellPersons?: number | null;
  /** The value printed in the output, if known. */
  value?: number | null;
  /** Sum of all per-person contributions (sums and means). */
  total?: number | null;
  /** Largest per-person contributions, largest first (sums and means). */
  top?: readonly number[];
  /** Smallest per-person contribution; negative makes dominance undefined. */
  minContribution?: number | null;
  /** Smallest single row's value (a clawback row can hide inside a positive per-person sum); negative → review. */
  minRow?: number | null;
  /** Residual degrees of freedom (spreads and models). */
  residualDf?: number | null;
  /** When the measure is binary (0/1): persons with a 1 and persons with only 0s; else null. */
  binary?: { ones: number; zeros: number } | null;
}

/**
 * Disclosure-control parameters. Defaults are ACRO's (SDAP handbook); a custodian may tighten them per project,
 * never loosen them (see `tightenProfile`).
 */
export interface DisclosureProfile {
  /** A cell built from fewer persons fails. Default 10. */
  threshold: number;
  /** Dominance (n, k): the n largest contributions may not exceed k of the total. Default n = 2. */
  dominanceN: number;
  /** Default 0.9. */
  dominanceK: number;
  /** p % rule: the rest of the total must exceed p × the largest contribution. Default 0.1. */
  pPercent: number;
  /** Spreads and models need at least this many residual degrees of freedom. Default 10. */
  dofThreshold: number;
  /**
   * Verdict for a zero cell (printed, or a combination of the keys the output does not print), a total or mean of
   * exactly 0, a 0 %/100 % class disclosure and all-same values. Default `fail`, as ACRO's `zeros_are_disclosive`.
   */
  zeros: 'review' | 'fail';
  /** Verdict for a missing (NULL) statistic. Default `review`. */
  missing: 'review' | 'fail';
  /** More output cells than this are refused. Default 10 000. */
  maxCells: number;
  /** Release outputs whose every cell passes without a custodian (still recorded and audited). Default false. */
  autoReleasePass: boolean;
  /** Two distinct custodians must approve. Default false. */
  twoCustodians: boolean;
  /** Released counts are rounded to a multiple of this. Default 5; a project may only raise it. */
  countRoundingBase: number;
  /** Released magnitudes keep this many significant figures. Default 3; a project may only lower it (floor 1). */
  magnitudeSignificantFigures: number;
  /** Real queries a project may submit per UTC day. Default 50; a project may only lower it. */
  realQueriesPerDay: number;
  /** Failed or refused real queries of one researcher in a UTC day above which custodians are alerted. Default 20. */
  probeAlertThreshold: number;
}

/** One cell of a checked output: where it is and what the rules said. */
export interface CheckedCell {
  row: number | null;
  column: string;
  /** A combination of the printed keys' categories that does not occur (an empty cell shown by its absence). */
  absent?: boolean;
  /** Group key values that define the cell (column → value). */
  group: Record<string, unknown>;
  stats: CellStats;
  verdict: Verdict;
  verdicts: CellVerdict[];
}

/** Per-column summary for the custodian. */
export interface ColumnSummary {
  column: string;
  role: 'group' | 'statistic' | 'identifier' | 'other';
  kind?: StatisticKind;
  cells: number;
  pass: number;
  review: number;
  fail: number;
  minPersons: number | null;
}

/** The full check report stored with a query and shown to custodians. */
export interface CheckReport {
  outcome: Verdict;
  /** Plain-language reasons, worst first: which cells, which rule, what to change. */
  reasons: string[];
  shape: string;
  profile: DisclosureProfile;
  cells: CheckedCell[];
  columns: ColumnSummary[];
  /** Table-level verdicts (row level, cell cap, HAVING, differencing, unanalysable shapes…). */
  findings: CellVerdict[];
  checkedAt: string;
  /** The rounding applied to the released file before this (re-)check; absent on the check of the raw output. */
  rounding?: RoundingApplied;
}

/** What a release states about its rounding: the profile's settings and what each numeric column got. */
export interface RoundingApplied {
  countBase: number;
  significantFigures: number;
  /** Output column → base (counts) and/or significant figures (magnitudes) applied. */
  columns: Record<string, { base: number | null; figures: number | null }>;
}
