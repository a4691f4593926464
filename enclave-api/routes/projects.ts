/**
 * Projects: custodians and admins create them, grant datasets and add members; members and overseers read them.
 * A new project asking for a looser policy than `NEW_PROJECT_POLICY` (auto-release on, one custodian) starts
 * without it and with a pending policy change that a second custodian must approve.
 */
import { Router } from 'express';
import { loadVisibleProject } from '../access/load.ts';
import { NEW_PROJECT_POLICY, policyLoosenings, splitNewProjectPolicy } from '../access/policy.ts';
import { assertCanBeMember, isOverseer } from '../access/rules.ts';
import { principalOf, requireRole } from '../auth/middleware.ts';
import { recordEvent } from '../audit/events.ts';
import { addMember, createProject, grantDataset, listGrants, listMembers, listProjects } from '../db/projects.ts';
import { getUser } from '../db/people.ts';
import { inTransaction, type Db } from '../db/queryable.ts';
import { auditContext } from '../http/audit-middleware.ts';
import type { EnclaveDeps } from '../http/deps.ts';
import { parseInput } from '../http/errors.ts';
import { STANDARD_ERRORS, openApiRegistry } from '../http/openapi.ts';
import { badInput } from '../../platform/index.ts';
import type { DbProject } from '../types.ts';
import { GrantBody, IdParam, MemberBody, NewProjectBody, Project } from './schemas.ts';
import type { ApiGrantCreated, ApiMemberAdded, ApiProject, ApiProjectCreated, ApiProjectList } from '../contract.ts';
import { GrantCreated, MemberAdded, ProjectCreated, ProjectList, jsonResponse } from './responses.ts';
import { policyChangeView, policyChangesRouter, proposePolicyChange } from './policy-changes.ts';

async function projectView(db: Db, project: DbProject): Promise<ApiProject> {
  const [grants, members] = await Promise.all([listGrants(db, project.id), listMembers(db, project.id)]);
  return {
    id: project.id,
    title: project.title,
    purpose: project.purpose,
    legalBasis: project.legal_basis,
    startsOn: project.starts_on,
    endsOn: project.ends_on,
    requiresTwoCustodians: project.requires_two_custodians,
    autoReleasePass: project.auto_release_pass,
    disclosureOverrides: project.disclosure_overrides,
    datasets: grants.map((g) => ({
      id: g.dataset_id,
      grantedBy: g.granted_by,
      reason: g.reason,
      grantedAt: g.granted_at.toISOString(),
    })),
    members,
  };
}

openApiRegistry.registerPath({
  method: 'post',
  path: '/api/v1/projects',
  summary:
    'Create a project with its datasets and members (custodian, admin); auto-release or one custodian become a pending policy change',
  request: { body: { content: { 'application/json': { schema: NewProjectBody } } } },
  responses: {
    201: jsonResponse('created, with the pending policy change if one was asked for', ProjectCreated),
    ...STANDARD_ERRORS,
  },
});
openApiRegistry.registerPath({
  method: 'get',
  path: '/api/v1/projects/{id}',
  summary: 'A project (members, custodians, admins)',
  request: { params: IdParam },
  responses: { 200: jsonResponse('the project', Project), ...STANDARD_ERRORS },
});

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/v1/projects',
  summary: 'Projects you are a member of (all projects for custodians and admins)',
  responses: { 200: jsonResponse('projects', ProjectList), ...STANDARD_ERRORS },
});
openApiRegistry.registerPath({
  method: 'post',
  path: '/api/v1/projects/{id}/grants',
  summary: 'Grant a dataset to a project, with the reason (custodian, admin)',
  request: { params: IdParam, body: { content: { 'application/json': { schema: GrantBody } } } },
  responses: { 201: jsonResponse('granted', GrantCreated), ...STANDARD_ERRORS },
});
openApiRegistry.registerPath({
  method: 'post',
  path: '/api/v1/projects/{id}/members',
  summary: 'Add a member (custodian, admin); custodians and admins cannot be members (409 custodian_not_member)',
  request: { params: IdParam, body: { content: { 'application/json': { schema: MemberBody } } } },
  responses: { 201: jsonResponse('added', MemberAdded), ...STANDARD_ERRORS },
});

export function projectsRouter(deps: EnclaveDeps): Router {
  const router = Router();
  const { pool } = deps;

  router.post('/projects', requireRole('custodian', 'admin'), async (req, res) => {
    const principal = principalOf(req);
    const body = parseInput(NewProjectBody, req.body, 'body');
    const { initial, pending } = splitNewProjectPolicy({
      autoReleasePass: body.autoReleasePass,
      requiresTwoCustodians: body.requiresTwoCustodians,
      disclosureOverrides: body.disclosureOverrides,
    });
    const { project, change } = await inTransaction(pool, async (client) => {
      const created = await createProject(client, { ...body, ...initial, createdBy: principal.userId });
      for (const member of body.members) {
        const user = await getUser(client, member);
        if (!user) throw badInput('members', `no user ${member}`);
        assertCanBeMember(user);
        await addMember(client, { projectId: created.id, userId: member, addedBy: principal.userId });
      }
      for (const dataset of body.datasets) {
        await grantDataset(client, {
          projectId: created.id,
          datasetId: dataset.id,
          grantedBy: principal.userId,
          reason: dataset.reason,
        });
      }
      await recordEvent(client, principal, 'project.created', {
        projectId: created.id,
        datasets: body.datasets.map((d) => d.id),
        members: body.members,
      });
      // After `project.created`, so the audit log reads in order: the project, then what waits for a second custodian.
      const change = pending
        ? await proposePolicyChange(
            client,
            principal,
            created.id,
            pending,
            policyLoosenings(NEW_PROJECT_POLICY, pending),
            'asked for at creation',
          )
        : null;
      return { project: created, change };
    });
    auditContext(res).projectId = project.id;
    res.status(201).json({
      ...(await projectView(pool, project)),
      pendingPolicyChange: change ? policyChangeView(change) : null,
    } satisfies ApiProjectCreated);
  });

  router.get('/projects', async (req, res) => {
    const principal = principalOf(req);
    const projects = await listProjects(pool, principal.userId, isOverseer(principal));
    res.json({ projects: await Promise.all(projects.map((p) => projectView(pool, p))) } satisfies ApiProjectList);
  });

  router.get('/projects/:id', async (req, res) => {
    const { id } = parseInput(IdParam, req.params, 'params');
    const { project } = await loadVisibleProject(pool, principalOf(req), id);
    auditContext(res).projectId = project.id;
    res.json(await projectView(pool, project));
  });

  router.post('/projects/:id/grants', requireRole('custodian', 'admin'), async (req, res) => {
    const principal = principalOf(req);
    const { id } = parseInput(IdParam, req.params, 'params');
    const body = parseInput(GrantBody, req.body, 'body');
    const { project } = await loadVisibleProject(pool, principal, id);
    const grant = await inTransaction(pool, async (client) => {
      const created = await grantDataset(client, {
        projectId: project.id,
        datasetId: body.dataset,
        grantedBy: principal.userId,
        reason: body.reason,
      });
      await recordEvent(client, principal, 'dataset.granted', {
        projectId: project.id,
        datasets: [body.dataset],
        reason: body.reason,
      });
      return created;
    });
    auditContext(res).projectId = project.id;
    res.status(201).json({
      project: grant.project_id,
      dataset: grant.dataset_id,
      grantedBy: grant.granted_by,
      reason: grant.reason,
    } satisfies ApiGrantCreated);
  });

  router.post('/projects/:id/members', requireRole('custodian', 'admin'), async (req, res) => {
    const principal = principalOf(req);
    const { id } = parseInput(IdParam, req.params, 'params');
    const body = parseInput(MemberBody, req.body, 'body');
    const { project } = await loadVisibleProject(pool, principal, id);
    const user = await getUser(pool, body.userId);
    if (!user) throw badInput('userId', `no user ${body.userId}`);
    assertCanBeMember(user);
    await inTransaction(pool, async (client) => {
      await addMember(client, { projectId: project.id, userId: body.userId, addedBy: principal.userId });
      await recordEvent(client, principal, 'member.added', { projectId: project.id, userId: body.userId });
    });
    auditContext(res).projectId = project.id;
    res.status(201).json({ project: project.id, userId: body.userId } satisfies ApiMemberAdded);
  });

  router.use(policyChangesRouter(deps));
  return router;
}
