import { describe, expect, it } from 'vitest';
import { roundCell, roundSignificant, roundToBase } from './protection.ts';

describe('rounding to a base', () => {
  it.each([
    [0, 5, 0],
    [1, 5, 0],
    [2, 5, 0],
    [2.5, 5, 5], // a half goes away from zero
    [3, 5, 5],
    [7, 5, 5],
    [7.5, 5, 10],
    [12, 10, 10],
    [15, 10, 20],
    [-2, 5, 0], // never -0
    [-2.5, 5, -5],
    [-7.5, 5, -10],
    [9_007_199_254_740_990, 5, 9_007_199_254_740_990],
    [NaN, 5, NaN],
    [Infinity, 5, Infinity],
  ])('%d to base %d is %d', (value, base, expected) => {
    expect(roundToBase(value, base)).toBe(expected);
  });
});

describe('rounding to significant figures', () => {
  it.each([
    [0, 3, 0],
    [-0, 3, 0],
    [12_345, 3, 12_300],
    [12_355, 3, 12_400],
    [-12_355, 3, -12_400],
    [0.125, 2, 0.13], // an exact binary half goes away from zero
    [-0.125, 2, -0.13],
    [2.5, 1, 3],
    [-2.5, 1, -3],
    [999.5, 3, 1000],
    [1234.5678, 1, 1000],
    [1.23456789e-7, 3, 1.23e-7],
    [4.2e-320, 3, 4.2e-320], // subnormal: keeps its scale
    [1.234567e300, 3, 1.23e300],
    [Number.MAX_VALUE, 3, Infinity],
    [NaN, 3, NaN],
    [-Infinity, 3, -Infinity],
    // The attack: a rounded total plus one person's value in the 7th digit and below.
    [1_234_000 + 4_321.5 * 1e-7, 3, 1_230_000],
  ])('%d to %d figures is %d', (value, figures, expected) => {
    expect(roundSignificant(value, figures)).toBe(expected);
  });

  it('gives the same figures whatever is hidden below them', () => {
    const hidden = [0, 1e-7, 4.321e-5, 0.0049];
    expect(new Set(hidden.map((h) => roundSignificant(54_321 + h, 3))).size).toBe(1);
  });
});

describe('rounding a released cell', () => {
  it.each([
    [null, { base: 5, figures: null }, null],
    [NaN, { base: 5, figures: 3 }, NaN],
    [0, { base: 5, figures: 3 }, 0],
    [17, { base: 5, figures: null }, 15],
    [17, { base: null, figures: 1 }, 20],
    [12_347, { base: 10, figures: 3 }, 12_400], // 12 350 first, then its half goes up
    [-12_347, { base: 10, figures: 3 }, -12_400],
    [0.000_123_45, { base: null, figures: 3 }, 0.000_123],
    [3, { base: 1, figures: null }, 3],
    [3.7, { base: null, figures: null }, 3.7],
  ] as const)('%d under %j is %d', (value, rule, expected) => {
    expect(roundCell(value, rule)).toBe(expected);
  });
});
