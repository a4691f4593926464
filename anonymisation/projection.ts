/**
 * Projection pruning (as in Incognito): dropping quasi-identifiers merges classes, so if the records in classes
 * smaller than k already exceed the suppression limit on a pair of columns at some levels, every node with those
 * two levels fails too. All pair sub-lattices are tiny, so they are checked up front for a few milliseconds.
 */
import { baseClasses, rollUp } from './classes.ts';
import type { Histogram } from './histogram.ts';

/** Returns a test `fails(levels)` that is true when some pair projection of the node already fails. */
export function pairProjectionTest(histogram: Histogram, k: number, allowed: number): (levels: ArrayLike<number>) => boolean {
  const columns = histogram.hierarchies.length;
  const tables: Array<{ a: number; b: number; depthB: number; fails: Uint8Array }> = [];
  for (let a = 0; a < columns; a += 1) {
    for (let b = a + 1; b < columns; b += 1) {
      const [ha, hb] = [histogram.hierarchies[a]!, histogram.hierarchies[b]!];
      const pair: Histogram = { ...histogram, hierarchies: [ha, hb], qi: [histogram.qi[a]!, histogram.qi[b]!] };
      const bottom = rollUp(pair, baseClasses(pair), new Int32Array(2));
      const fails = new Uint8Array(ha.depth * hb.depth);
      let any = false;
      for (let la = 0; la < ha.depth; la += 1) {
        for (let lb = 0; lb < hb.depth; lb += 1) {
          const classes = la === 0 && lb === 0 ? bottom : rollUp(pair, bottom, Int32Array.of(la, lb));
          let small = 0;
          for (let c = 0; c < classes.count; c += 1) if (classes.sizes[c]! < k) small += classes.sizes[c]!;
          if (small > allowed) {
            fails[la * hb.depth + lb] = 1;
            any = true;
          }
        }
      }
      if (any) tables.push({ a, b, depthB: hb.depth, fails });
    }
  }
  return (levels) => tables.some((t) => t.fails[levels[t.a]! * t.depthB + levels[t.b]!] === 1);
}
