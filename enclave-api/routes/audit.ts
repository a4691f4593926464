/**
 * The audit log and its chain check, and the probing counts (failed or refused real queries per researcher per
 * UTC day, flagged past the project's alert threshold), for custodians and admins.
 */
import { Router } from 'express';
import { z } from 'zod';
import { DEFAULT_PROFILE, projectProfile } from '../../output-checks/index.ts';
import { probeAlertVerdict, startOfUtcDay } from '../access/rules.ts';
import { getProject } from '../db/projects.ts';
import { listProbingDays } from '../db/probing.ts';
import { requireRole } from '../auth/middleware.ts';
import { listAudit, verifyAudit } from '../audit/store.ts';
import type { EnclaveDeps } from '../http/deps.ts';
import { parseInput } from '../http/errors.ts';
import { STANDARD_ERRORS, openApiRegistry } from '../http/openapi.ts';
import { AuditQuery } from './schemas.ts';
import { AuditList, ChainVerdict, ProbingDays, jsonResponse } from './responses.ts';
import type { ApiProbingDays } from '../contract.ts';

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/v1/audit',
  summary: 'Audit entries, newest first (custodian, admin)',
  request: { query: AuditQuery },
  responses: { 200: jsonResponse('entries', AuditList), ...STANDARD_ERRORS },
});
openApiRegistry.registerPath({
  method: 'get',
  path: '/api/v1/audit/verify',
  summary: 'Checks the hash chain; reports the first edited or deleted entry (custodian, admin)',
  responses: { 200: jsonResponse('verdict', ChainVerdict), ...STANDARD_ERRORS },
});

const ProbingQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(7) });
openApiRegistry.registerPath({
  method: 'get',
  path: '/api/v1/access-patterns/probing',
  summary:
    'Failed or refused real queries per researcher, project and UTC day, with an alert past the threshold (custodian, admin)',
  request: { query: ProbingQuery },
  responses: { 200: jsonResponse('per researcher per day', ProbingDays), ...STANDARD_ERRORS },
});

/** The alert threshold of each project named in `ids` (the default where the project is unknown). */
async function thresholds(deps: EnclaveDeps, ids: ReadonlyArray<string | null>): Promise<Map<string | null, number>> {
  const entries = await Promise.all(
    [...new Set(ids)].map(async (id) => {
      const project = id ? await getProject(deps.pool, id) : null;
      const threshold = project
        ? projectProfile(project.disclosure_overrides).profile.probeAlertThreshold
        : DEFAULT_PROFILE.probeAlertThreshold;
      return [id, threshold] as const;
    }),
  );
  return new Map(entries);
}

export function auditRouter(deps: EnclaveDeps): Router {
  const router = Router();
  router.get('/audit', requireRole('custodian', 'admin'), async (req, res) => {
    const query = parseInput(AuditQuery, req.query, 'query');
    const entries = await listAudit(deps.pool, {
      limit: query.limit,
      beforeSeq: query.before,
      userId: query.user,
      projectId: query.project,
    });
    res.json({ entries });
  });
  router.get('/access-patterns/probing', requireRole('custodian', 'admin'), async (req, res) => {
    const { days } = parseInput(ProbingQuery, req.query, 'query');
    const since = new Date(startOfUtcDay().getTime() - (days - 1) * 86_400_000);
    const rows = await listProbingDays(deps.pool, since);
    const limits = await thresholds(
      deps,
      rows.map((r) => r.project_id),
    );
    res.json({
      since: since.toISOString(),
      days,
      rows: rows.map((r) => {
        const threshold = limits.get(r.project_id) ?? DEFAULT_PROFILE.probeAlertThreshold;
        const total = r.failed + r.refused;
        return {
          day: r.day,
          user: r.user_id,
          userName: r.user_name,
          project: r.project_id,
          failed: r.failed,
          refused: r.refused,
          total,
          threshold,
          alert: probeAlertVerdict(total, threshold).verdict === 'fail',
        };
      }),
    } satisfies ApiProbingDays);
  });
  router.get('/audit/verify', requireRole('custodian', 'admin'), async (_req, res) => {
    res.json(await verifyAudit(deps.pool));
  });
  return router;
}
