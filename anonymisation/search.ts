/**
 * Optimal full-domain generalisation over the lattice of level vectors. Nodes are visited in order of a lower
 * bound of the quality score (exact for non-uniform entropy, so the first node that passes is the optimum).
 * Record suppression is monotone in generalisation: when the records in classes smaller than k exceed the limit
 * at a node, every node below it fails too and is never checked. So a failing node is the start of a climb, as in
 * ARX's Flash: a path upwards is built towards the successors whose down-sets hold the most open nodes, the
 * highest failing node on it is found by binary search, and the climb goes on from there until no path leads
 * higher; then the whole down-set of that node is marked failed. Each checked node's classes are rolled up from
 * the finest remembered node below it. l-diversity and t-closeness are checked on the node's classes (a failing
 * class is suppressed), without pruning, since they need not be monotone under suppression.
 */
import { SdfError } from '../platform/index.ts';
import { classesOfGroups, type NodeClasses } from './classes.ts';
import { baseClasses, ClassStore, rollUp } from './roll-up.ts';
import { failingClasses, type ResolvedCriterion } from './criteria.ts';
import type { Histogram } from './histogram.ts';
import { boundIsExact, levelBoundTerms, levelFigures, nodeBound, nodeScore } from './quality.ts';
import type { QualityMetric } from './types.ts';

export interface SearchOptions {
  k: number;
  /** Largest share of records that may be suppressed, 0…1. */
  suppressionLimit: number;
  metric: QualityMetric;
  /** ARX's `monotonic` flag of the entropy and discernibility metrics (default: see `DEFAULT_MONOTONIC`). */
  monotonic?: boolean;
  criteria?: ResolvedCriterion[];
  /** Refuse lattices larger than this (default 5,000,000 nodes). */
  maxLatticeSize?: number;
  /** Classes of checked nodes kept as roll-up sources (default 2,000,000; never fewer than the histogram's groups). */
  rememberedClasses?: number;
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

// Roll-ups start from the finest remembered node below: nodes are remembered until this many classes are kept.
export const CACHE_CLASS_BUDGET = 2_000_000;
// Climbs between refreshes of the coverage estimate (a refresh costs one pass per quasi-identifier over the lattice;
// refreshing also whenever the best score improves cost more than the fresher counts saved).
const COVERAGE_REFRESH = 10;
// Above this lattice size the coverage estimate costs more than it saves: paths then follow the lowest bound.
const MAX_COVERAGE_LATTICE = 1 << 18;

/** The hierarchies' depths and the lattice's node count; throws `lattice_too_large` past the option's limit. */
export function latticeShape(histogram: Histogram, options: SearchOptions): { depths: number[]; size: number } {
  const depths = histogram.hierarchies.map((h) => h.depth);
  const size = depths.reduce((a, b) => a * b, 1);
  if (size > (options.maxLatticeSize ?? 5_000_000)) {
    throw new SdfError(
      'lattice_too_large',
      `${size} generalisations; use fewer quasi-identifiers or levels, or Mondrian`,
    );
  }
  return { depths, size };
}

/** How many records the suppression limit allows (a share of the records, rounded down). */
export function suppressionAllowance(histogram: Histogram, options: SearchOptions): number {
  return Math.floor(options.suppressionLimit * histogram.records + 1e-9);
}

/** Finds the optimal level vector for the histogram. */
export function searchLattice(histogram: Histogram, options: SearchOptions): SearchResult {
  const { depths, size } = latticeShape(histogram, options);
  const strides = depths.map((_, c) => depths.slice(c + 1).reduce((a, b) => a * b, 1));
  const levelsOf = (node: number): Int32Array => {
    const levels = new Int32Array(depths.length);
    for (let c = 0; c < depths.length; c += 1) levels[c] = Math.floor(node / strides[c]!) % depths[c]!;
    return levels;
  };
  const figures = levelFigures(histogram);
  const bounds = new Float64Array(size);
  const heights = new Int32Array(size);
  const terms = levelBoundTerms(options.metric, figures, histogram);
  const odometer = new Int32Array(depths.length);
  for (let node = 0; node < size; node += 1) {
    let height = 0;
    for (let c = 0; c < depths.length; c += 1) height += odometer[c]!;
    [bounds[node], heights[node]] = [nodeBound(options.metric, terms, odometer), height];
    for (let c = depths.length - 1; c >= 0 && (odometer[c] = (odometer[c]! + 1) % depths[c]!) === 0; c -= 1);
  }
  const order = Int32Array.from({ length: size }, (_, i) => i).sort(
    (a, b) => bounds[a]! - bounds[b]! || heights[a]! - heights[b]! || a - b,
  );
  const allowed = suppressionAllowance(histogram, options);
  const status = new Uint8Array(size);
  const cache: NodeClasses[] = [baseClasses(histogram)];
  const store = borrowStore(Math.max(options.rememberedClasses ?? CACHE_CLASS_BUDGET, histogram.groups));
  const criteria = options.criteria ?? [];
  const exact = boundIsExact(options.metric, options.monotonic);
  let best: SearchResult = {
    found: false,
    levels: [],
    score: Infinity,
    suppressedRecords: 0,
    nodesChecked: 0,
    latticeSize: size,
  };
  let checked = 0;

  /** Rolls a node up, records whether its small classes fit the limit, and scores it when everything passes. */
  const check = (node: number): boolean => {
    const levels = levelsOf(node);
    checked += 1;
    status[node]! |= CHECKED;
    let finer = finestCached(cache, levels);
    if (!store.fits(finer.count)) {
      // the store is full: forget every remembered node but the histogram itself (which lives outside it)
      cache.splice(1);
      store.reset();
      finer = cache[0]!;
    }
    const classes = rollUp(histogram, finer, levels, store);
    cache.push(classes);
    let small = 0;
    for (let c = 0; c < classes.count; c += 1) if (classes.sizes[c]! < options.k) small += classes.sizes[c]!;
    if (small > allowed) return false;
    mark(node, strides, depths, status, K_PASS, +1);
    const evaluated =
      criteria.length === 0 ? smallClasses(classes, options.k) : evaluate(histogram, levels, options.k, criteria);
    if (evaluated.suppressedRecords > allowed) return true;
    // Every node above scores at least as much under a monotone model: none of them can win.
    if (exact) mark(node, strides, depths, status, DOMINATED, +1);
    const score = nodeScore(
      options.metric,
      figures,
      histogram,
      levels,
      evaluated.classes,
      evaluated.suppressed,
      options.monotonic,
    );
    if (score < best.score) {
      best = {
        found: true,
        levels: [...levels],
        score,
        suppressedRecords: evaluated.suppressedRecords,
        nodesChecked: 0,
        latticeSize: size,
      };
    }
    return true;
  };

  // Whether a node's records in small classes fit the limit, checking it only when its status is unknown.
  const passesK = (node: number): boolean => {
    if (status[node]! & FAIL) return false;
    if (status[node]! & K_PASS) return true;
    return check(node);
  };
  const coverage = new CoverageEstimate(size, depths, strides, bounds, status);
  let climbs = 0;

  for (const node of order) {
    if (bounds[node]! > best.score || (exact && best.found && bounds[node]! >= best.score)) break;
    if (status[node]! & (FAIL | DOMINATED | CHECKED)) continue;
    if (status[node]! & K_PASS) {
      check(node);
      continue;
    }
    if (climbs++ % COVERAGE_REFRESH === 0) coverage.refresh(best.score);
    // Find the highest failing node above this one by binary search along a path, then keep climbing from there
    // until no path leads higher: marking that node's down-set failed settles as many open nodes as possible.
    if (check(node)) continue;
    let top = node;
    const first = coverage.bestSuccessor(node);
    let path = first < 0 ? [] : coverage.pathFrom(first);
    for (;;) {
      let [failing, passing] = [-1, path.length];
      while (passing - failing > 1) {
        const middle = (failing + passing) >> 1;
        if (passesK(path[middle]!)) passing = middle;
        else failing = middle;
      }
      if (failing < 0) break;
      top = path[failing]!;
      const next = coverage.bestSuccessor(top);
      if (next < 0) break;
      path = coverage.pathFrom(next);
    }
    mark(top, strides, depths, status, FAIL, -1);
  }
  spareStore = store;
  if (!best.found) return { ...best, nodesChecked: checked };
  return { ...best, nodesChecked: checked, ...evaluate(histogram, Int32Array.from(best.levels), options.k, criteria) };
}

// The class store of the last search, kept for the next one: allocating tens of megabytes of zeroed memory per
// search, and collecting them again, cost more than the search's own work on small lattices. Searches are
// synchronous, so two never share it.
let spareStore: ClassStore | undefined;

function borrowStore(capacity: number): ClassStore {
  const store = spareStore?.capacity === capacity ? spareStore : new ClassStore(capacity);
  spareStore = undefined;
  store.reset();
  return store;
}

const FAIL = 1;
const K_PASS = 2;
const DOMINATED = 4;
const CHECKED = 8;

/** Sets `flag` on a node and every node above (direction +1) or below (−1) it. */
export function mark(
  node: number,
  strides: readonly number[],
  depths: readonly number[],
  status: Uint8Array,
  flag: number,
  direction: 1 | -1,
): void {
  if (status[node]! & flag) return;
  status[node]! |= flag;
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (let c = 0; c < depths.length; c += 1) {
      const level = (Math.floor(current / strides[c]!) % depths[c]!) + direction;
      if (level < 0 || level >= depths[c]!) continue;
      const next = current + direction * strides[c]!;
      if (status[next]! & flag) continue;
      status[next]! |= flag;
      stack.push(next);
    }
  }
}

export function smallClasses(
  classes: NodeClasses,
  k: number,
): { classes: NodeClasses; suppressed: Uint8Array; suppressedRecords: number } {
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
    histogram.firstRow,
  );
  let suppressedRecords = 0;
  for (let c = 0; c < classes.count; c += 1) {
    if (classes.sizes[c]! < k) suppressed[c] = 1;
    if (suppressed[c]) suppressedRecords += classes.sizes[c]!;
  }
  return { classes, suppressed, suppressedRecords };
}

export function finestCached(cache: NodeClasses[], levels: Int32Array): NodeClasses {
  let best = cache[0]!;
  for (const entry of cache) {
    if (entry.count >= best.count) continue;
    let below = true;
    for (let c = 0; c < levels.length && below; c += 1) below = entry.levels[c]! <= levels[c]!;
    if (below) best = entry;
  }
  return best;
}

/**
 * Chooses where a climb goes. A failing node settles its whole down-set, so a climb should end on a failing node
 * whose down-set holds as many open nodes as possible (open: not known to fail, and scoring below the best node
 * found so far). That count is a multi-dimensional prefix sum over the lattice grid, refreshed now and then —
 * a stale count only makes a path less good, never the search wrong.
 */
class CoverageEstimate {
  private readonly openBelow: Float64Array;
  private readonly enabled: boolean;

  constructor(
    private readonly size: number,
    private readonly depths: number[],
    private readonly strides: number[],
    private readonly bounds: Float64Array,
    private readonly status: Uint8Array,
  ) {
    this.enabled = size <= MAX_COVERAGE_LATTICE;
    this.openBelow = new Float64Array(this.enabled ? size : 0);
  }

  /** Recounts the open nodes, those scoring below `threshold` (the best score so far) and not known to fail. */
  refresh(threshold: number): void {
    if (!this.enabled) return;
    const { openBelow, status, bounds, size, depths, strides } = this;
    for (let node = 0; node < size; node += 1)
      openBelow[node] = status[node]! & FAIL || bounds[node]! >= threshold ? 0 : 1;
    for (let c = 0; c < depths.length; c += 1) {
      const [stride, block] = [strides[c]!, strides[c]! * depths[c]!];
      for (let start = 0; start < size; start += block) {
        for (let node = start + stride; node < start + block; node += 1) openBelow[node]! += openBelow[node - stride]!;
      }
    }
  }

  /** The successor not known to pass that covers the most open nodes (ties: the lower bound), or −1. */
  bestSuccessor(node: number): number {
    let best = -1;
    for (let c = 0; c < this.depths.length; c += 1) {
      if ((Math.floor(node / this.strides[c]!) % this.depths[c]!) + 1 >= this.depths[c]!) continue;
      const next = node + this.strides[c]!;
      if (this.status[next]! & K_PASS) continue;
      if (best < 0 || this.better(next, best)) best = next;
    }
    return best;
  }

  /** A chain upwards from `node` (included), one best successor at a time, until no successor is left open. */
  pathFrom(node: number): number[] {
    const path = [node];
    for (let next = this.bestSuccessor(node); next >= 0; next = this.bestSuccessor(next)) path.push(next);
    return path;
  }

  private better(a: number, b: number): boolean {
    if (this.enabled && this.openBelow[a] !== this.openBelow[b]) return this.openBelow[a]! > this.openBelow[b]!;
    return this.bounds[a]! < this.bounds[b]!;
  }
}
