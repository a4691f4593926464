import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, tightenProfile, type CellStats, type Verdict } from './index.ts';
import { checkCell } from './rules.ts';
import { rowLevelRule, cellCapRule, classDisclosureRule, marginRecoveryRule, differencingRule } from './table-rules.ts';
import { suppressWithComplements, roundTable } from './protection.ts';

const P = DEFAULT_PROFILE;
const count = (persons: number | null, value: number | null = persons): CellStats => ({
  kind: 'count',
  persons,
  value,
});
const sum = (top: number[], total: number, persons = 20, minContribution = 0): CellStats => ({
  kind: 'sum',
  persons,
  value: total,
  total,
  top,
  minContribution,
});

describe('cell rules on their boundaries', () => {
  it.each<[string, CellStats, Verdict, string | null, object?]>([
    ['a count of 9 persons fails', count(9), 'fail', 'threshold'],
    ['a count of 10 persons passes', count(10), 'pass', null],
    ['a count of 1 person fails', count(1), 'fail', 'threshold'],
    ['a count of 11 persons passes', count(11), 'pass', null],
    ['a count printed as 50 but built from 9 persons fails', count(9, 50), 'fail', 'threshold'],
    ['an unknown number of persons is reviewed', count(null, 40), 'review', 'threshold'],
    ['a zero cell fails (zeros are disclosive, as in ACRO)', count(0), 'fail', 'zeros'],
    ['a count printed as 0 fails even with persons in the cell', count(12, 0), 'fail', 'zeros'],
    [
      'a cell of 5 persons whose values are all NULL fails the threshold',
      { kind: 'mean', persons: 0, cellPersons: 5, value: null },
      'fail',
      'threshold',
    ],
    [
      'a cell of 9 persons of whom 0 have a value fails the threshold',
      { kind: 'count', persons: 0, cellPersons: 9, value: 0 },
      'fail',
      'threshold',
    ],
    [
      'a cell of 10 persons whose values are all NULL does not fail the threshold but is an empty cell',
      { kind: 'mean', persons: 0, cellPersons: 10, value: null },
      'fail',
      'zeros',
    ],
    [
      'a mean of 3 persons\u2019 values among 50 in the cell fails',
      { kind: 'mean', persons: 3, cellPersons: 50, value: 4, total: 12, top: [4, 4], minContribution: 4 },
      'fail',
      'threshold',
    ],
    ['a missing statistic is reviewed', { kind: 'mean', persons: 12, value: null }, 'review', 'missing'],
    [
      'a mean over 9 persons with values fails',
      { kind: 'mean', persons: 9, value: 3, total: 27, top: [3, 3], minContribution: 3 },
      'fail',
      'threshold',
    ],
    ['two contributors at exactly 90 % fail dominance (share ≥ k, as ACRO)', sum([45, 45], 100), 'fail', 'dominance'],
    ['two contributors at 89.9 % pass dominance', sum([44.9, 45], 100), 'pass', null],
    ['two contributors at 90.1 % fail dominance', sum([45.1, 45], 100), 'fail', 'dominance'],
    ['exactly 90 % in figures that are not exact in binary fails too', sum([0.45, 0.45], 1), 'fail', 'dominance'],
    [
      'n = 1, k = 50 %: one contributor at exactly half fails',
      sum([50, 10], 100),
      'fail',
      'dominance',
      { dominanceN: 1, dominanceK: 0.5 },
    ],
    [
      'n = 1, k = 50 %: one contributor at 49.9 % passes',
      sum([49.9, 10], 100),
      'pass',
      null,
      { dominanceN: 1, dominanceK: 0.5 },
    ],
    ['one contributor at 91 % fails dominance', sum([91, 1], 100), 'fail', 'dominance'],
    ['rest exactly p × largest passes the p % rule (p = 50 %)', sum([50, 10], 85), 'pass', null, { pPercent: 0.5 }],
    [
      'rest just under p × largest fails the p % rule (p = 50 %)',
      sum([50, 10], 84.9),
      'fail',
      'p-percent',
      { pPercent: 0.5 },
    ],
    [
      'rest exactly p × largest passes at p = 30 % (3 / 10, as ACRO divides)',
      sum([10, 1], 14),
      'pass',
      null,
      { pPercent: 0.3 },
    ],
    ['rest under p × largest fails at p = 30 %', sum([10, 1], 13.99), 'fail', 'p-percent', { pPercent: 0.3 }],
    ['at the default p = 10 % a p % failure is also a dominance failure', sum([50, 40], 98), 'fail', 'dominance'],
    ['a spread-out sum passes both magnitude rules', sum([10, 9], 200), 'pass', null],
    ['a person whose rows net below zero sends a sum to review', sum([10, 9], 200, 20, -5), 'review', 'negative'],
    [
      'a negative row inside a positive per-person sum sends a sum to review',
      { ...sum([10, 9], 200), minRow: -3 },
      'review',
      'negative',
    ],
    [
      'a negative row makes a dominant cell review, not fail: dominance is undefined',
      { ...sum([95, 4], 100), minRow: -1 },
      'review',
      'negative',
    ],
    [
      'a mean with a negative row is reviewed',
      { kind: 'mean', persons: 20, value: 9, total: 180, top: [10, 10], minContribution: 1, minRow: -2 },
      'review',
      'negative',
    ],
    ['a count is never judged on negatives', { kind: 'count', persons: 20, value: 20, minRow: -1 }, 'pass', null],
    [
      'a sum of zero over no one fails as an empty cell',
      { kind: 'sum', persons: 0, value: 0, total: 0, top: [], minContribution: 0 },
      'fail',
      'zeros',
    ],
    [
      'a total of exactly 0 over 20 persons fails as a zero',
      { kind: 'sum', persons: 20, cellPersons: 20, value: 0, total: 0, top: [0, 0], minContribution: 0 },
      'fail',
      'zeros',
    ],
    ['the max of 5 persons fails', { kind: 'extreme', persons: 5, value: 900 }, 'fail', 'extreme'],
    ['the max of 10 persons is reviewed', { kind: 'extreme', persons: 10, value: 900 }, 'review', 'extreme'],
    ['a median of 200 persons is still reviewed', { kind: 'extreme', persons: 200, value: 12 }, 'review', 'extreme'],
    ['a regression with 9 residual df fails', { kind: 'model', persons: 11, value: 0.3, residualDf: 9 }, 'fail', 'dof'],
    [
      'a regression with 10 residual df passes',
      { kind: 'model', persons: 12, value: 0.3, residualDf: 10 },
      'pass',
      null,
    ],
    [
      'a standard deviation over 10 persons (9 df) fails',
      { kind: 'spread', persons: 10, value: 2, residualDf: 9 },
      'fail',
      'dof',
    ],
    [
      'a standard deviation over 11 persons (10 df) passes',
      { kind: 'spread', persons: 11, value: 2, residualDf: 10 },
      'pass',
      null,
    ],
    [
      'a model with unknown df is reviewed',
      { kind: 'model', persons: 50, value: 1, residualDf: null },
      'review',
      'dof',
    ],
    [
      'a binary mean with 3 rare cases fails',
      {
        kind: 'mean',
        persons: 100,
        value: 0.03,
        total: 3,
        top: [1, 1],
        minContribution: 0,
        binary: { ones: 3, zeros: 97 },
      },
      'fail',
      'rare-binary',
    ],
    [
      'a binary mean with 10 rare cases passes',
      {
        kind: 'mean',
        persons: 100,
        value: 0.1,
        total: 10,
        top: [1, 1],
        minContribution: 0,
        binary: { ones: 10, zeros: 90 },
      },
      'pass',
      null,
    ],
    [
      'a binary mean of 100 % is class disclosure',
      {
        kind: 'mean',
        persons: 40,
        value: 1,
        total: 40,
        top: [1, 1],
        minContribution: 1,
        binary: { ones: 40, zeros: 0 },
      },
      'fail',
      'class-disclosure',
    ],
    [
      'a mean where every person has the same value is flagged',
      { kind: 'mean', persons: 30, value: 70, total: 2100, top: [70, 70], minContribution: 70 },
      'fail',
      'same-values',
    ],
    [
      'an aggregate the checker does not know is reviewed',
      { kind: 'other', persons: 500, value: 3 },
      'review',
      'statistic',
    ],
    ['a histogram bin of 50 persons passes', count(50), 'pass', null],
    ['a histogram outlier bin of 1 person fails', count(1, 1), 'fail', 'threshold'],
  ])('%s', (_name, stats, verdict, rule, override) => {
    const result = checkCell(stats, tightenProfile(P, override));
    expect(result.verdict).toBe(verdict);
    if (rule) expect(result.verdicts.map((v) => v.rule)).toContain(rule);
    else expect(result.verdicts).toEqual([]);
  });

  it.each<[string, number, Verdict]>([
    ['threshold 15 fails 14 persons', 14, 'fail'],
    ['threshold 15 passes 15 persons', 15, 'pass'],
  ])('a tightened profile: %s', (_name, persons, verdict) => {
    expect(checkCell(count(persons), tightenProfile(P, { threshold: 15 })).verdict).toBe(verdict);
  });
});

describe('table rules', () => {
  it.each<[string, Parameters<typeof rowLevelRule>[0], Verdict]>([
    ['a SELECT of pseudonyms fails', { aggregated: false, identifierColumns: ['person_id'] }, 'fail'],
    [
      'a grouped count that also prints the pseudonym fails',
      { aggregated: true, identifierColumns: ['person_id'] },
      'fail',
    ],
    ['row-level output without identifiers still fails', { aggregated: false, identifierColumns: [] }, 'fail'],
    ['an aggregate without identifiers passes', { aggregated: true, identifierColumns: [] }, 'pass'],
  ])('%s', (_name, input, verdict) => {
    expect(rowLevelRule(input).verdict).toBe(verdict);
  });

  it.each<[number, Verdict]>([
    [10_000, 'pass'],
    [10_001, 'fail'],
  ])('an output of %i cells is %s against the cap', (cells, verdict) => {
    expect(cellCapRule(cells, P).verdict).toBe(verdict);
  });

  it.each<[string, Record<string, number>, Verdict]>([
    ['everyone in one category is class disclosure', { yes: 25, no: 0 }, 'fail'],
    ['a category absent from the row is class disclosure', { yes: 25 }, 'fail'],
    ['persons spread over categories pass', { yes: 25, no: 12 }, 'pass'],
  ])('%s', (_name, counts, verdict) => {
    expect(classDisclosureRule('district A', new Map(Object.entries(counts)), ['yes', 'no'], P).verdict).toBe(verdict);
  });

  it.each<[string, Array<Array<number | null>>, Verdict]>([
    [
      'margins would recover a lone suppressed cell',
      [
        [null, 20, 30],
        [40, 50, 60],
      ],
      'fail',
    ],
    [
      'a lone suppressed cell in a column is recoverable too',
      [
        [null, null, 30],
        [40, 50, 60],
      ],
      'fail',
    ],
    [
      'suppression in pairs of rows and columns is safe',
      [
        [null, null, 30],
        [null, null, 60],
      ],
      'pass',
    ],
    [
      'a table with nothing suppressed is safe',
      [
        [10, 20],
        [30, 40],
      ],
      'pass',
    ],
  ])('%s', (_name, table, verdict) => {
    expect(marginRecoveryRule(table, { rowTotals: true, columnTotals: true }).verdict).toBe(verdict);
  });

  it.each<[string, number, number, Verdict]>([
    ['two outputs that difference to one person fail', 1, 0, 'fail'],
    ['a difference of 9 persons fails', 0, 9, 'fail'],
    ['a difference of 10 persons passes', 10, 0, 'pass'],
    ['an identical population passes', 0, 0, 'pass'],
    ['a large net change hiding a small one-sided change is reviewed', 3, 40, 'review'],
  ])('%s', (_name, onlyInNew, onlyInReleased, verdict) => {
    expect(differencingRule({ released: 'q1 cell 1', onlyInNew, onlyInReleased }, P).verdict).toBe(verdict);
  });
});

describe('protection', () => {
  it('secondary suppression leaves no suppressed cell recoverable from margins', () => {
    const { table, secondary } = suppressWithComplements(
      [
        [3, 20, 30],
        [40, 50, 60],
        [70, 80, 90],
      ],
      [[0, 0]],
    );
    expect(secondary.length).toBeGreaterThanOrEqual(3);
    expect(marginRecoveryRule(table, { rowTotals: true, columnTotals: true }).verdict).toBe('pass');
    expect(table[0]![1]).toBeNull();
  });

  it('rounding to base 5 computes totals from the rounded cells', () => {
    const rounded = roundTable([
      [12, 13],
      [7, 3],
    ]);
    expect(rounded.table).toEqual([
      [10, 15],
      [5, 5],
    ]);
    expect(rounded.rowTotals).toEqual([25, 10]);
    expect(rounded.columnTotals).toEqual([15, 20]);
    expect(rounded.total).toBe(35);
  });

  it('refuses a project profile looser than the defaults', () => {
    expect(() => tightenProfile(P, { threshold: 5 })).toThrow(/looser: threshold/);
    expect(() => tightenProfile(P, { zeros: 'review' })).toThrow(/looser: zeros/);
    expect(() => tightenProfile(P, { dominanceK: 0.95 })).toThrow(/dominanceK/);
  });
});
