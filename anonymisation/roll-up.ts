/**
 * Rolling a node's classes up from any finer node's classes, which is what keeps the search fast: each class tuple
 * is one int32 under a fixed mixed radix, so a roll-up rewrites only the columns whose level moved, then groups
 * the keys with an open-addressing hash. Classes are kept in a store of views rather than arrays per node.
 */
import { SdfError } from '../platform/index.ts';
import { generalisedCodes, groupTuples, type NodeClasses } from './classes.ts';
import type { Histogram } from './histogram.ts';

/** The histogram itself as the finest "node" (groups may repeat a class when sensitive columns split them). */
export function baseClasses(histogram: Histogram): NodeClasses {
  const reps = new Int32Array(histogram.groups);
  for (let g = 0; g < reps.length; g += 1) reps[g] = g;
  if (histogram.records >= 2 ** 31)
    throw new SdfError('too_many_records', `${histogram.records} records: class sizes are kept as 32-bit integers`);
  const base: NodeClasses = {
    levels: new Int32Array(histogram.hierarchies.length),
    reps,
    sizes: Int32Array.from(histogram.counts),
    count: histogram.groups,
  };
  const plan = keyPlan(histogram);
  if (plan) base.keys = rolledKeys(plan, histogram, base, base.levels).slice(0, base.count);
  return base;
}

/**
 * One block of memory for many nodes' classes (views into three arrays), so that a search does not allocate and
 * collect three arrays per node; `reset` forgets every node taken from it.
 */
export class ClassStore {
  private readonly reps: Int32Array;
  private readonly sizes: Int32Array;
  private readonly keys: Int32Array;
  private used = 0;

  constructor(readonly capacity: number) {
    [this.reps, this.sizes, this.keys] = [new Int32Array(capacity), new Int32Array(capacity), new Int32Array(capacity)];
  }

  /** Whether `n` more classes fit. */
  fits(n: number): boolean {
    return this.used + n <= this.capacity;
  }

  reset(): void {
    this.used = 0;
  }

  /** Room for `n` classes at the free end (write there, then {@link commit} how many were written). */
  room(n: number): StoredClasses {
    return this.views(this.used, this.used + n);
  }

  /** Keeps the first `count` classes written into the room. */
  commit(count: number): StoredClasses {
    const views = this.views(this.used, this.used + count);
    this.used += count;
    return views;
  }

  private views(from: number, to: number): StoredClasses {
    return {
      reps: this.reps.subarray(from, to),
      sizes: this.sizes.subarray(from, to),
      keys: this.keys.subarray(from, to),
    };
  }
}

type StoredClasses = Pick<Required<NodeClasses>, 'reps' | 'sizes' | 'keys'>;

/**
 * Rolls the classes of a finer node up to `levels` (every level must be ≥ the finer node's), into `store` when
 * given (the caller makes sure that the finer node's count fits).
 */
export function rollUp(histogram: Histogram, finer: NodeClasses, levels: Int32Array, store?: ClassStore): NodeClasses {
  const n = finer.count;
  const plan = keyPlan(histogram);
  if (plan) return aggregateIntKeys(rolledKeys(plan, histogram, finer, levels), n, finer, levels, store);
  const keyed = packedKeys(histogram, levels, finer.reps, n);
  if (keyed) return aggregateKeys(keyed, n, finer, levels);
  const { classOf, first, count } = groupTuples(generalisedCodes(histogram, levels, finer.reps.subarray(0, n)), n);
  const reps = new Int32Array(count);
  const sizes = new Int32Array(count);
  for (let c = 0; c < count; c += 1) reps[c] = finer.reps[first[c]!]!;
  for (let j = 0; j < n; j += 1) sizes[classOf[j]!]! += finer.sizes[j]!;
  return { levels, reps, sizes, count };
}

/**
 * A fixed mixed radix (each quasi-identifier's original domain size) makes a tuple at any node one int32. Each
 * column's code at each level, times its radix, is a table over the column's original values (small), looked up
 * through the group's value: nothing is kept per group and level, so the plan costs the same at any row count.
 * Rolling up rewrites only the columns whose level changed: one step up a path touches one column, not all.
 */
interface KeyPlan {
  /** `scaled[c][l][v]`: quasi-identifier c's level-l code of original value v, times the column's radix. */
  scaled: Int32Array[][];
  /** `widths[c][l]`: how many codes quasi-identifier c has at level l (a column of width 1 adds nothing). */
  widths: number[][];
  /** `steps[c][from * depth + to][v]`: what the key of value v gains when column c goes from one level to another. */
  steps: Array<Array<Int32Array | undefined>>;
}

const keyPlans = new WeakMap<Histogram, KeyPlan | null>();

function keyPlan(histogram: Histogram): KeyPlan | null {
  let plan = keyPlans.get(histogram);
  if (plan !== undefined) return plan;
  const domains = histogram.hierarchies.map((h) => h.codes[0]!.length);
  plan = null;
  if (domains.reduce((a, b) => a * b, 1) < 2 ** 31) {
    let radix = 1;
    const scaled = histogram.hierarchies.map((hierarchy, c) => {
      const column = hierarchy.codes.map((map) => Int32Array.from(map, (code) => code * radix));
      radix *= domains[c]!;
      return column;
    });
    plan = {
      scaled,
      widths: histogram.hierarchies.map((h) => h.labels.map((labels) => labels.length)),
      steps: histogram.hierarchies.map((h) => new Array<Int32Array | undefined>(h.depth * h.depth)),
    };
  }
  keyPlans.set(histogram, plan);
  return plan;
}

function step(plan: KeyPlan, c: number, from: number, to: number): Int32Array {
  const depth = plan.widths[c]!.length;
  let gain = plan.steps[c]![from * depth + to];
  if (!gain) {
    const [a, b] = [plan.scaled[c]![from]!, plan.scaled[c]![to]!];
    gain = Int32Array.from(b, (value, v) => value - a[v]!);
    plan.steps[c]![from * depth + to] = gain;
  }
  return gain;
}

/**
 * The finer node's class keys rewritten to `levels`: by the change of the columns whose level moved, or from
 * scratch (columns of width 1 contribute nothing) when that is fewer passes.
 */
function rolledKeys(plan: KeyPlan, histogram: Histogram, finer: NodeClasses, levels: Int32Array): Int32Array {
  const n = finer.count;
  if (scratchKeys.length < n) scratchKeys = new Int32Array(Math.max(n, scratchKeys.length * 2));
  const keys = scratchKeys;
  const reps = finer.reps;
  let [changed, informative] = [0, 0];
  for (let c = 0; c < levels.length; c += 1) {
    if (levels[c] !== finer.levels[c]) changed += 1;
    if (plan.widths[c]![levels[c]!]! > 1) informative += 1;
  }
  if (finer.keys && changed < informative) {
    let from = finer.keys;
    for (let c = 0; c < levels.length; c += 1) {
      if (levels[c] === finer.levels[c]) continue;
      const gain = step(plan, c, finer.levels[c]!, levels[c]!);
      const values = histogram.qi[c]!;
      for (let j = 0; j < n; j += 1) keys[j] = from[j]! + gain[values[reps[j]!]!]!;
      from = keys;
    }
    if (changed === 0) keys.set(finer.keys.subarray(0, n));
    return keys;
  }
  keys.fill(0, 0, n);
  for (let c = 0; c < levels.length; c += 1) {
    if (plan.widths[c]![levels[c]!]! === 1) continue;
    const scaled = plan.scaled[c]![levels[c]!]!;
    const values = histogram.qi[c]!;
    for (let j = 0; j < n; j += 1) keys[j] = keys[j]! + scaled[values[reps[j]!]!]!;
  }
  return keys;
}

// Scratch space reused across roll-ups. In the float-key table a generation stamp marks live slots, so that table
// is never cleared.
let stamps = new Int32Array(0);
let slots = new Int32Array(0);
let generation = 0;
let scratchKeys = new Int32Array(0);
let scratchReps = new Int32Array(0);
let scratchSizes = new Int32Array(0);
let scratchClassKeys = new Int32Array(0);

/** Sizes the hash table for `n` entries, opens a new generation and returns the slot mask. */
function prepareTable(n: number): number {
  let size = 16;
  while (size < n * 2) size *= 2;
  if (stamps.length < size || generation > 2_000_000_000) {
    stamps = new Int32Array(Math.max(size, stamps.length));
    slots = new Int32Array(stamps.length);
    generation = 0;
  }
  reserveScratch(n);
  generation += 1;
  return size - 1;
}

function reserveScratch(n: number): void {
  if (scratchReps.length < n) {
    scratchReps = new Int32Array(Math.max(n, scratchReps.length * 2));
    scratchSizes = new Int32Array(scratchReps.length);
    scratchClassKeys = new Int32Array(scratchReps.length);
  }
}

function aggregateIntKeys(
  keys: Int32Array,
  n: number,
  finer: NodeClasses,
  levels: Int32Array,
  store?: ClassStore,
): NodeClasses {
  reserveScratch(n);
  // straight into the store's free room when there is one (no copy afterwards)
  const room = store?.room(n);
  const out = room ?? { reps: scratchReps, sizes: scratchSizes, keys: scratchClassKeys };
  const count = groupIntKeys(keys, n, finer.reps, finer.sizes, out);
  if (store) return { levels, count, ...store.commit(count) };
  return {
    levels,
    reps: out.reps.slice(0, count),
    sizes: out.sizes.slice(0, count),
    count,
    keys: out.keys.slice(0, count),
  };
}

/** Where the classes of {@link groupIntKeys} go: a representative, a size and the key of each, in class order. */
export interface GroupedInto {
  reps: Int32Array;
  sizes: Int32Array;
  keys: Int32Array;
}

// From this many items, grouping first splits them into cache-sized partitions by hash: one table over a million
// keys (16 MB) misses the cache on nearly every probe, which cost most of a 10 M-row search.
const PARTITION_FROM = 1 << 16;
const ITEMS_PER_PARTITION = 4096;

/**
 * Groups items by int32 key (never negative): each class gets the rep of its first item (the item with the lowest
 * index) and the sum of its items' sizes; returns the class count. Which class gets which number depends on
 * `partitioned` (by default, partitioned from {@link PARTITION_FROM} items); the classes themselves do not.
 */
export function groupIntKeys(
  keys: Int32Array,
  n: number,
  itemReps: Int32Array,
  itemSizes: Int32Array,
  out: GroupedInto,
  partitioned = n >= PARTITION_FROM,
): number {
  if (!partitioned) return groupRange(keys, itemSizes, itemReps, 0, n, out, 0);
  let bits = 1;
  while (bits < 12 && n >> bits > ITEMS_PER_PARTITION) bits += 1;
  const shift = 32 - bits;
  const offsets = new Int32Array((1 << bits) + 1);
  for (let j = 0; j < n; j += 1) offsets[(Math.imul(keys[j]!, 0x9e3779b1) >>> shift) + 1]! += 1;
  for (let p = 1; p < offsets.length; p += 1) offsets[p]! += offsets[p - 1]!;
  reservePartitionScratch(n);
  const [partKeys, partSizes, partReps] = [partitionKeys, partitionSizes, partitionReps];
  const next = offsets.slice(0, -1);
  // items move in index order, so each partition keeps its items in index order (the first item stays first)
  for (let j = 0; j < n; j += 1) {
    const key = keys[j]!;
    const at = next[Math.imul(key, 0x9e3779b1) >>> shift]!++;
    partKeys[at] = key;
    partSizes[at] = itemSizes[j]!;
    partReps[at] = itemReps[j]!;
  }
  let count = 0;
  for (let p = 0; p + 1 < offsets.length; p += 1) {
    count = groupRange(partKeys, partSizes, partReps, offsets[p]!, offsets[p + 1]!, out, count);
  }
  return count;
}

// Open addressing for int32 keys: [key, class] per slot, −1 for an empty slot.
let pairTable = new Int32Array(0);
let partitionKeys = new Int32Array(0);
let partitionSizes = new Int32Array(0);
let partitionReps = new Int32Array(0);

function reservePartitionScratch(n: number): void {
  if (partitionKeys.length >= n) return;
  const length = Math.max(n, partitionKeys.length * 2);
  [partitionKeys, partitionSizes, partitionReps] = [
    new Int32Array(length),
    new Int32Array(length),
    new Int32Array(length),
  ];
}

/** Groups items `from`…`to` (exclusive) of the three arrays into `out`, numbering new classes from `count`. */
function groupRange(
  keys: Int32Array,
  sizes: Int32Array,
  reps: Int32Array,
  from: number,
  to: number,
  out: GroupedInto,
  count: number,
): number {
  let size = 16;
  while (size < (to - from) * 2) size *= 2;
  if (pairTable.length < size * 2) pairTable = new Int32Array(size * 2);
  const table = pairTable;
  table.fill(-1, 0, size * 2);
  const mask = size - 1;
  const { reps: classReps, sizes: classSizes, keys: classKeys } = out;
  for (let j = from; j < to; j += 1) {
    const key = keys[j]!;
    let slot = (Math.imul(key, 0x9e3779b1) ^ (key >>> 15)) & mask;
    for (;;) {
      const at = slot << 1;
      const found = table[at]!;
      if (found === key) {
        classSizes[table[at + 1]!]! += sizes[j]!;
        break;
      }
      if (found === -1) {
        table[at] = key;
        table[at + 1] = count;
        classKeys[count] = key;
        classReps[count] = reps[j]!;
        classSizes[count] = sizes[j]!;
        count += 1;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return count;
}

function aggregateKeys(keys: Float64Array, n: number, finer: NodeClasses, levels: Int32Array): NodeClasses {
  const mask = prepareTable(n);
  const classKeys = new Float64Array(n);
  const [reps, sizes] = [scratchReps, scratchSizes];
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
