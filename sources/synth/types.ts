/** Types at the boundary of the generator. */

/** Progress callbacks (structurally the CLI's progress bar). */
export interface SynthProgress {
  start(total: number, label: string): void;
  increment(by?: number): void;
  stop(): void;
}

/** Seeded dirty rows per source, by kind (`bad_check_digit`, `impossible_date`, `unknown_code`, `duplicate`, `broken_line`). */
export type DirtyCounts = Record<
  'population' | 'grants' | 'employment' | 'health' | 'education',
  Record<string, number>
>;

/** What `generateRegistries` made. Row counts include dirty rows (a duplicate counts twice). */
export interface SynthSummary {
  persons: number;
  seed: number;
  asOf: string;
  households: number;
  /** Top-level counts as in the contract (same numbers as in `rows`). */
  grants: number;
  employmentRows: number;
  healthVisits: number;
  enrolments: number;
  rows: {
    population: number;
    grants: number;
    employers: number;
    monthlyEarnings: number;
    uifClaims: number;
    healthVisits: number;
    healthFiles: number;
    enrolments: number;
  };
  /** People aged 15–64 working or looking for work on the as-of date, and how many of them are unemployed. */
  labourForce: { inLabourForce: number; unemployed: number; unemploymentRate: number };
  dirty: DirtyCounts;
  seconds: number;
  /** Seconds per generation step (DuckDB work; `load_wait` is the Postgres COPY and indexing still running after it). */
  timings: Record<string, number>;
}
