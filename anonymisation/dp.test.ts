import { describe, expect, it } from 'vitest';
import { PrivacyBudgetLedger, geometricMechanism } from './index.ts';
import { boundContributions, discreteGaussian, laplaceInteger } from './dp.ts';
import { makeMemoryBudgetStore } from './ledger.ts';
import { seededRandom } from './random.ts';

/** Pearson χ² of observed counts against a pmf over −range…range, with both tails pooled into the end bins. */
function chiSquare(samples: number[], pmf: (x: number) => number, range: number): { statistic: number; bins: number } {
  const observed = new Map<number, number>();
  for (const x of samples) {
    const bin = Math.max(-range, Math.min(range, x));
    observed.set(bin, (observed.get(bin) ?? 0) + 1);
  }
  let statistic = 0;
  let inner = 0;
  for (let x = -range + 1; x < range; x += 1) inner += pmf(x);
  for (let x = -range; x <= range; x += 1) {
    const p = x === -range || x === range ? (1 - inner) / 2 : pmf(x);
    const expected = p * samples.length;
    statistic += ((observed.get(x) ?? 0) - expected) ** 2 / expected;
  }
  return { statistic, bins: 2 * range + 1 };
}

// χ² critical values at p = 0.001: 11 degrees of freedom → 31.26, 13 → 34.53.
describe('DP samplers (fixed seed)', () => {
  it('draws discrete Laplace with scale 2 from the right distribution', () => {
    const random = seededRandom('laplace-test');
    const samples = Array.from({ length: 20_000 }, () => laplaceInteger(2, random));
    const a = Math.exp(-1 / 2);
    const pmf = (x: number) => ((1 - a) / (1 + a)) * a ** Math.abs(x);
    const { statistic } = chiSquare(samples, pmf, 6);
    expect(statistic).toBeLessThan(34.53);
    const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
  });

  it('draws the discrete Gaussian with σ = 1.5 from the right distribution', () => {
    const random = seededRandom('gauss-test');
    const samples = Array.from({ length: 20_000 }, () => discreteGaussian(1.5, random));
    let norm = 0;
    for (let x = -60; x <= 60; x += 1) norm += Math.exp(-(x * x) / (2 * 2.25));
    const pmf = (x: number) => Math.exp(-(x * x) / (2 * 2.25)) / norm;
    const { statistic } = chiSquare(samples, pmf, 5);
    expect(statistic).toBeLessThan(31.26);
  });

  it('fails the χ² test when the scale is wrong (the test can fail)', () => {
    const random = seededRandom('laplace-test');
    const samples = Array.from({ length: 20_000 }, () => laplaceInteger(3, random));
    const a = Math.exp(-1 / 2);
    expect(chiSquare(samples, (x) => ((1 - a) / (1 + a)) * a ** Math.abs(x), 6).statistic).toBeGreaterThan(100);
  });

  it('adds integer noise to an integer count and is reproducible under a seed', () => {
    const a = geometricMechanism(100, 1, 1, seededRandom(7));
    expect(Number.isInteger(a)).toBe(true);
    expect(geometricMechanism(100, 1, 1, seededRandom(7))).toBe(a);
    expect(() => geometricMechanism(1.5, 1)).toThrow();
  });

  it('keeps at most the given number of rows per person', () => {
    const rows = ['a', 'a', 'a', 'b', 'c', 'c'].map((person, i) => ({ person, i }));
    expect(boundContributions(rows, (r) => r.person, 2).map((r) => r.i)).toEqual([0, 1, 3, 4, 5]);
  });
});

describe('privacy-budget ledger', () => {
  it('charges queries until the budget is spent and then refuses', async () => {
    const ledger = new PrivacyBudgetLedger(makeMemoryBudgetStore());
    await ledger.setBudget('grants/2026-01', 1);
    await ledger.charge('grants/2026-01', 0.3, 'count by district');
    await ledger.charge('grants/2026-01', 0.7, 'count by grant type');
    await expect(ledger.charge('grants/2026-01', 0.01, 'one more')).rejects.toMatchObject({
      code: 'privacy_budget_exceeded',
      status: 409,
    });
    expect(await ledger.status('grants/2026-01')).toMatchObject({ total: 1, remaining: expect.closeTo(0, 9) });
  });

  it('releases nothing when a count would overspend', async () => {
    const ledger = new PrivacyBudgetLedger(makeMemoryBudgetStore());
    await ledger.setBudget('r', 0.5);
    const first = await ledger.releaseCount('r', 1000, 0.5, 'total', 1, seededRandom(1));
    expect(Number.isInteger(first.value)).toBe(true);
    await expect(ledger.releaseCount('r', 1000, 0.5, 'total again')).rejects.toMatchObject({
      code: 'privacy_budget_exceeded',
    });
  });

  it('refuses a release without a budget', async () => {
    const ledger = new PrivacyBudgetLedger(makeMemoryBudgetStore());
    await expect(ledger.charge('unknown', 0.1, 'x')).rejects.toMatchObject({ code: 'no_privacy_budget' });
  });
});
