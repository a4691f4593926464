import { describe, expect, it } from 'vitest';
import { type CheckReport, type CheckedCell, DEFAULT_PROFILE } from './index.ts';
import { autoReleaseVerdict, columnRounding, planProtection } from './protect.ts';
import { type QueryAnalysis } from './sql/analyse.ts';

const analysis: QueryAnalysis = {
  shape: 'aggregate',
  reasons: [],
  groupKeys: ['district', 'grant_type'],
  columns: [
    { name: 'district', role: 'group', key: 0 },
    { name: 'grant_type', role: 'group', key: 1 },
    { name: 'n', role: 'statistic', aggregates: [0] },
  ],
  aggregates: [{ kind: 'count', functionName: 'count_star', measureSql: '1' }],
  identifierColumns: [],
  personSql: '"g"."person_id"',
  fromWhereSql: 'FROM grants AS g',
  havingOnAggregates: false,
  hidesRows: [],
};

// A 3 × 2 table of counts; row 0 (A, old age) has 3 persons.
const counts: Array<[string, string, number]> = [
  ['A', 'old age', 3],
  ['A', 'child', 40],
  ['B', 'old age', 25],
  ['B', 'child', 30],
  ['C', 'old age', 50],
  ['C', 'child', 60],
];
const cells: CheckedCell[] = counts.map(([district, type, persons], row) => ({
  row,
  column: 'n',
  group: { district, grant_type: type },
  stats: { kind: 'count', persons, value: persons },
  verdict: persons < 10 ? 'fail' : 'pass',
  verdicts: [],
}));
const report = { cells, profile: DEFAULT_PROFILE } as unknown as CheckReport;

describe('protection plan', () => {
  it('blanks the failing cell and enough partners that no row or column total recovers it', () => {
    const plan = planProtection(analysis, report, { suppress: true });
    const blanked = plan.byColumn.get('n')!.sort();
    // A/old age (primary), A/child (its row), B/old age (its column, smallest), B/child (B's row).
    expect(blanked).toEqual([0, 1, 2, 3]);
    expect(plan.suppressed.has('0:n')).toBe(true);
  });

  it('always plans rounding: counts to the profile base, coarser when asked, never group keys', () => {
    const plan = planProtection(analysis, report, {});
    expect(plan.byColumn.size).toBe(0);
    expect(plan.rounding.get('n')).toEqual({ base: 5, figures: null });
    expect(plan.keys).toEqual(['district', 'grant_type']);
    expect(plan.otherRounding).toEqual({ base: null, figures: 3 });
    expect(planProtection(analysis, report, { roundBase: 10 }).rounding.get('n')).toEqual({ base: 10, figures: null });
    expect(planProtection(analysis, report, { roundBase: 2 }).rounding.get('n')).toEqual({ base: 5, figures: null });
  });

  it.each([
    [['count'], {}, { base: 5, figures: null }],
    [['count', 'count'], { roundBase: 20 }, { base: 20, figures: null }],
    [['count'], { roundBase: 3 }, { base: 5, figures: null }],
    [['sum'], {}, { base: null, figures: 3 }],
    [['sum'], { roundBase: 10 }, { base: 10, figures: 3 }],
    [['count', 'sum'], { roundBase: 10 }, { base: null, figures: 3 }],
    [['mean'], { roundBase: 10 }, { base: null, figures: 3 }],
    [['extreme'], {}, { base: null, figures: 3 }],
    [['spread'], {}, { base: null, figures: 3 }],
    [['model'], {}, { base: null, figures: 3 }],
    [['other'], {}, { base: null, figures: 3 }],
    [[], {}, { base: null, figures: 3 }],
  ] as const)('a column of %j with %j is rounded as %j', (kinds, asked, expected) => {
    expect(columnRounding(kinds, DEFAULT_PROFILE, (asked as { roundBase?: number }).roundBase)).toEqual(expected);
  });

  it('rounds under a project profile that raised the base and lowered the figures', () => {
    expect(columnRounding(['count'], { ...DEFAULT_PROFILE, countRoundingBase: 10 })).toEqual({
      base: 10,
      figures: null,
    });
    expect(columnRounding(['sum'], { ...DEFAULT_PROFILE, magnitudeSignificantFigures: 1 })).toEqual({
      base: null,
      figures: 1,
    });
  });
});

const passing: CheckedCell = {
  row: 0,
  column: 'n',
  group: {},
  stats: { kind: 'count', persons: 50 },
  verdict: 'pass',
  verdicts: [],
};
const rounding = { countBase: 5, significantFigures: 3, columns: { n: { base: 5, figures: null } } };
describe('auto-release verdict', () => {
  it.each([
    ['a rounded output whose every cell passed', { outcome: 'pass', cells: [passing], findings: [], rounding }, 'pass'],
    ['an output that was not rounded', { outcome: 'pass', cells: [passing], findings: [] }, 'fail'],
    ['an output that goes to review', { outcome: 'review', cells: [passing], findings: [], rounding }, 'fail'],
    [
      'a table finding that is not a pass',
      { outcome: 'pass', cells: [passing], findings: [{ verdict: 'review', rule: 'having', reason: '' }], rounding },
      'fail',
    ],
    ['no verified cell', { outcome: 'pass', cells: [], findings: [], rounding }, 'review'],
    [
      'a suppressed cell',
      {
        outcome: 'pass',
        cells: [{ ...passing, verdicts: [{ verdict: 'pass', rule: 'suppressed', reason: '' }] }],
        findings: [],
        rounding,
      },
      'review',
    ],
  ] as const)('%s: %s', (_, report, verdict) => {
    expect(autoReleaseVerdict(report as unknown as CheckReport).verdict).toBe(verdict);
  });
});
