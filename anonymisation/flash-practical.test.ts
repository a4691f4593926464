/**
 * ARX's Flash under practical monotonicity. Every expectation below was worked out by hand from ARX's rules
 * (FLASHAlgorithmImpl, FLASHStrategy, AbstractAlgorithm.trackOptimum, java.util.PriorityQueue); the walk-throughs
 * are in the comments. On Adult, the port's optimum is checked against ARX's in the parity test.
 */
import { describe, expect, it } from 'vitest';
import { flashPractical, JavaPriorityQueue, searchLatticePractical } from './flash-practical.ts';
import { compileHierarchy } from './hierarchy.ts';
import type { Histogram } from './histogram.ts';
import { searchLattice } from './search.ts';

const key = (levels: ArrayLike<number>) => Array.from(levels).join(',');

describe('JavaPriorityQueue', () => {
  it('lets equal elements out in the order of Java’s binary heap, not in insertion order', () => {
    // add 1..4: heap [1,2,3,4]. poll → 1; 4 sifts down from the root and stops at once (ties never move): [4,2,3].
    // poll → 4; 3 stops at the root: [3,2]. poll → 3, then 2.
    const queue = new JavaPriorityQueue(() => 0);
    for (const x of [1, 2, 3, 4]) queue.add(x);
    expect([queue.poll(), queue.poll(), queue.poll(), queue.poll()]).toEqual([1, 4, 3, 2]);
    expect(queue.size).toBe(0);
  });

  it('orders by the comparator and keeps duplicates', () => {
    const queue = new JavaPriorityQueue((a, b) => a - b);
    for (const x of [5, 1, 4, 1, 3]) queue.add(x);
    const out: number[] = [];
    while (queue.size > 0) out.push(queue.poll());
    expect(out).toEqual([1, 1, 3, 4, 5]);
  });
});

describe('flashPractical', () => {
  it('misses an optimum below a failing node, which checking every node finds', () => {
    // Lattice a ∈ 0..2, b ∈ 0..1. Strategy (level/3, mean relative level, 1 − mean share of distinct values):
    // (1,0) = [1/3, 0.25, 0.25] before (0,1) = [1/3, 0.5, 0.25];
    // (2,0) = [2/3, 0.5, 0.375] before (1,1) = [2/3, 0.75, 0.5].
    // Level 0: path from (0,0) = (0,0) (1,0) (2,0) (2,1). Binary search: mid 1 = (1,0) fails → it and (0,0) are
    // tagged failing, its successors (2,0) and (1,1) queued; mid 2 = (2,0) passes (score 5) → it and (2,1) tagged
    // passing. Queue: (2,0) is tagged; (1,1) has a path of itself only ((2,1) is tagged) and fails → (0,1) below
    // it is tagged failing. Every node is now tagged: three checks, optimum (2,0), though (0,1) passes with 2.
    const truth = new Map<string, number | null>([
      ['0,0', null],
      ['1,0', null],
      ['2,0', 5],
      ['0,1', 2],
      ['1,1', null],
      ['2,1', 9],
    ]);
    const lattice = {
      depths: [3, 2],
      distinct: [
        [4, 2, 1],
        [2, 1],
      ],
    };
    const outcome = flashPractical(lattice, (levels) => truth.get(key(levels))!);
    expect(outcome.checked.map(key)).toEqual(['1,0', '2,0', '1,1']);
    expect(outcome).toMatchObject({ levels: [2, 0], score: 5 });
    const exact = [...truth].filter(([, s]) => s !== null).sort((x, y) => x[1]! - y[1]!)[0]!;
    expect(exact).toEqual(['0,1', 2]);
  });

  // two quasi-identifiers of two levels each, whose two values merge into one at level 1
  const TWO_BY_TWO = {
    depths: [2, 2],
    distinct: [
      [2, 1],
      [2, 1],
    ],
  };

  it('breaks a strategy tie by identifier (first quasi-identifier first) and a score tie by the lower level', () => {
    // 2×2 lattice, every node passes with score 7. (1,0) and (0,1) tie in all three criteria, so the path follows
    // the lower identifier, (1,0): path (0,0) (1,0) (1,1); mid 1 = (1,0) passes and is the optimum; mid 0 = (0,0)
    // passes with the same score on a lower level and replaces it. (1,1) and (0,1) are then tagged passing.
    const outcome = flashPractical(TWO_BY_TWO, () => 7);
    expect(outcome.checked.map(key)).toEqual(['1,0', '0,0']);
    expect(outcome).toMatchObject({ levels: [0, 0], score: 7 });
  });

  it('keeps the first of equal scores on one level', () => {
    // Same lattice; (0,0) fails, the rest pass with 7. Path (0,0) (1,0) (1,1): (1,0) passes (optimum), (0,0)
    // fails and queues (0,1), whose path is itself ((1,1) is tagged); it passes with 7 on the same level: no change.
    const outcome = flashPractical(TWO_BY_TWO, (levels) => (key(levels) === '0,0' ? null : 7));
    expect(outcome.checked.map(key)).toEqual(['1,0', '0,0', '0,1']);
    expect(outcome.levels).toEqual([1, 0]);
  });

  it('prefers the successor that keeps more distinct values', () => {
    // Generalising a merges its 2 values into 1, generalising b keeps both: (0,1) = [1/2, 0.5, 0] comes before
    // (1,0) = [1/2, 0.5, 0.25], so the path is (0,0) (0,1) (1,1) and its middle (0,1) is checked first.
    const outcome = flashPractical(
      {
        depths: [2, 2],
        distinct: [
          [2, 1],
          [2, 2],
        ],
      },
      () => 7,
    );
    expect(outcome.checked.map(key)).toEqual(['0,1', '0,0']);
  });

  it('reports no optimum when every checked node fails', () => {
    // b has one level, so the lattice is (0,0) below (1,0) and the path is both: mid 0 = (0,0) fails and queues
    // (1,0); mid 1 = (1,0) fails. The queued (1,0) is then tagged and skipped.
    const outcome = flashPractical({ depths: [2, 1], distinct: [[3, 1], [1]] }, () => null);
    expect(outcome.levels).toBeNull();
    expect(outcome.checked.map(key)).toEqual(['0,0', '1,0']);
  });
});

/**
 * Two quasi-identifiers a, b (two values each, then *), a sensitive column with X and Y, 14 records, 7 of each.
 * Classes at the bottom: (a1,b1) 3X 2Y, (a2,b1) 2X, (a1,b2) 2X 3Y, (a2,b2) 2Y.
 */
function tClosenessHistogram(): Histogram {
  const a = compileHierarchy({
    column: 'a',
    levels: [
      ['a1', 'a2'],
      ['*', '*'],
    ],
  });
  const b = compileHierarchy({
    column: 'b',
    levels: [
      ['b1', 'b2'],
      ['*', '*'],
    ],
  });
  //                         a  b  s  count
  const groups: number[][] = [
    [0, 0, 0, 3],
    [0, 0, 1, 2],
    [1, 0, 0, 2],
    [0, 1, 0, 2],
    [0, 1, 1, 3],
    [1, 1, 1, 2],
  ];
  return {
    hierarchies: [a, b],
    qi: [Int32Array.from(groups, (g) => g[0]!), Int32Array.from(groups, (g) => g[1]!)],
    sensitiveColumns: ['s'],
    sensitive: [Int32Array.from(groups, (g) => g[2]!)],
    sensitiveLabels: [['X', 'Y']],
    counts: Float64Array.from(groups, (g) => g[3]!),
    groups: groups.length,
    records: 14,
  };
}

describe('searchLatticePractical', () => {
  // Equal-distance 0.2-closeness against X:Y = 1:1, at most floor(0.3 · 14) = 4 records suppressed, monotonic NUE.
  // (0,0): (a1,b1) is 0.1 away, (a2,b1) and (a2,b2) are 0.5 away and suppressed (4 records): passes, score 0.
  // (1,0): (*,b1) = 5X 2Y and (*,b2) = 2X 5Y are 5/14 ≈ 0.214 away: all 14 suppressed, fails.
  // (0,1): (a1,*) = 5X 5Y and (a2,*) = 2X 2Y are 0 away: passes, score = NUE of b at level 1 = 14·log2(14/7) = 14.
  // (1,1): passes, score 14 + NUE of a at level 1 (10·log2(14/10) + 4·log2(14/4)) > 14.
  const options = {
    k: 1,
    suppressionLimit: 0.3,
    metric: 'nue' as const,
    criteria: [{ kind: 'equal' as const, s: 0, t: 0.2 }],
  };

  it('finds the exact optimum with the exact search', () => {
    const result = searchLattice(tClosenessHistogram(), options);
    expect(result).toMatchObject({ found: true, levels: [0, 0], score: 0, suppressedRecords: 4 });
  });

  it('settles, as ARX does, for the node its predictive tagging leaves', () => {
    // (1,0) and (0,1) tie in ARX's strategy, so the path is (0,0) (1,0) (1,1): (1,0) fails and tags (0,0) failing
    // without checking it; (1,1) passes; then (0,1), the only untagged node, passes with 14 and is the optimum.
    const result = searchLatticePractical(tClosenessHistogram(), options);
    expect(result).toMatchObject({ found: true, levels: [0, 1], score: 14, suppressedRecords: 0, nodesChecked: 3 });
    expect(result.latticeSize).toBe(4);
  });

  it('refuses a lattice above the limit', () => {
    expect(() => searchLatticePractical(tClosenessHistogram(), { ...options, maxLatticeSize: 3 })).toThrow(
      /4 generalisations/,
    );
  });
});
