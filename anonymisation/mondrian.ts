/**
 * Mondrian local recoding with hierarchies (LeFevre et al. 2006, categorical variant): start with every record at
 * the top of every hierarchy and specialise partitions one hierarchy level at a time while every resulting part
 * keeps ≥ k records; children too small to stand alone stay together at the parent's level if they reach k.
 * Use it for large data where one global level vector would over-generalise (different districts can keep
 * different detail); use full-domain generalisation when releases must share one coding scheme (comparable
 * tables, ARX-compatible results, simpler disclosure review). Suppresses nothing.
 */
import type { Histogram } from './histogram.ts';

export interface MondrianPartition {
  levels: Int32Array;
  groups: number[];
  records: number;
}

/** Partitions the histogram so that every partition holds ≥ k records. */
export function mondrianPartitions(histogram: Histogram, k: number): MondrianPartition[] {
  const columns = histogram.hierarchies.length;
  const all = Array.from({ length: histogram.groups }, (_, g) => g);
  const top = Int32Array.from(histogram.hierarchies, (h) => h.depth - 1);
  const stack: MondrianPartition[] = [{ levels: top, groups: all, records: sum(histogram, all) }];
  const done: MondrianPartition[] = [];
  while (stack.length > 0) {
    const partition = stack.pop()!;
    const split = bestSplit(histogram, partition, k, columns);
    if (split) stack.push(...split);
    else done.push(partition);
  }
  return done;
}

function sum(histogram: Histogram, groups: readonly number[]): number {
  let total = 0;
  for (const g of groups) total += histogram.counts[g]!;
  return total;
}

function bestSplit(
  histogram: Histogram,
  partition: MondrianPartition,
  k: number,
  columns: number,
): MondrianPartition[] | undefined {
  let best: MondrianPartition[] | undefined;
  let bestParts = 1;
  for (let c = 0; c < columns; c += 1) {
    const level = partition.levels[c]!;
    if (level === 0) continue;
    const hierarchy = histogram.hierarchies[c]!;
    const codes = hierarchy.codes[level - 1]!;
    const byChild = new Map<number, number[]>();
    for (const g of partition.groups) {
      const child = codes[histogram.qi[c]![g]!]!;
      const list = byChild.get(child);
      if (list) list.push(g);
      else byChild.set(child, [g]);
    }
    if (byChild.size === 1) {
      // A single child: specialising costs nothing and loses no records.
      const levels = partition.levels.slice();
      levels[c] = level - 1;
      return [{ levels, groups: partition.groups, records: partition.records }];
    }
    const parts: MondrianPartition[] = [];
    const rest: number[] = [];
    for (const groups of byChild.values()) {
      const records = sum(histogram, groups);
      if (records >= k) {
        const levels = partition.levels.slice();
        levels[c] = level - 1;
        parts.push({ levels, groups, records });
      } else rest.push(...groups);
    }
    if (rest.length > 0) {
      const records = sum(histogram, rest);
      if (records < k) continue;
      parts.push({ levels: partition.levels.slice(), groups: rest, records });
    }
    if (parts.length > bestParts) {
      best = parts;
      bestParts = parts.length;
    }
  }
  return best;
}
