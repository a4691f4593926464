import { describe, it, expect } from 'vitest';
import { quarantineRateVerdict } from './quarantine.ts';
import { kVerdict, rowCountVerdict, schemaVerdict } from './publication.ts';
import { identifierVerdict } from './identifiers.ts';
import { suppressAndRound } from './protect.ts';

describe('quarantine rate', () => {
  it.each([
    [0, 0, 0.05, 'pass'],
    [100, 0, 0.05, 'pass'],
    [95, 5, 0.05, 'pass'],
    [94, 6, 0.05, 'fail'],
    [0, 1, 0.05, 'fail'],
    [0, 1, 1, 'pass'],
  ])('%i valid and %i quarantined at limit %f → %s', (valid, quarantined, limit, verdict) => {
    expect(quarantineRateVerdict(valid, quarantined, limit).verdict).toBe(verdict);
  });
});

describe('k-anonymity verdict', () => {
  it.each([
    [0, null, 0, 0, 'pass'],
    [10, 5, 0, 0, 'pass'],
    [10, 4, 1, 4, 'fail'],
  ])('%i classes, smallest %s, %i bad → %s', (classes, smallest, bad, badRows, verdict) => {
    const result = kVerdict(classes, smallest, bad, badRows, 5, ['age_band', 'sex']);
    expect(result.verdict).toBe(verdict);
    if (verdict === 'fail') expect(result).toMatchObject({ column: 'age_band, sex', rows: badRows });
  });
});

describe('row count against the previous partition', () => {
  it.each([
    [100, null, 'pass'],
    [150, 100, 'pass'],
    [151, 100, 'fail'],
    [50, 100, 'pass'],
    [49, 100, 'fail'],
    [0, 0, 'pass'],
    [5, 0, 'review'],
  ])('%i rows after %s → %s', (rows, previous, verdict) => {
    expect(rowCountVerdict(rows, previous, 0.5).verdict).toBe(verdict);
  });
});

describe('schema contract', () => {
  const declared = [
    { name: 'person_id', type: 'VARCHAR' },
    { name: 'amount', type: 'DOUBLE' },
  ];
  it.each([
    ['as declared', declared, 'pass', undefined],
    ['a missing column', [declared[0]!], 'fail', 'amount missing'],
    ['a wrong type', [declared[0]!, { name: 'amount', type: 'VARCHAR' }], 'fail', 'amount is VARCHAR, declared DOUBLE'],
    [
      'an undeclared column',
      [...declared, { name: 'id_number', type: 'VARCHAR' }],
      'fail',
      'undeclared column(s) id_number',
    ],
    ['another order', [declared[1]!, declared[0]!], 'fail', 'columns are not in the declared order'],
  ])('%s', (_name, actual, verdict, reason) => {
    const result = schemaVerdict(actual, declared);
    expect(result.verdict).toBe(verdict);
    if (reason) expect(result.reason).toBe(reason);
  });
});

describe('identifier verdict', () => {
  it('passes with no hits and names every column and the largest count otherwise', () => {
    expect(identifierVerdict([]).verdict).toBe('pass');
    const result = identifierVerdict([
      { column: 'geography', kind: 'sa_id', rows: 3, example: 'x' },
      { column: 'grade', kind: 'phone', rows: 7, example: 'y' },
    ]);
    expect(result).toMatchObject({ verdict: 'fail', column: 'geography, grade', rows: 7 });
    expect(JSON.stringify(result.metadata)).not.toContain('"x"');
  });
});

describe('dashboard protection', () => {
  it.each([
    [0, null],
    [9, null],
    [10, 10],
    [12, 10],
    [13, 15],
    [1234, 1235],
  ])('suppresses under 10 and rounds to 5: %i → %s', (count, expected) => {
    expect(suppressAndRound(count, 10, 5)).toBe(expected);
  });
});
