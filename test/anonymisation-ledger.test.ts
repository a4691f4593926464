import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivacyBudgetLedger, makePostgresBudgetStore } from '../anonymisation/index.ts';
import { makeTestDatabase, type TestDatabase } from './helpers.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await makeTestDatabase();
});
afterAll(async () => db.drop());

describe('privacy-budget ledger on PostgreSQL', () => {
  it('records spends and refuses the query that would go over budget', async () => {
    const ledger = new PrivacyBudgetLedger(makePostgresBudgetStore(db.pool));
    await ledger.setBudget('population/v1', 1);
    await ledger.charge('population/v1', 0.5, 'count by province');
    await expect(ledger.charge('population/v1', 0.6, 'count by ward')).rejects.toMatchObject({
      code: 'privacy_budget_exceeded',
    });
    expect(await ledger.status('population/v1')).toMatchObject({ total: 1, spent: 0.5 });
  });

  it('lets only one of two concurrent charges take the last of the budget', async () => {
    const ledger = new PrivacyBudgetLedger(makePostgresBudgetStore(db.pool));
    await ledger.setBudget('grants/v1', 1);
    const results = await Promise.allSettled([
      ledger.charge('grants/v1', 0.6, 'a'),
      ledger.charge('grants/v1', 0.6, 'b'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const { rows } = await db.pool.query(
      `select count(*)::int as n from anonymisation.privacy_spends where release_id = 'grants/v1'`,
    );
    expect(rows[0].n).toBe(1);
  });
});
