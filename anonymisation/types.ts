/** Types shared across the anonymisation module. */

/** A rule's outcome, as everywhere in the facility. */
export type Verdict = 'pass' | 'review' | 'fail';

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

export type LDiversityVariant = 'distinct' | 'entropy';

/** l-diversity on a sensitive column: every class holds ≥ l distinct values (or entropy ≥ log2 l). */
export interface LDiversityCriterion {
  column: string;
  l: number;
  variant: LDiversityVariant;
}

/**
 * t-closeness on a sensitive column: the earth mover's distance between each class's distribution and the whole
 * table's is at most t; `equal` ground distance, or `hierarchical` over the given hierarchy of the sensitive column.
 */
export interface TClosenessCriterion {
  column: string;
  t: number;
  distance: 'equal' | 'hierarchical';
  hierarchy?: Hierarchy;
}
