import { describe, it, expect } from 'vitest';
import {
  decisivePersons,
  isSafeCount,
  isSafePercentile,
  protectCategories,
  protectCategorical,
  protectNumeric,
  type NumericTally,
} from './protect.ts';

describe('summary disclosure rules', () => {
  it.each([
    [0, 10, true],
    [9, 10, false],
    [10, 10, true],
    [1, 1, true],
    [1, 10, false],
  ])('a count of %i persons is safe at threshold %i: %s', (persons, threshold, safe) => {
    expect(isSafeCount(persons, threshold)).toBe(safe);
  });

  it.each([
    [50, 20, 10, true],
    [50, 19, 10, false],
    [10, 100, 10, true],
    [10, 99, 10, false],
    [90, 100, 10, true],
    [90, 99, 10, false],
    [50, 0, 10, false],
  ])('percentile p%i over %i persons is safe at threshold %i: %s', (p, persons, threshold, safe) => {
    expect(isSafePercentile(p, persons, threshold)).toBe(safe);
  });

  const t = (value: string, persons: number, count = persons) => ({ value, persons, count });

  it.each([
    ['keeps every category when all are large', [t('a', 50), t('b', 20)], 2, ['a', 'b'], 0],
    ['withholds a second category when only one is small', [t('a', 50), t('b', 20), t('c', 3)], 3, ['a'], 2],
    ['needs no second when two are small', [t('a', 50), t('b', 20), t('c', 3), t('d', 1)], 4, ['a', 'b'], 2],
    [
      'withholds the category exactly under the threshold',
      [t('a', 10), t('b', 10), t('c', 9), t('d', 9)],
      4,
      ['a', 'b'],
      2,
    ],
    ['shows nothing when the only category is small', [t('a', 4)], 1, [], 1],
    ['shows nothing when there is nothing', [], 0, [], 0],
  ])('%s', (_name, tallies, distinct, shown, withheld) => {
    const result = protectCategories(tallies, distinct, 10, 20);
    expect(result.categories.map((c) => c.value)).toEqual(shown);
    expect(result.withheld).toBe(withheld);
  });

  it('truncates a long list without withholding more when the one left out is large', () => {
    const tallies = [t('a', 50), t('b', 40), t('c', 30)];
    expect(protectCategories(tallies, 3, 10, 2)).toEqual({
      categories: [
        { value: 'a', count: 50 },
        { value: 'b', count: 40 },
      ],
      withheld: 1,
    });
  });

  it('labels categories from the value labels and reports rows, not persons', () => {
    const result = protectCategories([t('OAG', 12, 30)], 1, 10, 20, { OAG: 'Old age grant' });
    expect(result.categories).toEqual([{ value: 'OAG', label: 'Old age grant', count: 30 }]);
  });

  it('withholds every category and figure of a variable that covers too few persons', () => {
    const summary = protectCategorical(
      { count: 5, persons: 5, missing: 0, missingPersons: 0, distinct: 2 },
      [t('a', 3), t('b', 2)],
      10,
      20,
    );
    expect(summary).toMatchObject({ count: 5, missing: null, distinct: null, categories: [] });
    expect(summary.suppressed).toEqual(['missing', 'distinct', 'categories']);
  });

  const numeric = (overrides: Partial<NumericTally> = {}): NumericTally => ({
    count: 100,
    persons: 100,
    missing: 0,
    missingPersons: 0,
    distinct: 80,
    min: 1,
    max: 99,
    minPersons: 1,
    maxPersons: 12,
    mean: 50,
    sd: 10,
    percentiles: { p10: 10, p50: 50, p90: 90 },
    ...overrides,
  });

  it('withholds an extreme held by fewer than the threshold, and keeps one shared by enough persons', () => {
    const summary = protectNumeric(numeric(), 10);
    expect(summary).toMatchObject({ min: null, max: 99, mean: 50, sd: 10, percentiles: { p10: 10, p50: 50, p90: 90 } });
    expect(summary.suppressed).toEqual(['min']);
  });

  it('withholds outer percentiles over few persons but keeps the median', () => {
    const summary = protectNumeric(numeric({ count: 30, persons: 30, minPersons: 10, maxPersons: 10 }), 10);
    expect(summary.percentiles).toEqual({ p10: null, p50: 50, p90: null });
    expect(summary.suppressed).toEqual(['p10', 'p90']);
  });

  it.each([
    [0, 0],
    [5, null],
    [9, null],
    [10, 10],
  ])('reports %i missing values as %s', (missing, shown) => {
    expect(protectNumeric(numeric({ missing, missingPersons: missing }), 10).missing).toBe(shown);
  });

  it('withholds mean, spread and percentiles of a variable held by fewer persons than the threshold', () => {
    const summary = protectNumeric(numeric({ count: 9, persons: 9, minPersons: 9, maxPersons: 9 }), 10);
    expect(summary).toMatchObject({ count: 9, min: null, max: null, mean: null, sd: null, distinct: null });
    expect(Object.values(summary.percentiles ?? {})).toEqual([null, null, null]);
  });
});

describe('persons decided from row counts', () => {
  it('counts no rows as no persons and rows as persons when each person has one row', () => {
    expect(decisivePersons(0, 12, [10])).toBe(0);
    expect(decisivePersons(9, 1, [10])).toBe(9);
  });

  it('decides when the bounds ⌈rows / most rows per person⌉ … rows lie on one side of every threshold', () => {
    expect(decisivePersons(120, 12, [10])).toBe(10);
    expect(decisivePersons(9, 3, [10])).toBe(3);
    expect(decisivePersons(1200, 12, [10, 100, 40])).toBe(100);
  });

  it('leaves the count open when a threshold lies between the bounds', () => {
    expect(decisivePersons(50, 12, [10])).toBeNull();
    expect(decisivePersons(600, 12, [10, 100])).toBeNull();
  });
});
