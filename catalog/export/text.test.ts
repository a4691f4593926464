import { describe, it, expect } from 'vitest';
import { describeSummary, formatTable } from './text.ts';
import type { VariableSummary } from '../types.ts';

const base = { threshold: 10, count: 100, missing: 0, distinct: 3, suppressed: [] };

describe('terminal renderings', () => {
  it.each<[string, VariableSummary | undefined, string]>([
    ['no summary', undefined, ''],
    ['a key', { ...base, kind: 'key', distinct: 90 }, '90 distinct'],
    [
      'a single category',
      { ...base, kind: 'categorical', distinct: 1, categories: [{ value: '*', count: 100 }] },
      '1 category: * 100',
    ],
    [
      'a number with withheld extremes',
      { ...base, kind: 'numeric', mean: 10.256, min: null, max: 12, percentiles: { p50: 10 } },
      'mean 10.26, median 10, range withheld–12',
    ],
    [
      'categories with some not listed and a withheld missing count',
      {
        ...base,
        kind: 'categorical',
        missing: null,
        distinct: 6,
        categories: [
          { value: 'a', count: 50 },
          { value: 'b', count: 20 },
          { value: 'c', count: 15 },
          { value: 'd', count: 12 },
        ],
        withheldCategories: 2,
      },
      '6 categories: a 50, b 20, c 15, … (+2 not listed); missing withheld',
    ],
  ])('describes %s', (_what, summary, expected) => {
    expect(describeSummary(summary)).toBe(expected);
  });

  it('pads columns to the widest cell and trims the last', () => {
    expect(
      formatTable(
        ['a', 'bb'],
        [
          ['long', 'x '],
          ['', ''],
        ],
      ),
    ).toBe('a     bb\nlong  x\n');
  });
});
