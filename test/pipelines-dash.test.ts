/**
 * Differentially private dashboards: every release charges its ε to a privacy-budget ledger in Postgres before any
 * noisy value exists, and a release the budget cannot pay for is refused by a blocking check.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { makeTestDatabase, type TestDatabase } from './helpers.ts';
import {
  DEFAULT_CONFIG,
  INDICATORS,
  dashAsset,
  dashboardLedgerId,
  dashboardReleaseId,
  indicatorEpsilon,
  protectForRelease,
  type AssetContext,
} from '../pipelines/index.ts';

const PARTITION = '2026-11-20';
const indicator = INDICATORS.find((i) => i.protection === 'dp')!;
const rows = [
  { grant_type: 'CSG', recipients: 1200, later_employed: 300 },
  { grant_type: 'OAP', recipients: 800, later_employed: 20 },
];
let db: TestDatabase;

beforeAll(async () => {
  db = await makeTestDatabase();
}, 60_000);
afterAll(async () => {
  await db.drop();
});

async function spends(partition: string): Promise<number[]> {
  const { rows: spent } = await db.pool.query<{ epsilon: string }>(
    'select epsilon from anonymisation.privacy_spends where release_id = $1 order by id',
    [dashboardReleaseId(indicator.id, partition)],
  );
  return spent.map((s) => Number(s.epsilon));
}

async function budgetCheck(result: Awaited<ReturnType<typeof protectForRelease>>) {
  const check = dashAsset(indicator).checks.find((c) => c.name === 'privacy_budget')!;
  expect(check.blocking).toBe(true);
  return check.run({} as AssetContext, result);
}

describe('differentially private dashboards', () => {
  it('charges the indicator ε to the ledger and records ε and the budget with the published protection', async () => {
    const config = { ...DEFAULT_CONFIG, dashEpsilonBudget: 2 };
    const result = await protectForRelease(indicator, rows, { pool: db.pool, partition: PARTITION, config });
    const epsilon = indicatorEpsilon(indicator);
    expect(await spends(PARTITION)).toEqual([epsilon]);
    expect(result.metadata?.protection).toMatchObject({
      method: 'dp',
      params: {
        epsilon,
        epsilonBudget: 2,
        epsilonSpentOnRelease: epsilon,
        budgetRelease: dashboardReleaseId(indicator.id, PARTITION),
      },
    });
    const data = result.metadata?.data as typeof rows;
    expect(data.map((r) => r.grant_type)).toEqual(['CSG', 'OAP']);
    for (const row of data) expect(Number.isInteger(row.recipients) && row.recipients >= 0).toBe(true);
    expect((await budgetCheck(result)).verdict).toBe('pass');

    // a second release of the same night fits the budget of 2 once more, a third does not
    await protectForRelease(indicator, rows, { pool: db.pool, partition: PARTITION, config });
    const third = await protectForRelease(indicator, rows, { pool: db.pool, partition: PARTITION, config });
    expect(third.metadata?.data).toBeUndefined();
    expect(await spends(PARTITION)).toEqual([epsilon, epsilon]);
    expect((await budgetCheck(third)).verdict).toBe('fail');
  });

  it('refuses publication when the budget is too small for the indicator, spending nothing and releasing no figure', async () => {
    const partition = '2026-11-21';
    const config = { ...DEFAULT_CONFIG, dashEpsilonBudget: indicatorEpsilon(indicator) / 2 };
    const result = await protectForRelease(indicator, rows, { pool: db.pool, partition, config });
    expect(result.metadata?.data).toBeUndefined();
    expect(result.metadata?.protection).toBeUndefined();
    expect(await spends(partition)).toEqual([]);
    const verdict = await budgetCheck(result);
    expect(verdict.verdict).toBe('fail');
    expect(verdict.reason).toMatch(/refused: .*privacy|refused: .*ε/);
  });
});

describe('lifetime privacy budget of a DP indicator', () => {
  it("charges every night to the indicator's lifetime ledger and refuses the night that would overspend it", async () => {
    const epsilon = indicatorEpsilon(indicator);
    // room for two nights over the period; each night's own budget would allow more
    const config = {
      ...DEFAULT_CONFIG,
      dashEpsilonBudget: 10,
      dashLifetimeEpsilon: 2 * epsilon,
      dashBudgetPeriodDays: 30,
    };
    const first = await protectForRelease(indicator, rows, { pool: db.pool, partition: '2027-03-01', config });
    const second = await protectForRelease(indicator, rows, { pool: db.pool, partition: '2027-03-02', config });
    expect(first.metadata?.protection).toMatchObject({
      params: {
        lifetimeLedger: dashboardLedgerId(indicator.id),
        lifetimeBudget: 2 * epsilon,
        lifetimePeriodDays: 30,
        lifetimeSpent: epsilon,
        lifetimeRemaining: epsilon,
      },
    });
    expect(second.metadata?.protection).toMatchObject({ params: { lifetimeSpent: 2 * epsilon, lifetimeRemaining: 0 } });
    const third = await protectForRelease(indicator, rows, { pool: db.pool, partition: '2027-03-03', config });
    expect(third.metadata?.data).toBeUndefined();
    expect(third.metadata?.refused).toMatchObject({ budgetKind: 'lifetime', budget: 2 * epsilon });
    expect(await spends('2027-03-03')).toEqual([]);
    const verdict = await budgetCheck(third);
    expect(verdict.verdict).toBe('fail');
    expect(verdict.reason).toMatch(/over 30 days/);
    // 30 days after the first night, its spend no longer counts
    const later = await protectForRelease(indicator, rows, { pool: db.pool, partition: '2027-03-31', config });
    expect(later.metadata?.protection).toMatchObject({ params: { lifetimeSpent: 2 * epsilon } });
  });

  it('lets only one of two concurrent nights take the last of the lifetime budget', async () => {
    const config = {
      ...DEFAULT_CONFIG,
      dashEpsilonBudget: 10,
      dashLifetimeEpsilon: indicatorEpsilon(indicator),
      dashBudgetPeriodDays: 30,
    };
    const results = await Promise.all(
      ['2028-01-01', '2028-01-02'].map((partition) =>
        protectForRelease(indicator, rows, { pool: db.pool, partition, config }),
      ),
    );
    expect(results.filter((r) => r.metadata?.refused).length).toBe(1);
  });
});
