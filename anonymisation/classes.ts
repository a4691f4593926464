/**
 * Equivalence classes of one lattice node over the quasi-identifier histogram: the shape the search works with,
 * and grouping of code tuples with an open-addressing hash on typed arrays. Roll-ups are in `roll-up.ts`.
 */
import type { Histogram } from './histogram.ts';

/** The classes of a node: one representative histogram group and a record count (32-bit) per class. */
export interface NodeClasses {
  levels: Int32Array;
  reps: Int32Array;
  sizes: Int32Array;
  count: number;
  /** Each class's tuple as one number under the histogram's key plan (`roll-up.ts`), when it has one. */
  keys?: Int32Array;
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
export function groupTuples(
  columns: Int32Array[],
  n: number,
): { classOf: Int32Array; first: Int32Array; count: number } {
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

/** Maps every histogram group to its class at `levels` (needed for sensitive-attribute criteria and output). */
export function classesOfGroups(histogram: Histogram, levels: Int32Array): NodeClasses & { classOf: Int32Array } {
  const columns = generalisedCodes(
    histogram,
    levels,
    Int32Array.from({ length: histogram.groups }, (_, g) => g),
  );
  const { classOf, first, count } = groupTuples(columns, histogram.groups);
  const sizes = new Int32Array(count);
  for (let g = 0; g < histogram.groups; g += 1) sizes[classOf[g]!]! += histogram.counts[g]!;
  return { levels, reps: first.slice(0, count), sizes, count, classOf };
}
