/** Types shared across the anonymisation module. */

/** A rule's outcome, as everywhere in the facility. */
import type { Verdict } from '../platform/index.ts';
export type { Verdict };

/**
 * A generalisation hierarchy for one column: `levels[0]` are the original values; `levels[l][i]` is what
 * original value `i` becomes at level `l`. The last level is normally full suppression (`*`).
 */
export interface Hierarchy {
  column: string;
  levels: string[][];
}

/** Quality models for choosing among k-anonymous transformations (all: lower is better). */
export type QualityMetric = 'nue' | 'loss' | 'discernibility' | 'aecs' | 'precision';

/**
 * `distinct`: ≥ l distinct values; `entropy`: Shannon entropy ≥ log l; `grassberger`: the same with Grassberger's
 * (2003) bias-corrected estimator, as ARX's `EntropyEstimator.GRASSBERGER`; `recursive`: recursive-(c,l),
 * r1 < c·(r_l + … + r_m) over the value counts sorted in decreasing order.
 */
export type LDiversityVariant = 'distinct' | 'entropy' | 'grassberger' | 'recursive';

/** l-diversity on a sensitive column: every class holds ≥ l distinct values (or entropy ≥ log2 l). */
export interface LDiversityCriterion {
  column: string;
  l: number;
  variant: LDiversityVariant;
  /** The c of recursive-(c,l) diversity (needed for `recursive` only). */
  c?: number;
}

/**
 * t-closeness on a sensitive column: the earth mover's distance between each class's distribution and the whole
 * table's is at most t; `equal` ground distance, `hierarchical` over the given hierarchy of the sensitive column,
 * or `ordered` over the values sorted as strings (ARX's `OrderedDistanceTCloseness` for its default string type).
 */
export interface TClosenessCriterion {
  column: string;
  t: number;
  distance: 'equal' | 'hierarchical' | 'ordered';
  hierarchy?: Hierarchy;
}
