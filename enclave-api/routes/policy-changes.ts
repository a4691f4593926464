/**
 * Project policy changes with two custodians for a loosening: `POST /projects/:id/policy-changes` applies a
 * tightening at once and stores a loosening as pending (audited); a second, different custodian approves it with
 * `POST …/:changeId/approve`, which applies it. The change, its status and its audit entry commit together.
 */
import { Router } from 'express';
import type pg from 'pg';
import { z } from 'zod';
import { SdfError, conflict, notFound } from '../../platform/index.ts';
import { loadVisibleProject } from '../access/load.ts';
import { policyLoosenings, type PolicyChange, type ProjectPolicy } from '../access/policy.ts';
import { recordEvent } from '../audit/events.ts';
import { principalOf, requireRole } from '../auth/middleware.ts';
import {
  applyPolicyChange,
  getPolicyChange,
  insertPolicyChange,
  listPolicyChanges,
  markPolicyChangeApproved,
  type DbPolicyChange,
} from '../db/policy-changes.ts';
import { getProject, isUuid } from '../db/projects.ts';
import { inTransaction } from '../db/queryable.ts';
import { auditContext } from '../http/audit-middleware.ts';
import type { EnclaveDeps } from '../http/deps.ts';
import { parseInput } from '../http/errors.ts';
import { STANDARD_ERRORS, openApiRegistry } from '../http/openapi.ts';
import type { DbProject, Principal } from '../types.ts';
import { IdParam } from './schemas.ts';
import {
  PolicyChangeApplied,
  PolicyChangeApproved,
  PolicyChangeList,
  PolicyChangePending,
  jsonResponse,
} from './responses.ts';
import type {
  ApiPolicyChange,
  ApiPolicyChangeApplied,
  ApiPolicyChangeApproved,
  ApiPolicyChangeList,
  ApiPolicyChangePending,
} from '../contract.ts';

const PolicyChangeBody = z
  .object({
    autoReleasePass: z.boolean().optional(),
    requiresTwoCustodians: z.boolean().optional(),
    disclosureOverrides: z.record(z.string(), z.unknown()).optional(),
    reason: z.string().trim().max(5000).default(''),
  })
  .strict();
const ChangeParams = z.object({ id: z.string().min(1).max(200), changeId: z.string().min(1).max(200) });

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/v1/projects/{id}/policy-changes',
  summary: 'Pending and approved policy changes of a project (custodian, admin)',
  request: { params: IdParam },
  responses: { 200: jsonResponse('the changes, newest first', PolicyChangeList), ...STANDARD_ERRORS },
});
openApiRegistry.registerPath({
  method: 'post',
  path: '/api/v1/projects/{id}/policy-changes',
  summary:
    'Change auto-release, two custodians or the disclosure profile: a tightening applies at once (200), a loosening waits for a second custodian (202)',
  request: { params: IdParam, body: { content: { 'application/json': { schema: PolicyChangeBody } } } },
  responses: {
    200: jsonResponse('applied', PolicyChangeApplied),
    202: jsonResponse('pending a second custodian', PolicyChangePending),
    ...STANDARD_ERRORS,
  },
});
openApiRegistry.registerPath({
  method: 'post',
  path: '/api/v1/projects/{id}/policy-changes/{changeId}/approve',
  summary: 'A second, different custodian approves a pending loosening, which then applies',
  request: { params: ChangeParams },
  responses: {
    200: jsonResponse('approved and applied', PolicyChangeApproved),
    409: { description: 'not pending' },
    ...STANDARD_ERRORS,
  },
});

export const policyOf = (project: DbProject): ProjectPolicy => ({
  autoReleasePass: project.auto_release_pass,
  requiresTwoCustodians: project.requires_two_custodians,
  disclosureOverrides: project.disclosure_overrides,
});

export const policyChangeView = (change: DbPolicyChange): ApiPolicyChange => ({
  id: change.id,
  project: change.project_id,
  change: change.change,
  loosens: change.loosens,
  reason: change.reason,
  status: change.status,
  proposedBy: change.proposed_by,
  proposedAt: change.proposed_at.toISOString(),
  approvedBy: change.approved_by,
  approvedAt: change.approved_at ? change.approved_at.toISOString() : null,
});

/** Stores `change` as pending, proposed by `principal`, and audits it (inside the caller's transaction). */
export async function proposePolicyChange(
  client: pg.PoolClient,
  principal: Principal,
  projectId: string,
  change: PolicyChange,
  loosens: string[],
  reason: string,
): Promise<DbPolicyChange> {
  const pending = await insertPolicyChange(client, {
    projectId,
    change,
    loosens,
    reason,
    proposedBy: principal.userId,
  });
  await recordEvent(client, principal, 'project.policy_change_proposed', {
    projectId,
    changeId: pending.id,
    change,
    loosens,
  });
  return pending;
}

/**
 * Applies a tightening at once, or stores a loosening as pending for a second custodian. Returns the pending
 * change, or null when applied.
 */
export async function changeProjectPolicy(
  pool: pg.Pool,
  principal: Principal,
  project: DbProject,
  change: PolicyChange,
  reason: string,
): Promise<DbPolicyChange | null> {
  const loosens = policyLoosenings(policyOf(project), change);
  return inTransaction(pool, async (client) => {
    if (loosens.length > 0) return proposePolicyChange(client, principal, project.id, change, loosens, reason);
    await applyPolicyChange(client, project.id, change);
    await recordEvent(client, principal, 'project.policy_changed', { projectId: project.id, change, reason });
    return null;
  });
}

/** Approves a pending change: only an overseer other than its proposer; applies it in the same transaction. */
async function approvePolicyChange(
  pool: pg.Pool,
  principal: Principal,
  projectId: string,
  changeId: string,
): Promise<DbPolicyChange> {
  return inTransaction(pool, async (client) => {
    const change = isUuid(changeId) ? await getPolicyChange(client, projectId, changeId, true) : null;
    if (!change) throw notFound('policy change');
    if (change.proposed_by === principal.userId) {
      throw new SdfError(
        'self_approval',
        'a loosening needs a second custodian: the proposer cannot approve their own change',
        403,
      );
    }
    if (change.status !== 'pending' || !(await markPolicyChangeApproved(client, change.id, principal.userId))) {
      throw conflict(`the policy change is ${change.status}, not pending`);
    }
    await applyPolicyChange(client, projectId, change.change);
    await recordEvent(client, principal, 'project.policy_change_approved', {
      projectId,
      changeId: change.id,
      change: change.change,
      proposedBy: change.proposed_by,
    });
    return (await getPolicyChange(client, projectId, change.id))!;
  });
}

export function policyChangesRouter(deps: EnclaveDeps): Router {
  const router = Router();
  const { pool } = deps;

  router.get('/projects/:id/policy-changes', requireRole('custodian', 'admin'), async (req, res) => {
    const { id } = parseInput(IdParam, req.params, 'params');
    const { project } = await loadVisibleProject(pool, principalOf(req), id);
    auditContext(res).projectId = project.id;
    res.json({
      changes: (await listPolicyChanges(pool, project.id)).map(policyChangeView),
    } satisfies ApiPolicyChangeList);
  });

  router.post('/projects/:id/policy-changes', requireRole('custodian', 'admin'), async (req, res) => {
    const principal = principalOf(req);
    const { id } = parseInput(IdParam, req.params, 'params');
    const { reason, ...change } = parseInput(PolicyChangeBody, req.body, 'body');
    const { project } = await loadVisibleProject(pool, principal, id);
    auditContext(res).projectId = project.id;
    const pending = await changeProjectPolicy(pool, principal, project, change, reason);
    if (pending) {
      res
        .status(202)
        .location(`/api/v1/projects/${project.id}/policy-changes/${pending.id}`)
        .json({ applied: false, pending: policyChangeView(pending) } satisfies ApiPolicyChangePending);
      return;
    }
    res.json({
      applied: true,
      policy: policyOf((await getProject(pool, project.id))!),
    } satisfies ApiPolicyChangeApplied);
  });

  router.post('/projects/:id/policy-changes/:changeId/approve', requireRole('custodian', 'admin'), async (req, res) => {
    const principal = principalOf(req);
    const { id, changeId } = parseInput(ChangeParams, req.params, 'params');
    const { project } = await loadVisibleProject(pool, principal, id);
    auditContext(res).projectId = project.id;
    const approved = await approvePolicyChange(pool, principal, project.id, changeId);
    res.json({
      applied: true,
      change: policyChangeView(approved),
      policy: policyOf((await getProject(pool, project.id))!),
    } satisfies ApiPolicyChangeApproved);
  });

  return router;
}
