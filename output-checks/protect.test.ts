import { describe, expect, it } from 'vitest';
import { planProtection, type CheckReport, type CheckedCell, type QueryAnalysis, DEFAULT_PROFILE } from './index.ts';

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
  ['A', 'old age', 3], ['A', 'child', 40],
  ['B', 'old age', 25], ['B', 'child', 30],
  ['C', 'old age', 50], ['C', 'child', 60],
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

  it('rounds only count and sum columns, and suppresses nothing unless asked', () => {
    const plan = planProtection(analysis, report, { roundBase: 5 });
    expect(plan.byColumn.size).toBe(0);
    expect(plan.roundColumns).toEqual(['n']);
    expect(plan.roundBase).toBe(5);
  });
});
