/** The audit log and its chain check, for custodians and admins. */
import { Router } from 'express';
import { requireRole } from '../auth/middleware.ts';
import { listAudit, verifyAudit } from '../audit/store.ts';
import type { EnclaveDeps } from '../http/deps.ts';
import { parseInput } from '../http/errors.ts';
import { STANDARD_ERRORS, openApiRegistry } from '../http/openapi.ts';
import { AuditQuery } from './schemas.ts';

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/v1/audit',
  summary: 'Audit entries, newest first (custodian, admin)',
  request: { query: AuditQuery },
  responses: { 200: { description: 'entries' }, ...STANDARD_ERRORS },
});
openApiRegistry.registerPath({
  method: 'get',
  path: '/api/v1/audit/verify',
  summary: 'Checks the hash chain; reports the first edited or deleted entry (custodian, admin)',
  responses: { 200: { description: 'verdict' }, ...STANDARD_ERRORS },
});

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
  router.get('/audit/verify', requireRole('custodian', 'admin'), async (_req, res) => {
    res.json(await verifyAudit(deps.pool));
  });
  return router;
}
