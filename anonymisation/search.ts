/**
 * Optimal full-domain generalisation over the lattice of level vectors. Nodes are visited in order of a lower
 * bound of the quality score (exact for non-uniform entropy, so the first node that passes is the optimum).
 * Record suppression is monotone in generalisation: when the records in classes smaller than k exceed the limit
 * at a node, every node below it fails too and is never checked. Each checked node's classes are rolled up from
 * the smallest already computed finer node. l-diversity and t-closeness are checked on the node's classes (a
 * failing class is suppressed), without pruning, since they need not be monotone under suppression.
 */
import { SdfError } from '../platform/index.ts';
import { baseClasses, classesOfGroups, rollUp, type NodeClasses } from './classes.ts';
import { failingClasses, type ResolvedCriterion } from './criteria.ts';
import { pairProjectionTest } from './projection.ts';
import type { Histogram } from './histogram.ts';
import { BOUND_IS_EXACT, levelBound, levelFigures, nodeScore } from './quality.ts';
import type { QualityMetric } from './types.ts';

export interface SearchOptions {
  k: number;
  /** Largest share of records that may be suppressed, 0…1. */
  suppressionLimit: number;
  metric: QualityMetric;
  criteria?: ResolvedCriterion[];
  /** Refuse lattices larger than this (default 5,000,000 nodes). */
  maxLatticeSize?: number;
}

export interface SearchResult {
  found: boolean;
  levels: number[];
  score: number;
  suppressedRecords: number;
  nodesChecked: number;
  latticeSize: number;
  /** Classes of the chosen node and which of them are suppressed. */
  classes?: NodeClasses & { classOf: Int32Array };
  suppressed?: Uint8Array;
}

const CACHE_LIMIT = 256;
// Confirming that a failing node is maximal costs one check per passing successor; two is the measured sweet spot.
const MAX_PASSES_PER_STEP = 2;

/** Finds the optimal level vector for the histogram. */
export function searchLattice(histogram: Histogram, options: SearchOptions): SearchResult {
  const depths = histogram.hierarchies.map((h) => h.depth);
  const size = depths.reduce((a, b) => a * b, 1);
  if (size > (options.maxLatticeSize ?? 5_000_000)) {
    throw new SdfError('lattice_too_large', `${size} generalisations; use fewer quasi-identifiers or levels, or Mondrian`);
  }
  const strides = depths.map((_, c) => depths.slice(c + 1).reduce((a, b) => a * b, 1));
  const levelsOf = (node: number): Int32Array => {
    const levels = new Int32Array(depths.length);
    for (let c = 0; c < depths.length; c += 1) levels[c] = Math.floor(node / strides[c]!) % depths[c]!;
    return levels;
  };
  const figures = levelFigures(histogram);
  const bounds = new Float64Array(size);
  const heights = new Int32Array(size);
  for (let node = 0; node < size; node += 1) {
    const levels = levelsOf(node);
    bounds[node] = levelBound(options.metric, figures, histogram, levels);
    heights[node] = levels.reduce((a, b) => a + b, 0);
  }
  const order = Int32Array.from({ length: size }, (_, i) => i).sort(
    (a, b) => bounds[a]! - bounds[b]! || heights[a]! - heights[b]! || a - b,
  );
  const allowed = Math.floor(options.suppressionLimit * histogram.records + 1e-9);
  const status = new Uint8Array(size);
  const cache: NodeClasses[] = [baseClasses(histogram)];
  const criteria = options.criteria ?? [];
  const exact = BOUND_IS_EXACT[options.metric];
  let best: SearchResult = { found: false, levels: [], score: Infinity, suppressedRecords: 0, nodesChecked: 0, latticeSize: size };
  let checked = 0;

  /** Rolls a node up, records whether its small classes fit the limit, and scores it when everything passes. */
  const projectionFails = pairProjectionTest(histogram, options.k, allowed);
  const check = (node: number): boolean => {
    const levels = levelsOf(node);
    if (projectionFails(levels)) return false;
    checked += 1;
    const classes = rollUp(histogram, finestCached(cache, levels), levels);
    remember(cache, classes);
    let small = 0;
    for (let c = 0; c < classes.count; c += 1) if (classes.sizes[c]! < options.k) small += classes.sizes[c]!;
    if (small > allowed) return false;
    mark(node, levels, strides, depths, status, K_PASS, +1);
    const evaluated = criteria.length === 0 ? smallClasses(classes, options.k) : evaluate(histogram, levels, options.k, criteria);
    if (evaluated.suppressedRecords > allowed) return true;
    // Every node above scores at least as much under a monotone model: none of them can win.
    if (exact) mark(node, levels, strides, depths, status, DOMINATED, +1);
    const score = nodeScore(options.metric, figures, histogram, levels, evaluated.classes, evaluated.suppressed);
    if (score < best.score) {
      best = { found: true, levels: [...levels], score, suppressedRecords: evaluated.suppressedRecords, nodesChecked: 0, latticeSize: size };
    }
    return true;
  };

  for (const node of order) {
    if (bounds[node]! > best.score || (exact && best.found && bounds[node]! >= best.score)) break;
    if (status[node]! & (FAIL | DOMINATED)) continue;
    if (check(node)) continue;
    // Climb from the failing node to a maximal failing one, so that one mark prunes as much as possible.
    let top = node;
    for (let moved = true; moved; ) {
      moved = false;
      const topLevels = levelsOf(top);
      const successors: number[] = [];
      for (let c = 0; c < depths.length; c += 1) if (topLevels[c]! + 1 < depths[c]!) successors.push(top + strides[c]!);
      successors.sort((a, b) => bounds[a]! - bounds[b]!);
      let passes = 0;
      for (const next of successors) {
        if (passes >= MAX_PASSES_PER_STEP) break;
        if (status[next]! & FAIL || (!(status[next]! & K_PASS) && !check(next))) {
          top = next;
          moved = true;
          break;
        }
        passes += 1;
      }
    }
    mark(top, levelsOf(top), strides, depths, status, FAIL, -1);
  }
  if (!best.found) return { ...best, nodesChecked: checked };
  return { ...best, nodesChecked: checked, ...evaluate(histogram, Int32Array.from(best.levels), options.k, criteria) };
}

const FAIL = 1;
const K_PASS = 2;
const DOMINATED = 4;

/** Sets `flag` on a node and every node above (direction +1) or below (−1) it. */
function mark(node: number, levels: Int32Array, strides: number[], depths: number[], status: Uint8Array, flag: number, direction: 1 | -1): void {
  const stack: Array<[number, Int32Array]> = [[node, levels]];
  while (stack.length > 0) {
    const [current, currentLevels] = stack.pop()!;
    if (status[current]! & flag) continue;
    status[current]! |= flag;
    for (let c = 0; c < currentLevels.length; c += 1) {
      const level = currentLevels[c]! + direction;
      if (level < 0 || level >= depths[c]!) continue;
      const next = current + direction * strides[c]!;
      if (status[next]! & flag) continue;
      const nextLevels = currentLevels.slice();
      nextLevels[c] = level;
      stack.push([next, nextLevels]);
    }
  }
}

function smallClasses(classes: NodeClasses, k: number): { classes: NodeClasses; suppressed: Uint8Array; suppressedRecords: number } {
  const suppressed = new Uint8Array(classes.count);
  let suppressedRecords = 0;
  for (let c = 0; c < classes.count; c += 1) {
    if (classes.sizes[c]! < k) {
      suppressed[c] = 1;
      suppressedRecords += classes.sizes[c]!;
    }
  }
  return { classes, suppressed, suppressedRecords };
}

/** Classes of a node with the suppressed ones flagged (size < k, or failing a sensitive criterion). */
export function evaluate(
  histogram: Histogram,
  levels: Int32Array,
  k: number,
  criteria: readonly ResolvedCriterion[],
): { classes: NodeClasses & { classOf: Int32Array }; suppressed: Uint8Array; suppressedRecords: number } {
  const classes = classesOfGroups(histogram, levels);
  const suppressed = failingClasses(
    criteria,
    classes.classOf,
    classes.count,
    histogram.sensitive,
    histogram.sensitiveLabels.map((labels) => labels.length),
    histogram.counts,
  );
  let suppressedRecords = 0;
  for (let c = 0; c < classes.count; c += 1) {
    if (classes.sizes[c]! < k) suppressed[c] = 1;
    if (suppressed[c]) suppressedRecords += classes.sizes[c]!;
  }
  return { classes, suppressed, suppressedRecords };
}

function finestCached(cache: NodeClasses[], levels: Int32Array): NodeClasses {
  let best = cache[0]!;
  for (const entry of cache) {
    if (entry.count >= best.count) continue;
    let below = true;
    for (let c = 0; c < levels.length && below; c += 1) below = entry.levels[c]! <= levels[c]!;
    if (below) best = entry;
  }
  return best;
}

function remember(cache: NodeClasses[], classes: NodeClasses): void {
  if (cache.length >= CACHE_LIMIT) cache.splice(1, 1);
  cache.push(classes);
}
