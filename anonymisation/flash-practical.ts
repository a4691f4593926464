/**
 * ARX's Flash under practical monotonicity (`ARXConfiguration.setPracticalMonotonicity(true)`): the privacy models
 * and the quality model are taken as monotone, so ARX runs Flash's single binary phase
 * (`FLASHAlgorithm.createFullFull`) and tags predictively — a passing node passes everything above it, a failing node
 * fails everything below it — although with suppression and l-diversity or t-closeness that need not hold. Nodes
 * tagged so are never checked, and the optimum is the best node that was checked. This reproduces ARX's answer, not
 * the optimum: the exact search (`search.ts`) can find a better node that this search skips.
 *
 * The port follows ARX's classes one to one: the traversal of `FLASHAlgorithmImpl` (`traverse`, `binarySearch`,
 * `findPath`, `checkPath`, `checkAndTag`), the node order of `FLASHStrategy`, the optimum of
 * `AbstractAlgorithm.trackOptimum`, and the order in which jhpl's lattice lists nodes. Ties in the strategy are
 * broken as in ARX: lists are sorted stably from ascending identifiers (ARX's order of a level and of successors),
 * and the queue is a port of `java.util.PriorityQueue`, whose heap decides between equal nodes.
 */
import { baseClasses, rollUp } from './roll-up.ts';
import type { Histogram } from './histogram.ts';
import { levelFigures, nodeScore } from './quality.ts';
import {
  CACHE_CLASS_BUDGET,
  evaluate,
  finestCached,
  latticeShape,
  mark,
  smallClasses,
  suppressionAllowance,
  type SearchOptions,
  type SearchResult,
} from './search.ts';
import type { NodeClasses } from './classes.ts';

export interface FlashLattice {
  /** Levels of each quasi-identifier's hierarchy (its height in ARX's terms plus one). */
  depths: readonly number[];
  /** `distinct[c][l]`: distinct values of quasi-identifier c at level l among the values present in the data. */
  distinct: ReadonlyArray<ArrayLike<number>>;
}

export interface FlashOutcome {
  /** Levels of the optimum, or null when no checked node passed. */
  levels: number[] | null;
  score: number;
  /** The checked nodes in the order they were checked. */
  checked: number[][];
}

/**
 * Runs ARX's binary Flash phase over the lattice. `check` is a node's score when it passes, null when it fails;
 * it is called once per checked node.
 */
export function flashPractical(lattice: FlashLattice, check: (levels: Int32Array) => number | null): FlashOutcome {
  const { depths, distinct } = lattice;
  const dims = depths.length;
  // jhpl numbers a node by its levels with the first quasi-identifier least significant
  const multipliers: number[] = [];
  let size = 1;
  for (const depth of depths) {
    multipliers.push(size);
    size *= depth;
  }
  const levelsOf = (id: number): Int32Array => {
    const levels = new Int32Array(dims);
    for (let c = 0; c < dims; c += 1) levels[c] = Math.floor(id / multipliers[c]!) % depths[c]!;
    return levels;
  };
  const maxLevel = depths.reduce((a, b) => a + b - 1, 0);
  const heights = new Int32Array(size);
  const odometer = new Int32Array(dims);
  for (let id = 0, height = 0; id < size; id += 1) {
    heights[id] = height;
    for (let c = 0; c < dims; c += 1) {
      if (odometer[c]! + 1 < depths[c]!) {
        [odometer[c], height] = [odometer[c]! + 1, height + 1];
        break;
      }
      [odometer[c], height] = [0, height - depths[c]! + 1];
    }
  }

  // FLASHStrategy: level, then mean relative level, then mean share of distinct values lost, all ascending
  const criteria = (id: number): [number, number, number] => {
    const levels = levelsOf(id);
    let [height, precision, kept] = [0, 0, 0];
    for (let c = 0; c < dims; c += 1) {
      height += levels[c]!;
      kept += distinct[c]![levels[c]!]! / distinct[c]![0]!;
      precision += levels[c]! / (depths[c]! - 1);
    }
    return [height / maxLevel, precision / dims, 1 - kept / dims];
  };
  const cache = new Map<number, [number, number, number]>();
  const compare = (a: number, b: number): number => {
    let x = cache.get(a);
    if (!x) cache.set(a, (x = criteria(a)));
    let y = cache.get(b);
    if (!y) cache.set(b, (y = criteria(b)));
    for (let i = 0; i < 3; i += 1) {
      if (x[i]! < y[i]!) return -1;
      if (x[i]! > y[i]!) return 1;
    }
    return 0;
  };

  const status = new Uint8Array(size);
  const skip = (id: number) => (status[id]! & (ANONYMOUS | NOT_ANONYMOUS)) !== 0;

  const successors = new Map<number, number[]>();
  const sortedSuccessors = (id: number): number[] => {
    let list = successors.get(id);
    if (list) return list;
    list = [];
    for (let c = 0; c < dims; c += 1) {
      if ((Math.floor(id / multipliers[c]!) % depths[c]!) + 1 < depths[c]!) list.push(id + multipliers[c]!);
    }
    list.sort(compare);
    successors.set(id, list);
    return list;
  };

  let best: { id: number; score: number } | null = null;
  const checked: number[][] = [];
  const checkAndTag = (id: number): void => {
    const levels = levelsOf(id);
    checked.push([...levels]);
    const score = check(levels);
    if (score === null) {
      mark(id, multipliers, depths, status, NOT_ANONYMOUS, -1); // a predictive tag
      return;
    }
    mark(id, multipliers, depths, status, ANONYMOUS, +1);
    if (best === null || score < best.score || (score === best.score && heights[id]! < heights[best.id]!)) {
      best = { id, score };
    }
  };

  const queue = new JavaPriorityQueue(compare);
  const findPath = (start: number): number[] => {
    const path = [start];
    for (let current = start, found = true; found;) {
      found = false;
      for (const next of sortedSuccessors(current)) {
        if (skip(next)) continue;
        current = next;
        path.push(next);
        found = true;
        break;
      }
    }
    return path;
  };
  const checkPath = (path: number[]): void => {
    let [low, high] = [0, path.length - 1];
    while (low <= high) {
      const mid = (low + high) >> 1;
      const id = path[mid]!;
      if (skip(id)) {
        high = mid - 1;
        continue;
      }
      checkAndTag(id);
      if (status[id]! & ANONYMOUS) {
        high = mid - 1;
      } else {
        for (const up of sortedSuccessors(id)) if (!skip(up)) queue.add(up);
        low = mid + 1;
      }
    }
  };
  const binarySearch = (start: number): void => {
    queue.add(start);
    while (queue.size > 0) {
      const id = queue.poll();
      if (!skip(id)) checkPath(findPath(id));
    }
  };

  const byLevel: number[][] = Array.from({ length: maxLevel + 1 }, () => []);
  for (let id = 0; id < size; id += 1) byLevel[heights[id]!]!.push(id);
  for (const level of byLevel) {
    for (const id of level.filter((node) => !skip(node)).sort(compare)) binarySearch(id);
  }
  const found = best as { id: number; score: number } | null;
  return found
    ? { levels: [...levelsOf(found.id)], score: found.score, checked }
    : { levels: null, score: Infinity, checked };
}

const ANONYMOUS = 1;
const NOT_ANONYMOUS = 2;

/** `java.util.PriorityQueue` with a comparator: the same binary heap, so equal elements leave in the same order. */
export class JavaPriorityQueue {
  private readonly heap: number[] = [];

  constructor(private readonly compare: (a: number, b: number) => number) {}

  get size(): number {
    return this.heap.length;
  }

  add(x: number): void {
    const heap = this.heap;
    let k = heap.length;
    heap.push(x);
    while (k > 0) {
      const parent = (k - 1) >>> 1;
      const e = heap[parent]!;
      if (this.compare(x, e) >= 0) break;
      heap[k] = e;
      k = parent;
    }
    heap[k] = x;
  }

  poll(): number {
    const heap = this.heap;
    const result = heap[0]!;
    const x = heap.pop()!;
    const n = heap.length;
    if (n > 0) {
      let k = 0;
      const half = n >>> 1;
      while (k < half) {
        let child = 2 * k + 1;
        let c = heap[child]!;
        const right = child + 1;
        if (right < n && this.compare(c, heap[right]!) > 0) c = heap[(child = right)]!;
        if (this.compare(x, c) <= 0) break;
        heap[k] = c;
        k = child;
      }
      heap[k] = x;
    }
    return result;
  }
}

/** Distinct values of each quasi-identifier at each level, counting only the values present (ARX's dictionary). */
function distinctPresent(histogram: Histogram): Int32Array[] {
  return histogram.hierarchies.map((hierarchy, c) => {
    const present = new Uint8Array(hierarchy.codes[0]!.length);
    histogram.qi[c]!.forEach((v, g) => {
      if (histogram.counts[g]! > 0) present[v] = 1;
    });
    return Int32Array.from(hierarchy.codes, (codes, l) => {
      const seen = new Uint8Array(hierarchy.labels[l]!.length);
      let count = 0;
      present.forEach((p, v) => {
        if (p && !seen[codes[v]!]) [seen[codes[v]!], count] = [1, count + 1];
      });
      return count;
    });
  });
}

/** The lattice search as ARX runs it with practical monotonicity; options and result as for `searchLattice`. */
export function searchLatticePractical(histogram: Histogram, options: SearchOptions): SearchResult {
  const { depths, size } = latticeShape(histogram, options);
  const allowed = suppressionAllowance(histogram, options);
  const criteria = options.criteria ?? [];
  const figures = levelFigures(histogram);
  // each node's classes are rolled up from the finest node checked below it, as in the exact search
  const cache: NodeClasses[] = [baseClasses(histogram)];
  let cached = 0;
  const outcome = flashPractical({ depths, distinct: distinctPresent(histogram) }, (levels) => {
    const classes = rollUp(histogram, finestCached(cache, levels), levels);
    if (cached + classes.count > CACHE_CLASS_BUDGET) [cache.length, cached] = [1, 0];
    cache.push(classes);
    cached += classes.count;
    const small = smallClasses(classes, options.k);
    if (small.suppressedRecords > allowed) return null;
    const evaluated = criteria.length === 0 ? small : evaluate(histogram, levels, options.k, criteria);
    if (evaluated.suppressedRecords > allowed) return null;
    return nodeScore(
      options.metric,
      figures,
      histogram,
      levels,
      evaluated.classes,
      evaluated.suppressed,
      options.monotonic,
    );
  });
  const nodesChecked = outcome.checked.length;
  if (!outcome.levels) {
    return { found: false, levels: [], score: Infinity, suppressedRecords: 0, nodesChecked, latticeSize: size };
  }
  const evaluated = evaluate(histogram, Int32Array.from(outcome.levels), options.k, criteria);
  return { found: true, levels: outcome.levels, score: outcome.score, nodesChecked, latticeSize: size, ...evaluated };
}
