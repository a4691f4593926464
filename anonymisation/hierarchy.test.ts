import { describe, expect, it } from 'vitest';
import { mapHierarchy } from './index.ts';
import { parseArxHierarchy, validateHierarchy, writeArxHierarchy } from './hierarchy.ts';

describe('hierarchy builders', () => {
  it('maps every original value per level, by record or function, up to *', () => {
    expect(mapHierarchy('sex', ['M', 'F'], [{ M: 'person', F: 'person' }]).levels).toEqual([
      ['M', 'F'],
      ['person', 'person'],
      ['*', '*'],
    ]);
    const band = (width: number) => (age: string) =>
      `${Math.floor(Number(age) / width) * width}-${Math.floor(Number(age) / width) * width + width - 1}`;
    const ages = mapHierarchy('age', ['37', '40', '9'], [band(5), band(10), band(20)]);
    expect(ages.levels.map((level) => level[0])).toEqual(['37', '35-39', '30-39', '20-39', '*']);
    expect(validateHierarchy(ages).verdict).toBe('pass');
    expect(mapHierarchy('x', ['a'], [() => '*']).levels).toEqual([['a'], ['*']]);
  });

  it('refuses a value a level does not map', () => {
    expect(() => mapHierarchy('sex', ['M', 'X'], [{ M: 'person' }])).toThrow(/no mapping for "X"/);
  });

  it('round-trips ARX CSV', () => {
    const text = 'Male;*\nFemale;*\n';
    const h = parseArxHierarchy(text, 'sex');
    expect(h.levels).toEqual([
      ['Male', 'Female'],
      ['*', '*'],
    ]);
    expect(writeArxHierarchy(h)).toBe(text);
  });
});

describe('validateHierarchy', () => {
  it.each([
    [
      {
        column: 'x',
        levels: [
          ['a', 'b'],
          ['g', 'g'],
          ['*', '*'],
        ],
      },
      undefined,
      'pass',
    ],
    [
      {
        column: 'x',
        levels: [
          ['a', 'a'],
          ['g', 'h'],
        ],
      },
      undefined,
      'fail',
    ],
    [
      {
        column: 'x',
        levels: [
          ['a', 'b', 'c'],
          ['g', 'g', 'h'],
          ['1', '2', '2'],
        ],
      },
      undefined,
      'fail',
    ],
    [{ column: 'x', levels: [['a', 'b'], ['g']] }, undefined, 'fail'],
    [{ column: 'x', levels: [] }, undefined, 'fail'],
    [
      {
        column: 'x',
        levels: [
          ['a', 'b'],
          ['*', '*'],
        ],
      },
      ['a', 'c'],
      'fail',
    ],
  ])('judges %j (data %j) as %s', (hierarchy, values, verdict) => {
    expect(validateHierarchy(hierarchy, values).verdict).toBe(verdict);
  });
});
