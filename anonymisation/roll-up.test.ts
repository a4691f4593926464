import { describe, expect, it } from 'vitest';
import { groupIntKeys, type GroupedInto } from './roll-up.ts';

function into(n: number): GroupedInto {
  return { reps: new Int32Array(n), sizes: new Int32Array(n), keys: new Int32Array(n) };
}

/** The classes as sorted `key:rep:size` strings, whatever their numbering. */
function classes(out: GroupedInto, count: number): string[] {
  return Array.from({ length: count }, (_, c) => `${out.keys[c]}:${out.reps[c]}:${out.sizes[c]}`).sort();
}

/** The same grouping by a Map: the oracle. */
function byMap(keys: Int32Array, reps: Int32Array, sizes: Int32Array): string[] {
  const grouped = new Map<number, { rep: number; size: number }>();
  keys.forEach((key, j) => {
    const seen = grouped.get(key);
    if (seen) seen.size += sizes[j]!;
    else grouped.set(key, { rep: reps[j]!, size: sizes[j]! });
  });
  return [...grouped].map(([key, { rep, size }]) => `${key}:${rep}:${size}`).sort();
}

describe('groupIntKeys', () => {
  it('sums sizes per key and keeps the first item’s rep, partitioned or not', () => {
    const keys = Int32Array.from([7, 3, 7, 0, 3, 7]);
    const reps = Int32Array.from([10, 11, 12, 13, 14, 15]);
    const sizes = Int32Array.from([1, 2, 3, 4, 5, 6]);
    for (const partitioned of [false, true]) {
      const out = into(6);
      const count = groupIntKeys(keys, 6, reps, sizes, out, partitioned);
      expect(classes(out, count)).toEqual(['0:13:4', '3:11:7', '7:10:10']);
    }
  });

  it('numbers classes by first item when not partitioned', () => {
    const out = into(4);
    const count = groupIntKeys(
      Int32Array.from([5, 9, 5, 2]),
      4,
      Int32Array.from([0, 1, 2, 3]),
      new Int32Array(4).fill(1),
      out,
      false,
    );
    expect(Array.from(out.keys.subarray(0, count))).toEqual([5, 9, 2]);
  });

  it('groups 200 000 items with many repeated keys as a Map does, in both ways', () => {
    let state = 12345;
    const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const n = 200_000;
    const keys = Int32Array.from({ length: n }, () => Math.floor(random() * 50_000) * 40_009);
    const reps = Int32Array.from({ length: n }, (_, j) => j);
    const sizes = Int32Array.from({ length: n }, () => 1 + Math.floor(random() * 9));
    const expected = byMap(keys, reps, sizes);
    for (const partitioned of [false, true]) {
      const out = into(n);
      const count = groupIntKeys(keys, n, reps, sizes, out, partitioned);
      expect(count).toBe(expected.length);
      expect(classes(out, count)).toEqual(expected);
    }
  });
});
