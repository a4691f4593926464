/**
 * Projection pruning (as in Incognito): dropping quasi-identifiers merges classes, so if the records in classes
 * smaller than k already exceed the suppression limit on a pair of columns at some levels, every node with those
 * two levels fails too. Pair histograms are dense arrays (no hashing), so all pair sub-lattices cost milliseconds.
 */
import type { Histogram } from './histogram.ts';

const MAX_DENSE_CELLS = 1 << 20;

/** Returns a test `fails(levels)` that is true when some pair projection of the node already fails. */
export function pairProjectionTest(histogram: Histogram, k: number, allowed: number): (levels: ArrayLike<number>) => boolean {
  const columns = histogram.hierarchies.length;
  const tables: Array<{ a: number; b: number; depthB: number; fails: Uint8Array }> = [];
  for (let a = 0; a < columns; a += 1) {
    for (let b = a + 1; b < columns; b += 1) {
      const fails = pairFailures(histogram, a, b, k, allowed);
      if (fails) tables.push({ a, b, depthB: histogram.hierarchies[b]!.depth, fails });
    }
  }
  return (levels) => {
    for (const t of tables) if (t.fails[levels[t.a]! * t.depthB + levels[t.b]!] === 1) return true;
    return false;
  };
}

function pairFailures(histogram: Histogram, a: number, b: number, k: number, allowed: number): Uint8Array | undefined {
  const [ha, hb] = [histogram.hierarchies[a]!, histogram.hierarchies[b]!];
  const [da, db] = [ha.codes[0]!.length, hb.codes[0]!.length];
  if (da * db > MAX_DENSE_CELLS) return undefined;
  const dense = new Float64Array(da * db);
  const [qa, qb] = [histogram.qi[a]!, histogram.qi[b]!];
  for (let g = 0; g < histogram.groups; g += 1) dense[qa[g]! * db + qb[g]!]! += histogram.counts[g]!;
  const cells: number[] = [];
  dense.forEach((v, i) => v > 0 && cells.push(i));
  const fails = new Uint8Array(ha.depth * hb.depth);
  let any = false;
  for (let la = 0; la < ha.depth; la += 1) {
    const mapA = ha.codes[la]!;
    for (let lb = 0; lb < hb.depth; lb += 1) {
      const mapB = hb.codes[lb]!;
      const width = hb.labels[lb]!.length;
      const merged = new Float64Array(ha.labels[la]!.length * width);
      for (const cell of cells) merged[mapA[Math.floor(cell / db)]! * width + mapB[cell % db]!]! += dense[cell]!;
      let small = 0;
      for (const v of merged) if (v > 0 && v < k) small += v;
      if (small > allowed) {
        fails[la * hb.depth + lb] = 1;
        any = true;
      }
    }
  }
  return any ? fails : undefined;
}
