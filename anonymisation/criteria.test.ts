import { describe, expect, it } from 'vitest';
import { compileHierarchy, distinctL, entropyL, equalDistanceEmd, hierarchicalEmd } from './index.ts';

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
    const h = compileHierarchy({ column: 's', levels: [['a', 'b', 'c', 'd'], ['A', 'A', 'B', 'B'], ['*', '*', '*', '*']] });
    const index = Int32Array.from([0, 1, 2, 3]);
    // Class all on a; overall uniform: within A move 1/4 from a to b (cost 1/2 each), 1/2 to B across root (cost 1).
    expect(hierarchicalEmd([1, 0, 0, 0], [1, 1, 1, 1], h, index)).toBeCloseTo(0.25 * 0.5 + 0.5 * 1, 12);
    // Same sibling mass but swapped within A: only the lower level moves.
    expect(hierarchicalEmd([0, 2, 1, 1], [1, 1, 1, 1], h, index)).toBeCloseTo(0.25 * 0.5, 12);
  });
});
