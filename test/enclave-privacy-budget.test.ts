/** Custodians read a DP dashboard's lifetime privacy budget through the API; nobody else does. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, INDICATORS, indicatorEpsilon, protectForRelease } from '../pipelines/index.ts';
import { makeUser, startTestEnclave, type TestEnclave } from './enclave-fixtures.ts';

const dp = INDICATORS.find((i) => i.protection === 'dp')!;
const plain = INDICATORS.find((i) => i.protection !== 'dp')!;
const today = new Date().toISOString().slice(0, 10);
let enclave: TestEnclave;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  enclave = await startTestEnclave(async (pool) => {
    const config = { ...DEFAULT_CONFIG, dashLifetimeEpsilon: 10, dashBudgetPeriodDays: 365 };
    await protectForRelease(dp, [{ grant_type: 'CSG', recipients: 100, later_employed: 10 }], {
      pool,
      partition: today,
      config,
    });
  });
  for (const role of ['custodian', 'admin', 'policymaker', 'researcher'] as const)
    tokens[role] = (await makeUser(enclave.db.pool, role)).token;
}, 120_000);
afterAll(async () => enclave?.stop());

describe('GET /api/v1/dashboards/:id/privacy-budget', () => {
  it.each(['custodian', 'admin'])('shows a %s the total, period, spent and remaining ε', async (role) => {
    const response = await enclave.api('GET', `/api/v1/dashboards/${dp.id}/privacy-budget`, tokens[role]);
    expect(response.status).toBe(200);
    const epsilon = indicatorEpsilon(dp);
    expect(response.body).toMatchObject({
      total: 10,
      periodDays: 365,
      spent: epsilon,
      remaining: 10 - epsilon,
      spends: [{ on: today, epsilon }],
    });
  });

  it.each([
    ['policymaker', 403],
    ['researcher', 403],
    ['nobody', 401],
  ] as const)('refuses %s (%d)', async (role, status) => {
    const response = await enclave.api(
      'GET',
      `/api/v1/dashboards/${dp.id}/privacy-budget`,
      role === 'nobody' ? null : tokens[role],
    );
    expect(response.status).toBe(status);
  });

  it('answers 404 for a dashboard without differential privacy', async () => {
    const response = await enclave.api('GET', `/api/v1/dashboards/${plain.id}/privacy-budget`, tokens.custodian);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('no_privacy_budget');
  });
});
