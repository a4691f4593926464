/** The JSON risk-and-utility report stored with every anonymised table and printed by `sdf anonymise`. */
import type { RiskFigures } from './risk.ts';
import type { LDiversityCriterion, QualityMetric, TClosenessCriterion } from './types.ts';

export interface NoiseReport {
  column: string;
  method: string;
  parameters: Record<string, number | string | null>;
}

export interface AnonymisationReport {
  method: 'full-domain' | 'mondrian';
  k: number;
  suppressionLimit: number;
  metric: QualityMetric;
  /** Whether `metric` was scored in its monotonic form (ARX's flag; see `quality.ts`), when it has one. */
  monotonic?: boolean;
  /** Whether the search pruned as ARX's practical monotonicity does (full-domain only; see `flash-practical.ts`). */
  practicalMonotonicity?: boolean;
  /** Chosen generalisation level per quasi-identifier, in input column order (full-domain only). */
  levels: number[];
  /** Score of the chosen transformation under `metric` (lower is better). */
  score: number;
  quasiIdentifiers: Array<{ column: string; level: number; levels: number; distinctValuesAfter: number }>;
  lDiversity: LDiversityCriterion[];
  tCloseness: Array<Omit<TClosenessCriterion, 'hierarchy'>>;
  /** `remove`: suppressed records are dropped; `mask`: their quasi-identifiers become `*`. */
  suppression: 'remove' | 'mask';
  records: { input: number; output: number; suppressed: number; suppressedShare: number };
  quality: Record<QualityMetric, number>;
  risk: { before: RiskFigures; after: RiskFigures };
  search: { nodesChecked: number; latticeSize: number };
  noise: NoiseReport[];
  runtimeMs: { histogram: number; search: number; write: number; total: number };
  output: { table?: string; parquet?: string };
}
