import { describe, expect, it } from 'vitest';
import { riskWithPopulation } from './index.ts';
import { riskFromClassSizes } from './risk.ts';

// Expected figures worked by hand from the definitions: prosecutor 1/f, journalist 1/F, marketer Σ f/F ÷ n.
describe('re-identification risk of a release drawn from a known population', () => {
  it.each([
    // classes (sample f, population F)          prosecutor max, avg | journalist max, avg | marketer
    [
      [
        [2, 10],
        [3, 3],
      ],
      1 / 2,
      2 / 5,
      1 / 3,
      (2 / 10 + 3 / 3) / 5,
      (2 / 10 + 3 / 3) / 5,
    ],
    [[[5, 5]], 1 / 5, 1 / 5, 1 / 5, 1 / 5, 1 / 5],
    [
      [
        [5, 500],
        [5, 50],
      ],
      1 / 5,
      2 / 10,
      1 / 50,
      (5 / 500 + 5 / 50) / 10,
      (5 / 500 + 5 / 50) / 10,
    ],
    [[[1, 1000]], 1, 1, 1 / 1000, 1 / 1000, 1 / 1000],
  ])('%j', (classes, prosecutorMax, prosecutorAverage, journalistMax, journalistAverage, marketer) => {
    const risk = riskWithPopulation(
      classes.map(([sample, population]) => ({ sample: sample!, population: population! })),
      5,
    );
    expect(risk.prosecutor.highest).toBeCloseTo(prosecutorMax, 12);
    expect(risk.prosecutor.average).toBeCloseTo(prosecutorAverage, 12);
    expect(risk.journalist.highest).toBeCloseTo(journalistMax, 12);
    expect(risk.journalist.average).toBeCloseTo(journalistAverage, 12);
    expect(risk.marketer).toBeCloseTo(marketer, 12);
  });

  it('equals the sample-only figures when the release is the whole population', () => {
    const sizes = [5, 7, 12];
    expect(
      riskWithPopulation(
        sizes.map((n) => ({ sample: n, population: n })),
        5,
      ),
    ).toEqual(riskFromClassSizes(sizes, 5));
  });

  it('is all zero for an empty release', () => {
    expect(riskWithPopulation([], 5)).toMatchObject({
      records: 0,
      journalist: { highest: 0, average: 0 },
      marketer: 0,
    });
  });

  it('refuses a class larger in the release than in the population', () => {
    expect(() => riskWithPopulation([{ sample: 6, population: 5 }], 5)).toThrow(/only 5 in the population/);
  });
});
