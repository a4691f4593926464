import { describe, expect, it } from 'vitest';
import { evaluate, searchLattice } from './search.ts';
import { compileHierarchy, type CompiledHierarchy } from './hierarchy.ts';
import type { Histogram } from './histogram.ts';
import { levelFigures, nodeScore } from './quality.ts';
import type { ResolvedCriterion } from './criteria.ts';
import type { QualityMetric } from './types.ts';

/** A small deterministic generator (mulberry32), so every case can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A nested hierarchy over `values` values: each level merges neighbouring codes of the one below. */
function randomHierarchy(
  column: string,
  values: number,
  depth: number,
  next: () => number,
  topIsStar: boolean,
): CompiledHierarchy {
  let codes = Array.from({ length: values }, (_, i) => i);
  const levels = [codes.map((i) => `${column}${i}`)];
  for (let l = 1; l < depth; l += 1) {
    const last = l === depth - 1 && topIsStar;
    const width = 2 + Math.floor(next() * 2);
    codes = last ? codes.map(() => 0) : codes.map((code) => Math.floor(code / width));
    levels.push(codes.map((code) => (last ? '*' : `${column}${l}_${code}`)));
  }
  return compileHierarchy({ column, levels });
}

/** A histogram of `groups` random quasi-identifier combinations (skewed counts) and one sensitive column. */
function randomHistogram(seed: number): Histogram {
  const next = random(seed);
  const columns = 2 + Math.floor(next() * 3);
  const hierarchies = Array.from({ length: columns }, (_, c) =>
    randomHierarchy(`q${c}`, 3 + Math.floor(next() * 10), 2 + Math.floor(next() * 3), next, next() < 0.8),
  );
  const groups = 20 + Math.floor(next() * 200);
  const qi = hierarchies.map((h) =>
    Int32Array.from({ length: groups }, () => Math.floor(next() ** 2 * h.codes[0]!.length)),
  );
  const sensitive = [Int32Array.from({ length: groups }, () => Math.floor(next() * 4))];
  const counts = Float64Array.from({ length: groups }, () => 1 + Math.floor(next() ** 3 * 8));
  const records = counts.reduce((a, b) => a + b, 0);
  return {
    hierarchies,
    qi,
    sensitiveColumns: ['s'],
    sensitive,
    sensitiveLabels: [['a', 'b', 'c', 'd']],
    counts,
    groups,
    records,
  };
}

/** The optimum by checking every node of the lattice. */
function exhaustive(
  histogram: Histogram,
  k: number,
  suppressionLimit: number,
  metric: QualityMetric,
  criteria: ResolvedCriterion[],
) {
  const depths = histogram.hierarchies.map((h) => h.depth);
  const size = depths.reduce((a, b) => a * b, 1);
  const allowed = Math.floor(suppressionLimit * histogram.records + 1e-9);
  const figures = levelFigures(histogram);
  let best = { score: Infinity, levels: [] as number[] };
  for (let node = 0; node < size; node += 1) {
    const levels = new Int32Array(depths.length);
    for (let c = depths.length - 1, rest = node; c >= 0; c -= 1) {
      levels[c] = rest % depths[c]!;
      rest = Math.floor(rest / depths[c]!);
    }
    const evaluated = evaluate(histogram, levels, k, criteria);
    if (evaluated.suppressedRecords > allowed) continue;
    const score = nodeScore(metric, figures, histogram, levels, evaluated.classes, evaluated.suppressed);
    if (score < best.score) best = { score, levels: [...levels] };
  }
  return best;
}

const METRICS: QualityMetric[] = ['nue', 'loss', 'discernibility', 'aecs', 'precision'];
const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

describe('the lattice search finds what checking every node finds', () => {
  it.each(SEEDS)('random histogram %i: every metric, k and suppression limit', (seed) => {
    const histogram = randomHistogram(seed);
    for (const metric of METRICS) {
      for (const [k, suppressionLimit] of [
        [2, 0],
        [3, 0.05],
        [5, 0.02],
        [10, 0.2],
      ] as const) {
        const expected = exhaustive(histogram, k, suppressionLimit, metric, []);
        const found = searchLattice(histogram, { k, suppressionLimit, metric });
        expect(found.found, `${metric} k=${k} ${suppressionLimit}`).toBe(expected.score < Infinity);
        if (found.found) expect(found.score, `${metric} k=${k} ${suppressionLimit}`).toBeCloseTo(expected.score, 9);
      }
    }
  });

  it.each(SEEDS.slice(0, 10))('random histogram %i when few roll-up sources can be remembered', (seed) => {
    const histogram = randomHistogram(seed);
    for (const [k, suppressionLimit] of [
      [3, 0.05],
      [10, 0.2],
    ] as const) {
      const expected = exhaustive(histogram, k, suppressionLimit, 'nue', []);
      const found = searchLattice(histogram, { k, suppressionLimit, metric: 'nue', rememberedClasses: 1 });
      expect(found.found).toBe(expected.score < Infinity);
      if (found.found) expect(found.score).toBeCloseTo(expected.score, 9);
    }
  });

  it.each(SEEDS.slice(0, 15))('random histogram %i with distinct 2-diversity as well', (seed) => {
    const histogram = randomHistogram(seed);
    const criteria: ResolvedCriterion[] = [{ kind: 'distinct', s: 0, l: 2 }];
    for (const metric of ['nue', 'loss'] as const) {
      const expected = exhaustive(histogram, 3, 0.1, metric, criteria);
      const found = searchLattice(histogram, { k: 3, suppressionLimit: 0.1, metric, criteria });
      expect(found.found).toBe(expected.score < Infinity);
      if (found.found) expect(found.score).toBeCloseTo(expected.score, 9);
    }
  });
});
