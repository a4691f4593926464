import { describe, expect, it } from 'vitest';
import { arxBucketOrder, arxEntropyLDiverse, arxGrassbergerG, failingClasses } from './criteria.ts';
import { compileHierarchy } from './index.ts';
import {
  digamma,
  distinctL,
  entropyL,
  equalDistanceEmd,
  grassbergerL,
  hierarchicalEmd,
  orderedEmd,
  recursiveCl,
} from './criteria.ts';

const EULER_GAMMA = 0.5772156649015329;
/** G(2n) = −γ − ln 2 + Σ_{k=1..n} 2/(2k − 1) (Grassberger 2003), summed here independently of ARX's table. */
const gEven = (n: number) =>
  Array.from({ length: n }, (_, k) => 2 / (2 * k + 1)).reduce((a, b) => a + b, -EULER_GAMMA - Math.LN2);

describe("ARX's entropy-l-diversity decision", () => {
  it.each([
    [1, -EULER_GAMMA - Math.LN2],
    [2, gEven(1)],
    [3, gEven(1)],
    [50, gEven(25)],
    [99, gEven(49)],
    [100, gEven(50)],
  ])('G(%i) from the table is %f', (n, expected) => {
    expect(arxGrassbergerG(n)).toBeCloseTo(expected, 12);
  });

  it.each([[1000], [1001], [30162]])('G(%i) above the table follows the expansion of ψ(n/2 + ½) + ln 2', (n) => {
    const even = n - (n % 2);
    expect(arxGrassbergerG(n)).toBeCloseTo(gEven(even / 2), 9);
  });

  // layouts worked out by hand from ARX's Distribution.add and rehash: 8 buckets, home = code & (size − 1), linear
  // probing; the 7th value passes 0.75 · 8 and the buckets are refilled, in bucket order, into 16
  it.each([
    ['in increasing order, each at home', [0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5]],
    ['3 then 11 (both home 3): 11 probes on to 4', [3, 11], [3, 11]],
    ['11 then 3: 3 probes on to 4', [11, 3], [11, 3]],
    ['8 then 0 (both home 0)', [8, 0], [8, 0]],
    ['7, 15, 23 (all home 7): 15 and 23 wrap round to 0 and 1', [7, 15, 23], [15, 23, 7]],
    ['six values, one collision chain, no rehash yet', [9, 1, 17, 2, 3, 4], [9, 1, 17, 2, 3, 4]],
    [
      'a seventh: 16 buckets, 1 home, 17 probes to 2, the chain shifts down',
      [9, 1, 17, 2, 3, 4, 5],
      [1, 17, 2, 3, 4, 5, 9],
    ],
    ['23 at 7, then 7 wrapped to 0: six values', [23, 7, 1, 2, 3, 4], [7, 1, 2, 3, 4, 23]],
    [
      'a seventh: refilled in bucket order, 7 (bucket 0) takes 7 before 23',
      [23, 7, 1, 2, 3, 4, 5],
      [1, 2, 3, 4, 5, 7, 23],
    ],
    ['15 at 7, 7 wrapped to 0, then a seventh: both back home', [15, 7, 0, 1, 2, 3, 4], [0, 1, 2, 3, 4, 7, 15]],
    ['seven values in increasing order, every code at home', [2, 5, 8, 9, 10, 12, 13], [2, 5, 8, 9, 10, 12, 13]],
  ])('holds codes added %s as ARX does', (_, codes, order) => {
    expect(arxBucketOrder(codes)).toEqual(order);
  });

  it.each([
    ['five singletons, l = 5 (N ln N − Σ 0 = bound 0)', [1, 1, 1, 1, 1], 5, 'shannon', true],
    ['four values, l = 5 (fewer than ⌈l⌉)', [2, 1, 1, 1], 5, 'shannon', false],
    ['two singletons, l = 2 (2·G(1) ≤ 2(G(2) − ln 2))', [1, 1], 2, 'grassberger', true],
    // code 0 seen 10 times, code 8 once: 10·G(10) = 23.04 alone exceeds 11(G(11) − ln 1.3) = 22.46, before G(1) < 0
    ['10 then 1, l = 1.3: stops at the first term', [10, 0, 0, 0, 0, 0, 0, 0, 1], 1.3, 'grassberger', false],
    ['1 then 10, l = 1.3: the whole sum 21.77 is within 22.46', [1, 0, 0, 0, 0, 0, 0, 0, 10], 1.3, 'grassberger', true],
  ] as const)('%s → %s', (_, counts, l, estimator, expected) => {
    expect(arxEntropyLDiverse(counts, l, estimator)).toBe(expected);
  });

  it('sums in the order the values arrived: 8 first, then 0, puts 1·G(1) < 0 before 10·G(10)', () => {
    const counts = [10, 0, 0, 0, 0, 0, 0, 0, 1];
    expect(arxEntropyLDiverse(counts, 1.3, 'grassberger', [0, 8])).toBe(false);
    expect(arxEntropyLDiverse(counts, 1.3, 'grassberger', [8, 0])).toBe(true);
  });

  it("orders a class's values by their first row in the class, over all the class's groups", () => {
    // two classes of the same counts (code 0 ten times, code 8 once) in three groups each
    const classOf = Int32Array.from([0, 0, 0, 1, 1, 1]);
    const codes = Int32Array.from([0, 8, 0, 0, 8, 0]);
    const counts = Float64Array.from([6, 1, 4, 6, 1, 4]);
    // class 0: code 8 first at row 2, code 0 at row 5 → 8 then 0, passes; class 1: code 0 first at row 1 → fails
    const firstRow = Float64Array.from([5, 2, 9, 7, 3, 1]);
    const criteria = [{ kind: 'grassberger' as const, s: 0, l: 1.3 }];
    expect(Array.from(failingClasses(criteria, classOf, 2, [codes], [9], counts, firstRow))).toEqual([0, 1]);
    expect(() => failingClasses(criteria, classOf, 2, [codes], [9], counts)).toThrow(/first rows/);
  });
});

describe('ARX criteria variants', () => {
  it.each([
    [1, -EULER_GAMMA],
    [0.5, -EULER_GAMMA - 2 * Math.LN2],
    [2, 1 - EULER_GAMMA],
    [10, 1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5 + 1 / 6 + 1 / 7 + 1 / 8 + 1 / 9 - EULER_GAMMA],
  ])('digamma(%f) is %f', (x, expected) => {
    expect(digamma(x)).toBeCloseTo(expected, 12);
  });

  it('estimates two singletons as Grassberger does: ln 2 − G(1), G(1) = −γ − ln 2, so l = 4·e^γ', () => {
    expect(grassbergerL([1, 1])).toBeCloseTo(4 * Math.exp(EULER_GAMMA), 12);
    expect(grassbergerL([])).toBe(0);
  });

  it.each([
    { counts: [3, 2, 1], c: 2, l: 2, diverse: true },
    { counts: [3, 2, 1], c: 1, l: 2, diverse: false },
    { counts: [1, 2, 3], c: 1.01, l: 2, diverse: true },
    { counts: [3, 2, 1], c: 100, l: 4, diverse: false },
    { counts: [5, 0, 0], c: 100, l: 1, diverse: true },
    { counts: [], c: 2, l: 1, diverse: false },
  ])('recursive-($c,$l) on $counts: $diverse', ({ counts, c, l, diverse }) => {
    expect(recursiveCl(counts, c, l)).toBe(diverse);
  });

  // Li, Li & Venkatasubramanian (2007), t-closeness, §4: salaries 3k…11k, one record each
  it.each([
    { name: '{3k, 4k, 5k}', counts: [1, 1, 1, 0, 0, 0, 0, 0, 0], emd: 0.375 },
    { name: '{6k, 8k, 11k}', counts: [0, 0, 0, 1, 0, 1, 0, 0, 1], emd: 1 / 6 },
    { name: 'the whole table', counts: [1, 1, 1, 1, 1, 1, 1, 1, 1], emd: 0 },
  ])('gives the paper’s ordered-distance EMD for $name', ({ counts, emd }) => {
    expect(
      orderedEmd(
        counts,
        Array(9).fill(1),
        Int32Array.from({ length: 9 }, (_, i) => i),
      ),
    ).toBeCloseTo(emd, 12);
  });
});

describe('l-diversity and t-closeness measures', () => {
  it.each([
    [[5, 0, 0], 1, 1],
    [[2, 2, 0], 2, 2],
    [[1, 1, 1, 1], 4, 4],
    [[3, 1], 2, Math.exp(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)))],
  ])('counts %j as distinct-%d and entropy-%f', (counts, distinct, entropy) => {
    expect(distinctL(counts)).toBe(distinct);
    expect(entropyL(counts)).toBeCloseTo(entropy, 12);
  });

  it('measures the equal-distance EMD as half the L1 distance', () => {
    expect(equalDistanceEmd([1, 0, 0], [1, 1, 1])).toBeCloseTo(2 / 3, 12);
    expect(equalDistanceEmd([2, 2], [1, 1])).toBe(0);
  });

  it('measures the hierarchical EMD of the t-closeness paper (Li et al. 2007, salary example)', () => {
    // Leaves a,b under A; c,d under B; root *. Height 2.
    const h = compileHierarchy({
      column: 's',
      levels: [
        ['a', 'b', 'c', 'd'],
        ['A', 'A', 'B', 'B'],
        ['*', '*', '*', '*'],
      ],
    });
    const index = Int32Array.from([0, 1, 2, 3]);
    // Class all on a; overall uniform: within A move 1/4 from a to b (cost 1/2 each), 1/2 to B across root (cost 1).
    expect(hierarchicalEmd([1, 0, 0, 0], [1, 1, 1, 1], h, index)).toBeCloseTo(0.25 * 0.5 + 0.5 * 1, 12);
    // Same sibling mass but swapped within A: only the lower level moves.
    expect(hierarchicalEmd([0, 2, 1, 1], [1, 1, 1, 1], h, index)).toBeCloseTo(0.25 * 0.5, 12);
  });
});
