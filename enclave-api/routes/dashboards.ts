/** Dashboards: the safe aggregates behind them, for policymakers, custodians and admins. */
import { Router } from 'express';
import { requireRole } from '../auth/middleware.ts';
import type { EnclaveDeps } from '../http/deps.ts';
import { parseInput } from '../http/errors.ts';
import { STANDARD_ERRORS, openApiRegistry } from '../http/openapi.ts';
import { getDashboard, listDashboards } from './catalog-adapter.ts';
import { IdParam } from './schemas.ts';
import { Dashboard, DashboardList, PrivacyBudget, jsonResponse } from './responses.ts';
import type { ApiDashboard, ApiDashboardList, ApiPrivacyBudget } from '../contract.ts';
import { makePostgresBudgetStore } from '../../anonymisation/index.ts';
import { dashboardLedgerId } from '../../pipelines/index.ts';

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/v1/dashboards',
  summary: 'Dashboards (policymaker, custodian, admin)',
  responses: { 200: jsonResponse('dashboards', DashboardList), ...STANDARD_ERRORS },
});
openApiRegistry.registerPath({
  method: 'get',
  path: '/api/v1/dashboards/{id}',
  summary: 'One dashboard with its safe aggregate rows',
  request: { params: IdParam },
  responses: { 200: jsonResponse('the dashboard', Dashboard), ...STANDARD_ERRORS },
});

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/v1/dashboards/{id}/privacy-budget',
  summary:
    "A differentially private dashboard's lifetime privacy budget as of today: total, period, spent, remaining (custodian, admin)",
  request: { params: IdParam },
  responses: {
    200: jsonResponse('the lifetime budget and the releases that spent it', PrivacyBudget),
    ...STANDARD_ERRORS,
  },
});

/** Roles that see dashboards ("policymaker and up"). */
export const DASHBOARD_ROLES = ['policymaker', 'custodian', 'admin'] as const;

export function dashboardsRouter(deps: EnclaveDeps): Router {
  const router = Router();
  router.get('/dashboards', requireRole(...DASHBOARD_ROLES), async (_req, res) => {
    res.json({ dashboards: await listDashboards(deps.pool) } satisfies ApiDashboardList);
  });
  router.get('/dashboards/:id', requireRole(...DASHBOARD_ROLES), async (req, res) => {
    const { id } = parseInput(IdParam, req.params, 'params');
    res.json((await getDashboard(deps.pool, id)) satisfies ApiDashboard);
  });
  // 404 for a dashboard that is not differentially private or has not been released yet (no ledger)
  router.get('/dashboards/:id/privacy-budget', requireRole('custodian', 'admin'), async (req, res) => {
    const { id } = parseInput(IdParam, req.params, 'params');
    const today = new Date().toISOString().slice(0, 10);
    res.json(
      (await makePostgresBudgetStore(deps.pool).lifetimeStatus(
        dashboardLedgerId(id),
        today,
      )) satisfies ApiPrivacyBudget,
    );
  });
  return router;
}
