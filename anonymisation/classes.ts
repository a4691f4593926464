/**
 * Equivalence classes of one lattice node, computed over the histogram with an open-addressing hash on typed
 * arrays. A node's classes can be rolled up from any finer node's classes, which is what keeps the search fast.
 */
import type { Histogram } from './histogram.ts';

/** The classes of a node: one representative histogram group and a record count per class. */
export interface NodeClasses {
  levels: Int32Array;
  reps: Int32Array;
  sizes: Float64Array;
  count: number;
}

/** The histogram itself as the finest "node" (groups may repeat a class when sensitive columns split them). */
export function baseClasses(histogram: Histogram): NodeClasses {
  const reps = new Int32Array(histogram.groups);
  for (let g = 0; g < reps.length; g += 1) reps[g] = g;
  return { levels: new Int32Array(histogram.hierarchies.length), reps, sizes: histogram.counts, count: histogram.groups };
}

/** Generalised codes at `levels` of the given histogram groups, one array per quasi-identifier. */
export function generalisedCodes(histogram: Histogram, levels: ArrayLike<number>, groups: Int32Array): Int32Array[] {
  return histogram.hierarchies.map((hierarchy, c) => {
    const map = hierarchy.codes[levels[c]!]!;
    const original = histogram.qi[c]!;
    const out = new Int32Array(groups.length);
    for (let j = 0; j < groups.length; j += 1) out[j] = map[original[groups[j]!]!]!;
    return out;
  });
}

/** Groups items by their code tuple: `classOf[item]`, first item of each class, and the class count. */
export function groupTuples(columns: Int32Array[], n: number): { classOf: Int32Array; first: Int32Array; count: number } {
  let size = 16;
  while (size < n * 2) size *= 2;
  const mask = size - 1;
  const table = new Int32Array(size).fill(-1);
  const classOf = new Int32Array(n);
  const first = new Int32Array(n);
  let count = 0;
  const width = columns.length;
  for (let j = 0; j < n; j += 1) {
    let h = 0x811c9dc5;
    for (let c = 0; c < width; c += 1) h = Math.imul(h ^ columns[c]![j]!, 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    let slot = h & mask;
    for (;;) {
      const cls = table[slot]!;
      if (cls === -1) {
        table[slot] = count;
        first[count] = j;
        classOf[j] = count;
        count += 1;
        break;
      }
      const other = first[cls]!;
      let same = true;
      for (let c = 0; c < width && same; c += 1) same = columns[c]![j] === columns[c]![other];
      if (same) {
        classOf[j] = cls;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { classOf, first, count };
}

/** Rolls the classes of a finer node up to `levels` (every level must be ≥ the finer node's). */
export function rollUp(histogram: Histogram, finer: NodeClasses, levels: Int32Array): NodeClasses {
  const n = finer.count;
  const keyed = packedKeys(histogram, levels, finer.reps, n);
  if (keyed) return aggregateKeys(keyed, n, finer, levels);
  const { classOf, first, count } = groupTuples(generalisedCodes(histogram, levels, finer.reps.subarray(0, n)), n);
  const reps = new Int32Array(count);
  const sizes = new Float64Array(count);
  for (let c = 0; c < count; c += 1) reps[c] = finer.reps[first[c]!]!;
  for (let j = 0; j < n; j += 1) sizes[classOf[j]!]! += finer.sizes[j]!;
  return { levels, reps, sizes, count };
}

// Scratch space reused across roll-ups: a generation stamp marks live slots, so the table is never cleared.
let stamps = new Int32Array(0);
let slots = new Int32Array(0);
let generation = 0;

function aggregateKeys(keys: Float64Array, n: number, finer: NodeClasses, levels: Int32Array): NodeClasses {
  let size = 16;
  while (size < n * 2) size *= 2;
  if (stamps.length < size || generation > 2_000_000_000) {
    stamps = new Int32Array(size);
    slots = new Int32Array(size);
    generation = 0;
  }
  generation += 1;
  const mask = size - 1;
  const classKeys = new Float64Array(n);
  const reps = new Int32Array(n);
  const sizes = new Float64Array(n);
  let count = 0;
  for (let j = 0; j < n; j += 1) {
    const key = keys[j]!;
    let h = (key >>> 0) ^ Math.imul(Math.floor(key / 4294967296), 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    let slot = (h ^ (h >>> 16)) & mask;
    for (;;) {
      if (stamps[slot] !== generation) {
        stamps[slot] = generation;
        slots[slot] = count;
        classKeys[count] = key;
        reps[count] = finer.reps[j]!;
        sizes[count] = finer.sizes[j]!;
        count += 1;
        break;
      }
      const cls = slots[slot]!;
      if (classKeys[cls] === key) {
        sizes[cls]! += finer.sizes[j]!;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { levels, reps: reps.slice(0, count), sizes: sizes.slice(0, count), count };
}

/** One exact number per tuple (mixed radix) when the node's domain product stays below 2^53; else undefined. */
function packedKeys(histogram: Histogram, levels: Int32Array, groups: Int32Array, n: number): Float64Array | undefined {
  let product = 1;
  for (let c = 0; c < levels.length; c += 1) product *= histogram.hierarchies[c]!.labels[levels[c]!]!.length;
  if (product > Number.MAX_SAFE_INTEGER) return undefined;
  const keys = new Float64Array(n);
  let multiplier = 1;
  for (let c = 0; c < levels.length; c += 1) {
    const hierarchy = histogram.hierarchies[c]!;
    const map = hierarchy.codes[levels[c]!]!;
    const original = histogram.qi[c]!;
    if (hierarchy.labels[levels[c]!]!.length > 1) {
      for (let j = 0; j < n; j += 1) keys[j]! += map[original[groups[j]!]!]! * multiplier;
      multiplier *= hierarchy.labels[levels[c]!]!.length;
    }
  }
  return keys;
}


/** Maps every histogram group to its class at `levels` (needed for sensitive-attribute criteria and output). */
export function classesOfGroups(histogram: Histogram, levels: Int32Array): NodeClasses & { classOf: Int32Array } {
  const all = baseClasses(histogram);
  const columns = generalisedCodes(histogram, levels, all.reps);
  const { classOf, first, count } = groupTuples(columns, histogram.groups);
  const sizes = new Float64Array(count);
  for (let g = 0; g < histogram.groups; g += 1) sizes[classOf[g]!]! += histogram.counts[g]!;
  return { levels, reps: first.slice(0, count), sizes, count, classOf };
}
