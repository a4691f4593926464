import { describe, it, expect } from 'vitest';
import { latticeNodes } from './k-anonymise.ts';

describe('generalisation lattice', () => {
  it('lists every level vector once, least generalised first', () => {
    const nodes = latticeNodes([2, 1]);
    expect(nodes).toHaveLength(6);
    expect(nodes[0]).toEqual([0, 0]);
    expect(nodes.at(-1)).toEqual([2, 1]);
    expect(new Set(nodes.map((n) => n.join())).size).toBe(6);
  });
  it('has a single empty node without quasi-identifiers', () => {
    expect(latticeNodes([])).toEqual([[]]);
  });
});
