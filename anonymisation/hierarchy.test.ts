import { describe, expect, it } from 'vitest';
import {
  dateHierarchy,
  geographyHierarchy,
  icd10Chapter,
  icd10Hierarchy,
  intervalHierarchy,
  mapHierarchy,
  orderedHierarchy,
  parseArxHierarchy,
  prefixHierarchy,
  validateHierarchy,
  writeArxHierarchy,
} from './index.ts';

describe('hierarchy builders', () => {
  it('builds nested integer bands up to *', () => {
    const h = intervalHierarchy('age', [37, 40, 9], [5, 10, 20]);
    expect(h.levels.map((level) => level[0])).toEqual(['37', '35-39', '30-39', '20-39', '*']);
    expect(validateHierarchy(h).verdict).toBe('pass');
  });

  it('refuses bands that do not nest', () => {
    expect(() => intervalHierarchy('age', [1], [5, 12])).toThrow(/multiple/);
  });

  it('builds date, prefix, ordered, map, geography and ICD-10 hierarchies', () => {
    expect(dateHierarchy('d', ['2024-05-17']).levels.map((l) => l[0])).toEqual(['2024-05-17', '2024-05', '2024-Q2', '2024', '*']);
    expect(prefixHierarchy('icd', ['E11.9'], [3, 1]).levels.map((l) => l[0])).toEqual(['E11.9', 'E11', 'E', '*']);
    expect(orderedHierarchy('grade', ['1', '2', '3', '4', '5'], [2, 4]).levels.map((l) => l[4])).toEqual(['5', '5', '5', '*']);
    expect(mapHierarchy('sex', ['M', 'F'], [{ M: 'person', F: 'person' }]).levels).toEqual([['M', 'F'], ['person', 'person'], ['*', '*']]);
    const geo = geographyHierarchy([
      { ward: 'W1', localMunicipality: 'L1', district: 'D1', province: 'GP' },
      { ward: 'W2', localMunicipality: 'L1', district: 'D1', province: 'GP' },
    ]);
    expect(geo.levels.map((l) => l[1])).toEqual(['W2', 'L1', 'D1', 'GP', '*']);
    expect(icd10Chapter('E11.9')).toBe('IV');
    expect(icd10Chapter('S72.0')).toBe('XIX');
    expect(icd10Hierarchy('dx', ['J45.0']).levels.map((l) => l[0])).toEqual(['J45.0', 'J45', 'Chapter X', '*']);
  });

  it('round-trips ARX CSV', () => {
    const text = 'Male;*\nFemale;*\n';
    const h = parseArxHierarchy(text, 'sex');
    expect(h.levels).toEqual([['Male', 'Female'], ['*', '*']]);
    expect(writeArxHierarchy(h)).toBe(text);
  });
});

describe('validateHierarchy', () => {
  it.each([
    [{ column: 'x', levels: [['a', 'b'], ['g', 'g'], ['*', '*']] }, undefined, 'pass'],
    [{ column: 'x', levels: [['a', 'a'], ['g', 'h']] }, undefined, 'fail'],
    [{ column: 'x', levels: [['a', 'b', 'c'], ['g', 'g', 'h'], ['1', '2', '2']] }, undefined, 'fail'],
    [{ column: 'x', levels: [['a', 'b'], ['g']] }, undefined, 'fail'],
    [{ column: 'x', levels: [] }, undefined, 'fail'],
    [{ column: 'x', levels: [['a', 'b'], ['*', '*']] }, ['a', 'c'], 'fail'],
  ])('judges %j (data %j) as %s', (hierarchy, values, verdict) => {
    expect(validateHierarchy(hierarchy, values).verdict).toBe(verdict);
  });
});
