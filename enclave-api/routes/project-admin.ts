/**
 * Project administration after creation (custodians and admins): remove a member, revoke a dataset grant, extend
 * or close the access window, and read the project's history from the audit chain. Each change and its audit
 * event commit together; the same rules as creation hold (only overseers change a project; a member is never a
 * custodian). Releasing more (auto-release, one custodian, a looser profile) stays with the policy-change routes.
 */
import { Router } from 'express';
import { SdfError, badInput, notFound } from '../../platform/index.ts';
import { loadVisibleProject } from '../access/load.ts';
import { accessWindowVerdict, todayUtc } from '../access/rules.ts';
import { recordEvent } from '../audit/events.ts';
import { principalOf, requireRole } from '../auth/middleware.ts';
import { projectHistory, removeMember, setAccessWindowEnd } from '../db/project-admin.ts';
import { revokeGrant } from '../db/projects.ts';
import { inTransaction } from '../db/queryable.ts';
import { auditContext } from '../http/audit-middleware.ts';
import type { EnclaveDeps } from '../http/deps.ts';
import { parseInput } from '../http/errors.ts';
import { STANDARD_ERRORS, openApiRegistry } from '../http/openapi.ts';
import { IdParam } from './schemas.ts';
import {
  AccessWindow,
  AccessWindowBody,
  GrantParams,
  GrantRevoked,
  MemberParams,
  MemberRemoved,
  ProjectHistory,
  ReasonBody,
  jsonBody,
} from './daily-schemas.ts';

const reasonBody = { body: { content: { 'application/json': { schema: ReasonBody } } } };
openApiRegistry.registerPath({
  method: 'post',
  path: '/api/v1/projects/{id}/members/{userId}/remove',
  summary: 'Remove a member, with the reason (custodian, admin); their queries stay on record',
  request: { params: MemberParams, ...reasonBody },
  responses: { 200: jsonBody('removed', MemberRemoved), ...STANDARD_ERRORS },
});
openApiRegistry.registerPath({
  method: 'post',
  path: '/api/v1/projects/{id}/grants/{dataset}/revoke',
  summary: 'Revoke a dataset grant, with the reason (custodian, admin); later queries no longer see the dataset',
  request: { params: GrantParams, ...reasonBody },
  responses: { 200: jsonBody('revoked', GrantRevoked), ...STANDARD_ERRORS },
});
openApiRegistry.registerPath({
  method: 'post',
  path: '/api/v1/projects/{id}/access-window',
  summary:
    'Extend or shorten the access window ({ endsOn, reason }) or close it ({ close: true, reason }: it ends yesterday) (custodian, admin)',
  request: { params: IdParam, body: { content: { 'application/json': { schema: AccessWindowBody } } } },
  responses: { 200: jsonBody('the window now', AccessWindow), ...STANDARD_ERRORS },
});
openApiRegistry.registerPath({
  method: 'get',
  path: '/api/v1/projects/{id}/history',
  summary:
    "The project's audited events, newest first: creation, members, grants, window, policy changes, release requests (custodian, admin)",
  request: { params: IdParam },
  responses: { 200: jsonBody('the history', ProjectHistory), ...STANDARD_ERRORS },
});

const yesterdayUtc = (): string => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

export function projectAdminRouter(deps: EnclaveDeps): Router {
  const router = Router();
  const { pool } = deps;
  const overseers = requireRole('custodian', 'admin');

  router.post('/projects/:id/members/:userId/remove', overseers, async (req, res) => {
    const principal = principalOf(req);
    const { id, userId } = parseInput(MemberParams, req.params, 'params');
    const { reason } = parseInput(ReasonBody, req.body, 'body');
    const { project } = await loadVisibleProject(pool, principal, id);
    auditContext(res).projectId = project.id;
    await inTransaction(pool, async (client) => {
      if (!(await removeMember(client, project.id, userId))) throw notFound('member');
      await recordEvent(client, principal, 'member.removed', { projectId: project.id, userId, reason });
    });
    res.json(MemberRemoved.parse({ project: project.id, userId, removed: true }));
  });

  router.post('/projects/:id/grants/:dataset/revoke', overseers, async (req, res) => {
    const principal = principalOf(req);
    const { id, dataset } = parseInput(GrantParams, req.params, 'params');
    const { reason } = parseInput(ReasonBody, req.body, 'body');
    const { project } = await loadVisibleProject(pool, principal, id);
    auditContext(res).projectId = project.id;
    await inTransaction(pool, async (client) => {
      if (!(await revokeGrant(client, project.id, dataset))) throw notFound('dataset grant');
      await recordEvent(client, principal, 'dataset.revoked', { projectId: project.id, datasets: [dataset], reason });
    });
    res.json(GrantRevoked.parse({ project: project.id, dataset, revoked: true }));
  });

  router.post('/projects/:id/access-window', overseers, async (req, res) => {
    const principal = principalOf(req);
    const { id } = parseInput(IdParam, req.params, 'params');
    const body = parseInput(AccessWindowBody, req.body, 'body');
    const { project } = await loadVisibleProject(pool, principal, id);
    auditContext(res).projectId = project.id;
    const close = 'close' in body;
    const endsOn = close ? yesterdayUtc() : body.endsOn;
    if (!close && endsOn < project.starts_on)
      throw badInput(
        'body.endsOn',
        `must not be before the window's start, ${project.starts_on}; to end access now, close the window`,
      );
    if (close && accessWindowVerdict(project, todayUtc()).verdict === 'fail' && project.ends_on <= endsOn) {
      throw new SdfError('conflict', `the access window already ended on ${project.ends_on}`, 409);
    }
    const window = await inTransaction(pool, async (client) => {
      const updated = await setAccessWindowEnd(client, project.id, endsOn);
      await recordEvent(client, principal, close ? 'project.access_window_closed' : 'project.access_window_changed', {
        projectId: project.id,
        from: { startsOn: project.starts_on, endsOn: project.ends_on },
        to: { startsOn: updated.starts_on, endsOn: updated.ends_on },
        reason: body.reason,
      });
      return updated;
    });
    const open = accessWindowVerdict(window, todayUtc()).verdict === 'pass';
    res.json(AccessWindow.parse({ project: project.id, startsOn: window.starts_on, endsOn: window.ends_on, open }));
  });

  router.get('/projects/:id/history', overseers, async (req, res) => {
    const { id } = parseInput(IdParam, req.params, 'params');
    const { project } = await loadVisibleProject(pool, principalOf(req), id);
    auditContext(res).projectId = project.id;
    const entries = (await projectHistory(pool, project.id)).map((e) => ({
      seq: Number(e.seq),
      at: e.at.toISOString(),
      action: e.route,
      actor: e.user_id,
      actorName: e.user_name,
      details: e.details ?? {},
    }));
    res.json(ProjectHistory.parse({ project: project.id, entries }));
  });

  return router;
}
