/**
 * Quality models (all: lower is better). Non-uniform entropy is ARX's precomputed variant: per column, the sum over
 * records of log2(b/a), a = records with the record's original value, b = records sharing its generalised value.
 * Its monotonic form (ARX's `MetricMDNUEntropyPrecomputed`) ignores suppression; the non-monotonic one
 * (`MetricMDNUNMEntropyPrecomputed`) adds, per column, Σ s_v·log2(S/s_v) over the generalised values v of the
 * S suppressed records, as if they were merged into one value. Discernibility charges a suppressed record the
 * table size (`MetricSDNMDiscernability`), or in its monotonic form DM* (`MetricSDDiscernability`) scores every
 * class by its size², suppressed or not. Loss is ARX's `Metric.createLossMetric()` (`MetricMDNMLoss`, gs-factor
 * 0.5, geometric mean): per column, the records' mean of (leaves − 1)/(domain − 1), leaves being the hierarchy rows
 * under the record's generalised value and a suppressed record counting 1, truncated to 10 decimals; the score is
 * Π (1 + value)^(1/columns) − 1 over the columns. Precision counts a suppressed record as fully generalised; AECS
 * is records per class with the suppressed records as one class.
 */
import type { Histogram } from './histogram.ts';
import type { QualityMetric } from './types.ts';

/** Per-column, per-level figures that do not depend on the other columns: computed once per search. */
export interface LevelFigures {
  /** `nue[c][l]`: non-uniform entropy of column c at level l, truncated as ARX truncates it ({@link arxRound}). */
  nue: Float64Array[];
  /** `nueSum[c][l]`: ARX's unrounded Σ a·log2(a/b) (≤ 0) behind `nue[c][l]`. */
  nueSum: Float64Array[];
  /** `loss[c][l]`: Σ records × (leaves − 1) of column c at level l without suppression (see {@link lossScore}). */
  loss: Float64Array[];
  /** `lossOfCode[c][l][code]`: leaves − 1, the hierarchy rows under the code less one. */
  lossOfCode: Float64Array[][];
}

export function levelFigures(histogram: Histogram): LevelFigures {
  const nue: Float64Array[] = [];
  const nueSum: Float64Array[] = [];
  const loss: Float64Array[] = [];
  const lossOfCode: Float64Array[][] = [];
  histogram.hierarchies.forEach((hierarchy, c) => {
    const perValue = new Float64Array(hierarchy.codes[0]!.length);
    histogram.qi[c]!.forEach((v, g) => (perValue[v]! += histogram.counts[g]!));
    const domain = hierarchy.codes[0]!.length;
    const order = histogram.valueOrder?.[c] ?? Int32Array.from({ length: domain }, (_, v) => v);
    const columnNue = new Float64Array(hierarchy.depth);
    const columnSum = new Float64Array(hierarchy.depth);
    const columnLoss = new Float64Array(hierarchy.depth);
    const codeLoss: Float64Array[] = [];
    for (let l = 0; l < hierarchy.depth; l += 1) {
      const codes = hierarchy.codes[l]!;
      const perCode = new Float64Array(hierarchy.labels[l]!.length);
      perValue.forEach((a, v) => (perCode[codes[v]!]! += a));
      const leafLoss = Float64Array.from(hierarchy.leaves[l]!, (n) => n - 1);
      let entropy = 0;
      let lost = 0;
      perValue.forEach((a, v) => (lost += a * leafLoss[codes[v]!]!));
      for (const v of order) {
        const a = perValue[v]!;
        if (a > 0) entropy += a * arxLog2(a / perCode[codes[v]!]!);
      }
      columnSum[l] = entropy;
      columnNue[l] = arxRound(-entropy);
      columnLoss[l] = lost;
      codeLoss.push(leafLoss);
    }
    nue.push(columnNue);
    nueSum.push(columnSum);
    loss.push(columnLoss);
    lossOfCode.push(codeLoss);
  });
  return { nue, nueSum, loss, lossOfCode };
}

/** log2 as ARX computes it (`Math.log(x) / Math.log(2)`), so that scores agree with ARX's to the last digit. */
function arxLog2(x: number): number {
  return Math.log(x) / Math.LN2;
}

/** ARX's `Metric.round`: keeps 10 decimal places, truncating (`Math.floor(x · 1e10) / 1e10`). */
export function arxRound(value: number): number {
  return Math.floor(value * 1e10) / 1e10;
}

/**
 * ARX's Loss from `lost[c]` = Σ records × (leaves − 1) of column c, a suppressed record counting domain − 1: per
 * column lost / (records × (domain − 1)), truncated to 10 decimals, then ARX's geometric mean
 * Π (1 + value)^(1/columns) − 1 in column order. (ARX gets each column's value in floating point from the domain
 * shares leaves/domain; only where the exact quotient falls on a multiple of 1e−10 may its truncation differ.)
 */
export function lossScore(histogram: Histogram, lost: ArrayLike<number>): number {
  let product = 1;
  for (let c = 0; c < histogram.hierarchies.length; c += 1) product *= lossFactor(histogram, c, lost[c]!);
  return product - 1;
}

/** One column's factor (1 + value)^(1/columns) of {@link lossScore}: it grows with `lost`. */
function lossFactor(histogram: Histogram, c: number, lost: number): number {
  const domain = histogram.hierarchies[c]!.codes[0]!.length;
  const value = domain > 1 ? arxRound(lost / (histogram.records * (domain - 1))) : 0;
  return Math.pow(value + 1, 1 / histogram.hierarchies.length);
}

/**
 * A lower bound of the metric for a node that needs only level figures (exact for NUE), as one term per column and
 * level: the bound of a node is the sum of its columns' terms, or for loss their product less one
 * ({@link nodeBound}).
 */
export function levelBoundTerms(metric: QualityMetric, figures: LevelFigures, histogram: Histogram): Float64Array[] {
  return histogram.hierarchies.map((hierarchy, c) =>
    Float64Array.from({ length: hierarchy.depth }, (_, l) => boundTerm(metric, figures, histogram, c, l)),
  );
}

/**
 * A node's bound from its columns' terms. Loss's terms are {@link lossScore}'s factors without suppression,
 * multiplied in the same order as the score's: as every factor is at most the score's, so is the product, with
 * floating-point rounding too.
 */
export function nodeBound(metric: QualityMetric, terms: readonly Float64Array[], levels: ArrayLike<number>): number {
  if (metric === 'loss') {
    let product = 1;
    for (let c = 0; c < terms.length; c += 1) product *= terms[c]![levels[c]!]!;
    return product - 1;
  }
  let sum = 0;
  for (let c = 0; c < terms.length; c += 1) sum += terms[c]![levels[c]!]!;
  return sum;
}

function boundTerm(metric: QualityMetric, figures: LevelFigures, histogram: Histogram, c: number, l: number): number {
  const scale = histogram.records * histogram.hierarchies.length;
  if (metric === 'nue') return figures.nue[c]![l]!;
  if (metric === 'loss') return lossFactor(histogram, c, figures.loss[c]![l]!);
  if (metric === 'precision') return (histogram.records * l) / Math.max(1, histogram.hierarchies[c]!.depth - 1) / scale;
  return 0;
}

/**
 * The metrics that have an ARX `monotonic` flag, and the form each takes when the flag is not given (monotonic
 * non-uniform entropy and non-monotonic discernibility, as before the flag existed).
 */
export const DEFAULT_MONOTONIC: Readonly<Partial<Record<QualityMetric, boolean>>> = {
  nue: true,
  discernibility: false,
};

/** The metric's form: `monotonic` as asked where the metric has the flag, else its default. */
export function isMonotonic(metric: QualityMetric, monotonic: boolean | undefined): boolean {
  return DEFAULT_MONOTONIC[metric] === undefined ? false : (monotonic ?? DEFAULT_MONOTONIC[metric]!);
}

/** Whether the bound of {@link levelBoundTerms} is the exact score (the search can then stop at the first pass). */
export function boundIsExact(metric: QualityMetric, monotonic: boolean | undefined): boolean {
  return metric === 'nue' && isMonotonic(metric, monotonic);
}

/** Exact score of a node given its classes and which are suppressed. */
export function nodeScore(
  metric: QualityMetric,
  figures: LevelFigures,
  histogram: Histogram,
  levels: ArrayLike<number>,
  classes: { reps: Int32Array; sizes: ArrayLike<number>; count: number },
  suppressed: Uint8Array,
  monotonic?: boolean,
): number {
  const asMonotonic = isMonotonic(metric, monotonic);
  const n = histogram.records;
  const columns = histogram.hierarchies.length;
  let suppressedRecords = 0;
  let kept = 0;
  let sum = 0;
  const lost = new Float64Array(metric === 'loss' ? columns : 0);
  for (let c = 0; c < classes.count; c += 1) {
    const size = classes.sizes[c]!;
    if (suppressed[c]) {
      suppressedRecords += size;
      if (metric === 'discernibility' && asMonotonic) sum += size * size;
      continue;
    }
    kept += 1;
    if (metric === 'discernibility') sum += size * size;
    else if (metric === 'loss') {
      const rep = classes.reps[c]!;
      for (let q = 0; q < columns; q += 1) {
        const hierarchy = histogram.hierarchies[q]!;
        const l = levels[q]!;
        lost[q]! += size * figures.lossOfCode[q]![l]![hierarchy.codes[l]![histogram.qi[q]![rep]!]!]!;
      }
    } else if (metric === 'precision') {
      for (let q = 0; q < columns; q += 1)
        sum += (size * levels[q]!) / Math.max(1, histogram.hierarchies[q]!.depth - 1);
    }
  }
  switch (metric) {
    case 'nue':
      return asMonotonic
        ? histogram.hierarchies.reduce((score, _, q) => score + figures.nue[q]![levels[q]!]!, 0)
        : nonMonotonicNue(figures, histogram, levels, classes, suppressed);
    case 'discernibility':
      return asMonotonic ? sum : sum + suppressedRecords * n;
    case 'aecs':
      return n / Math.max(1, kept + (suppressedRecords > 0 ? 1 : 0));
    case 'loss':
      histogram.hierarchies.forEach((h, q) => (lost[q]! += suppressedRecords * (h.codes[0]!.length - 1)));
      return lossScore(histogram, lost);
    case 'precision':
      return (sum + suppressedRecords * columns) / (n * columns);
  }
}

/**
 * ARX's non-monotonic non-uniform entropy: per column, the entropy sum plus Σ_v s_v·log2(s_v/S) over the generalised
 * values v of the S suppressed records (as if merged into one value), negated and truncated per column.
 */
function nonMonotonicNue(
  figures: LevelFigures,
  histogram: Histogram,
  levels: ArrayLike<number>,
  classes: { reps: Int32Array; sizes: ArrayLike<number>; count: number },
  suppressed: Uint8Array,
): number {
  let total = 0;
  for (let c = 0; c < classes.count; c += 1) if (suppressed[c]) total += classes.sizes[c]!;
  let score = 0;
  histogram.hierarchies.forEach((hierarchy, q) => {
    let sum = figures.nueSum[q]![levels[q]!]!;
    if (total > 0) {
      const codes = hierarchy.codes[levels[q]!]!;
      const perValue = new Float64Array(hierarchy.labels[levels[q]!]!.length);
      for (let c = 0; c < classes.count; c += 1) {
        if (suppressed[c]) perValue[codes[histogram.qi[q]![classes.reps[c]!]!]!]! += classes.sizes[c]!;
      }
      for (const s of perValue) if (s > 0) sum += s * arxLog2(s / total);
    }
    score += arxRound(sum === 0 ? sum : -sum);
  });
  return score;
}
