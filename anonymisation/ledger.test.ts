import { describe, expect, it } from 'vitest';
import { PrivacyBudgetLedger } from './index.ts';
import { lifetimeWindow, makeMemoryBudgetStore } from './ledger.ts';

describe('lifetime window', () => {
  it.each([
    ['2026-11-20', 365, '2025-11-20', '2027-11-20'],
    ['2024-02-29', 365, '2023-03-01', '2025-02-28'],
    ['2024-03-01', 1, '2024-02-29', '2024-03-02'],
    ['2025-01-01', 31, '2024-12-01', '2025-02-01'],
  ])('%s over %d days counts spends after %s and before %s', (on, days, from, to) => {
    expect(lifetimeWindow(on, days)).toEqual({ from, to });
  });

  it.each([
    ['2026-02-30', 365],
    ['20261120', 365],
    ['2026-11-20', 0],
    ['2026-11-20', -1],
    ['2026-11-20', 1.5],
  ])('refuses %s over %d days', (on, days) => {
    expect(() => lifetimeWindow(on, days)).toThrow(expect.objectContaining({ code: 'bad_input' }));
  });
});

/** A ledger with a release budget of 10 each night and a lifetime budget of 3 over `days` days; charges ε 1. */
function nightly(days = 365) {
  const ledger = new PrivacyBudgetLedger(makeMemoryBudgetStore());
  return async (on: string) => {
    await ledger.setBudget(`dash/x/${on}`, 10);
    return ledger.charge(`dash/x/${on}`, 1, 'dashboard x', 'geometric', {
      ledgerId: 'dash/x',
      total: 3,
      periodDays: days,
      on,
    });
  };
}

describe('lifetime privacy budget', () => {
  it('pays nights until the period total is spent, then refuses with lifetime_budget_exceeded', async () => {
    const charge = nightly();
    await charge('2026-01-01');
    await charge('2026-01-02');
    const third = await charge('2026-01-03');
    expect(third.lifetime).toMatchObject({ ledgerId: 'dash/x', total: 3, periodDays: 365, spent: 3, remaining: 0 });
    await expect(charge('2026-01-04')).rejects.toMatchObject({ code: 'lifetime_budget_exceeded', status: 409 });
    // a re-release of an earlier night composes too
    await expect(charge('2026-01-02')).rejects.toMatchObject({ code: 'lifetime_budget_exceeded' });
  });

  it('frees budget once old releases are a full period away, and counts later releases against a backfill', async () => {
    const charge = nightly(30);
    for (const on of ['2026-01-01', '2026-01-10', '2026-01-20']) await charge(on);
    await expect(charge('2026-01-30')).rejects.toMatchObject({ code: 'lifetime_budget_exceeded' });
    // 2026-01-31 is 30 days after 2026-01-01: that spend no longer counts
    expect((await charge('2026-01-31')).lifetime).toMatchObject({ spent: 3, from: '2026-01-01', to: '2026-03-02' });
    // a backfill of 2025-12-25 sees the three January releases within 30 days after it
    await expect(charge('2025-12-25')).rejects.toMatchObject({ code: 'lifetime_budget_exceeded' });
  });

  it('still refuses on the night budget when the lifetime has room', async () => {
    const ledger = new PrivacyBudgetLedger(makeMemoryBudgetStore());
    await ledger.setBudget('r', 1);
    const lifetime = { ledgerId: 'l', total: 100, on: '2026-01-01' };
    await ledger.charge('r', 1, 'p', 'geometric', lifetime);
    await expect(ledger.charge('r', 1, 'p', 'geometric', lifetime)).rejects.toMatchObject({
      code: 'privacy_budget_exceeded',
    });
    expect((await ledger.lifetimeStatus('l', '2026-01-01')).spent).toBe(1);
  });

  it('answers no_privacy_budget (404) for a ledger never charged', async () => {
    const ledger = new PrivacyBudgetLedger(makeMemoryBudgetStore());
    await expect(ledger.lifetimeStatus('dash/none', '2026-01-01')).rejects.toMatchObject({
      code: 'no_privacy_budget',
      status: 404,
    });
  });
});
