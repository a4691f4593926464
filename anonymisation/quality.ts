/**
 * Quality models (all: lower is better). Non-uniform entropy is ARX's precomputed variant: per column, the sum over
 * records of log2(b/a), a = records with the record's original value, b = records sharing its generalised value;
 * it ignores suppression. Loss and precision count a suppressed record as fully generalised; discernibility charges
 * a suppressed record the table size; AECS is records per class with the suppressed records as one class.
 */
import type { Histogram } from './histogram.ts';
import type { QualityMetric } from './types.ts';

/** Per-column, per-level figures that do not depend on the other columns: computed once per search. */
export interface LevelFigures {
  /** `nue[c][l]`: non-uniform entropy of column c at level l. */
  nue: Float64Array[];
  /** `loss[c][l]`: records × Loss of column c at level l without suppression. */
  loss: Float64Array[];
  /** `lossOfCode[c][l][code]`: (leaves − 1)/(domain − 1). */
  lossOfCode: Float64Array[][];
}

export function levelFigures(histogram: Histogram): LevelFigures {
  const nue: Float64Array[] = [];
  const loss: Float64Array[] = [];
  const lossOfCode: Float64Array[][] = [];
  histogram.hierarchies.forEach((hierarchy, c) => {
    const perValue = new Float64Array(hierarchy.codes[0]!.length);
    histogram.qi[c]!.forEach((v, g) => (perValue[v]! += histogram.counts[g]!));
    const domain = hierarchy.codes[0]!.length;
    const columnNue = new Float64Array(hierarchy.depth);
    const columnLoss = new Float64Array(hierarchy.depth);
    const codeLoss: Float64Array[] = [];
    for (let l = 0; l < hierarchy.depth; l += 1) {
      const codes = hierarchy.codes[l]!;
      const perCode = new Float64Array(hierarchy.labels[l]!.length);
      perValue.forEach((a, v) => (perCode[codes[v]!]! += a));
      const leafLoss = Float64Array.from(hierarchy.leaves[l]!, (n) => (domain > 1 ? (n - 1) / (domain - 1) : 0));
      let entropy = 0;
      let lost = 0;
      perValue.forEach((a, v) => {
        if (a > 0) entropy += a * Math.log2(perCode[codes[v]!]! / a);
        lost += a * leafLoss[codes[v]!]!;
      });
      columnNue[l] = entropy;
      columnLoss[l] = lost;
      codeLoss.push(leafLoss);
    }
    nue.push(columnNue);
    loss.push(columnLoss);
    lossOfCode.push(codeLoss);
  });
  return { nue, loss, lossOfCode };
}

/**
 * A lower bound of the metric for a node that needs only level figures (exact for NUE), as one term per column and
 * level: the bound of a node is the sum of its columns' terms.
 */
export function levelBoundTerms(metric: QualityMetric, figures: LevelFigures, histogram: Histogram): Float64Array[] {
  return histogram.hierarchies.map((hierarchy, c) =>
    Float64Array.from({ length: hierarchy.depth }, (_, l) => boundTerm(metric, figures, histogram, c, l)),
  );
}

/** The lower bound of {@link levelBoundTerms} for one node. */
export function levelBound(metric: QualityMetric, figures: LevelFigures, histogram: Histogram, levels: ArrayLike<number>): number {
  let sum = 0;
  for (let c = 0; c < histogram.hierarchies.length; c += 1) sum += boundTerm(metric, figures, histogram, c, levels[c]!);
  return sum;
}

function boundTerm(metric: QualityMetric, figures: LevelFigures, histogram: Histogram, c: number, l: number): number {
  const scale = histogram.records * histogram.hierarchies.length;
  if (metric === 'nue') return figures.nue[c]![l]!;
  if (metric === 'loss') return figures.loss[c]![l]! / scale;
  if (metric === 'precision') return (histogram.records * l) / Math.max(1, histogram.hierarchies[c]!.depth - 1) / scale;
  return 0;
}

/** Whether {@link levelBound} is the exact score (then the search can stop at the first passing node). */
export const BOUND_IS_EXACT: Readonly<Record<QualityMetric, boolean>> = {
  nue: true,
  loss: false,
  precision: false,
  discernibility: false,
  aecs: false,
};

/** Exact score of a node given its classes and which are suppressed. */
export function nodeScore(
  metric: QualityMetric,
  figures: LevelFigures,
  histogram: Histogram,
  levels: ArrayLike<number>,
  classes: { reps: Int32Array; sizes: ArrayLike<number>; count: number },
  suppressed: Uint8Array,
): number {
  const n = histogram.records;
  const columns = histogram.hierarchies.length;
  let suppressedRecords = 0;
  let kept = 0;
  let sum = 0;
  for (let c = 0; c < classes.count; c += 1) {
    const size = classes.sizes[c]!;
    if (suppressed[c]) {
      suppressedRecords += size;
      continue;
    }
    kept += 1;
    if (metric === 'discernibility') sum += size * size;
    else if (metric === 'loss') {
      const rep = classes.reps[c]!;
      for (let q = 0; q < columns; q += 1) {
        const hierarchy = histogram.hierarchies[q]!;
        const l = levels[q]!;
        sum += size * figures.lossOfCode[q]![l]![hierarchy.codes[l]![histogram.qi[q]![rep]!]!]!;
      }
    } else if (metric === 'precision') {
      for (let q = 0; q < columns; q += 1) sum += (size * levels[q]!) / Math.max(1, histogram.hierarchies[q]!.depth - 1);
    }
  }
  switch (metric) {
    case 'nue':
      return levelBound('nue', figures, histogram, levels);
    case 'discernibility':
      return sum + suppressedRecords * n;
    case 'aecs':
      return n / Math.max(1, kept + (suppressedRecords > 0 ? 1 : 0));
    case 'loss':
    case 'precision':
      return (sum + suppressedRecords * columns) / (n * columns);
  }
}
