/**
 * Release requests (output checking, issue 7): a query's owner asks for release with a justification (and
 * optional protection); custodians see the queue and decide (two distinct custodians when the project requires
 * it, never the requester); the requester downloads an approved output in five formats, each with its
 * disclosure-control record. Nothing unapproved downloads. The domain lives in `output-checks/`; this file maps
 * HTTP to it and wires the enclave's sandbox and audit chain in.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { SdfError, notFound } from '../../platform/index.ts';
import {
  CONTENT_TYPES,
  DECISIONS,
  DOWNLOAD_FORMATS,
  OPEN_FOR_REVIEW,
  decide,
  canDecide,
  disclosureRecord,
  getRequest,
  listRequests,
  listStatusChanges,
  listVotes,
  makeOutputChecker,
  projectProfile,
  readResult,
  tightenProfile,
  DEFAULT_PROFILE,
  renderDownload,
  requestRelease,
  requestView,
  resubmit,
  withdraw,
  type DbReleaseRequest,
  type DownloadFormat,
  type ReleaseDeps,
  type ReleaseStatus,
  RELEASE_STATUSES,
  acroResultsFolder,
  makeZip,
} from '../../output-checks/index.ts';
import { loadVisibleProject, loadVisibleQuery } from '../access/load.ts';
import { isOverseer } from '../access/rules.ts';
import { recordEvent } from '../audit/events.ts';
import { principalOf } from '../auth/middleware.ts';
import { getProject, isUuid } from '../db/projects.ts';
import { getQuery } from '../db/queries.ts';
import { inTransaction } from '../db/queryable.ts';
import { auditContext } from '../http/audit-middleware.ts';
import type { EnclaveDeps } from '../http/deps.ts';
import { parseInput } from '../http/errors.ts';
import { STANDARD_ERRORS, openApiRegistry } from '../http/openapi.ts';
import { resolveVersions } from '../queries/job.ts';
import { runSandboxedQuery } from '../sandbox/run.ts';
import type { OutputChecker, Principal } from '../types.ts';
import { IdParam } from './schemas.ts';
import type { ApiReleaseRequest } from '../contract.ts';
import {
  DisclosureProfilePending,
  DisclosureProfileView,
  DisclosureRecordDocument,
  ReleaseRequestList,
  ReleaseRequestView,
} from './responses.ts';
import { changeProjectPolicy, policyChangeView } from './policy-changes.ts';

export const ReleaseRequestBody = z.object({
  justification: z.string().trim().min(1, 'a justification is required').max(5000),
  protection: z
    .object({ suppress: z.boolean().optional(), roundBase: z.number().int().min(2).max(100).optional() })
    .strict()
    .optional(),
});
export const DecisionBody = z.object({
  decision: z.enum(DECISIONS),
  reason: z.string().trim().min(1, 'a reason is required').max(5000),
});
export const WithdrawBody = z.object({ reason: z.string().trim().min(1).max(5000).optional() });
export const ResubmitBody = z.object({
  justification: z.string().trim().min(1, 'a justification is required').max(5000),
});
const ListQuery = z.object({ status: z.enum(['pending', 'all', ...RELEASE_STATUSES]).optional() });
const DownloadParams = z.object({ id: z.string().min(1).max(200), format: z.enum(DOWNLOAD_FORMATS) });

const json = (schema: z.ZodType) => ({ 'application/json': { schema } });
const binary = (type: string) => ({ [type]: { schema: z.string().meta({ format: 'binary' }) } });
const BODIES: Partial<Record<string, z.ZodType>> = {
  '/api/v1/queries/{id}/release-requests': ReleaseRequestBody,
  '/api/v1/release-requests/{id}/decision': DecisionBody,
  '/api/v1/release-requests/{id}/withdraw': WithdrawBody,
  '/api/v1/release-requests/{id}/resubmit': ResubmitBody,
};
for (const [method, path, summary, status, content] of [
  [
    'post',
    '/api/v1/queries/{id}/release-requests',
    'Ask for release of a checked real output (its owner): { justification, protection? }',
    201,
    json(ReleaseRequestView),
  ],
  [
    'get',
    '/api/v1/release-requests',
    'Review queue (?status=pending) for custodians; own requests for researchers',
    200,
    json(ReleaseRequestList),
  ],
  [
    'get',
    '/api/v1/release-requests/{id}',
    'A request with check report, SQL, dataset versions, justification, column summary',
    200,
    json(ReleaseRequestView),
  ],
  [
    'post',
    '/api/v1/release-requests/{id}/decision',
    'Custodian decision { decision: approve|reject|return, reason }',
    200,
    json(ReleaseRequestView),
  ],
  ['post', '/api/v1/release-requests/{id}/withdraw', 'The requester withdraws', 200, json(ReleaseRequestView)],
  [
    'post',
    '/api/v1/release-requests/{id}/resubmit',
    'The requester answers a returned request { justification }',
    200,
    json(ReleaseRequestView),
  ],
  [
    'get',
    '/api/v1/release-requests/{id}/output.{format}',
    'Approved output (csv, json, xml, parquet, arrow) for the requester; header X-SDF-Disclosure-Record',
    200,
    Object.assign({}, ...DOWNLOAD_FORMATS.map((f) => binary(CONTENT_TYPES[f]))),
  ],
  [
    'get',
    '/api/v1/release-requests/{id}/record.json',
    'The disclosure-control record of an approved release',
    200,
    json(DisclosureRecordDocument),
  ],
  [
    'get',
    '/api/v1/release-requests/{id}/acro.zip',
    "Custodians: the request as ACRO's results folder (results.json, output CSV), for SACRO-Viewer",
    200,
    binary('application/zip'),
  ],
  [
    'get',
    '/api/v1/projects/{id}/disclosure-profile',
    'The effective disclosure profile of a project (defaults tightened by its overrides)',
    200,
    json(DisclosureProfileView),
  ],
  [
    'put',
    '/api/v1/projects/{id}/disclosure-profile',
    'Custodians tighten a project profile at once (never below the defaults); loosening it is stored as a pending policy change for a second custodian (202)',
    200,
    json(DisclosureProfileView),
  ],
] as const) {
  openApiRegistry.registerPath({
    method,
    path,
    summary,
    request: {
      ...(path.includes('{id}') ? { params: IdParam } : {}),
      ...(path === '/api/v1/release-requests' ? { query: ListQuery } : {}),
      ...(BODIES[path] ? { body: { content: json(BODIES[path]) } } : {}),
    },
    responses: {
      [status]: { description: summary, content },
      ...(method === 'put'
        ? { 202: { description: 'pending a second custodian', content: json(DisclosureProfilePending) } }
        : {}),
      409: { description: 'state conflict' },
      ...STANDARD_ERRORS,
    },
  });
}

const actorOf = (p: Principal) => ({ userId: p.userId, role: p.role });

/** The output checker wired to the enclave's sandbox: companion and differencing queries run on the same views. */
export function makeEnclaveOutputChecker(deps: Pick<EnclaveDeps, 'pool' | 'sandbox'>): OutputChecker {
  return makeOutputChecker({
    pool: deps.pool,
    runSql: async (sql, releases) => {
      const result = await runSandboxedQuery(deps.sandbox, { sql, releases, limits: { maxRows: 100_000 } });
      // A cut-off companion would leave groups unchecked: fail the companion so the output goes to review.
      if (result.truncated)
        throw new Error(`the person-counting query returned more than ${result.rows.length} groups`);
      return result;
    },
  });
}

function releaseDeps(deps: EnclaveDeps): ReleaseDeps {
  return {
    pool: deps.pool,
    resultsDir: deps.paths.results,
    inTransaction: (work) => inTransaction(deps.pool, work),
    audit: (client, actor, action, details) =>
      recordEvent(
        client,
        actor ? { userId: actor.userId, name: '', role: actor.role as Principal['role'], tokenId: null } : null,
        action,
        details,
      ),
  };
}

/** Names shown with requests (requester and project title). */
async function names(deps: EnclaveDeps, requests: readonly DbReleaseRequest[]): Promise<Map<string, string>> {
  const ids = [...new Set(requests.flatMap((r) => [r.requester_id, r.project_id]))];
  const { rows } = await deps.pool.query<{ id: string; name: string }>(
    `select id::text, name from enclave.users where id = any($1::uuid[])
     union all select id::text, title from enclave.projects where id = any($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function fullView(
  deps: EnclaveDeps,
  request: DbReleaseRequest,
  principal: Principal,
  withRows: boolean,
): Promise<ApiReleaseRequest> {
  const [query, votes, history, named] = await Promise.all([
    getQuery(deps.pool, request.query_id),
    listVotes(deps.pool, request.id),
    listStatusChanges(deps.pool, request.id),
    names(deps, [request]),
  ]);
  const view = requestView(request, query, votes, history, {
    userId: principal.userId,
    overseer: isOverseer(principal),
  });
  // The output itself is shown to custodians only until it is released.
  const rows =
    withRows && isOverseer(principal)
      ? (await readResult(request.output_path).catch(() => ({ rows: [] }))).rows.slice(0, 1000)
      : undefined;
  return {
    ...view,
    // `requestView` passes the query's stored pinned releases and columns through untyped; they are these.
    datasets: view.datasets as ApiReleaseRequest['datasets'],
    output: { ...view.output, columns: view.output.columns as ApiReleaseRequest['output']['columns'] },
    requesterName: named.get(request.requester_id),
    projectTitle: named.get(request.project_id),
    ...(rows ? { rows } : {}),
  };
}

/** The request if the caller may see it (the requester, custodians, admins); 404 otherwise. */
async function loadVisibleRequest(deps: EnclaveDeps, principal: Principal, id: string): Promise<DbReleaseRequest> {
  const request = isUuid(id) ? await getRequest(deps.pool, id) : null;
  if (!request || (request.requester_id !== principal.userId && !isOverseer(principal)))
    throw notFound('release request');
  return request;
}

/** Only the requester, only once approved; anyone else learns nothing (404). */
async function loadDownloadable(
  deps: EnclaveDeps,
  principal: Principal,
  id: string,
  res: Response,
): Promise<DbReleaseRequest> {
  const request = isUuid(id) ? await getRequest(deps.pool, id) : null;
  if (!request || request.requester_id !== principal.userId) throw notFound('release request');
  auditContext(res).projectId = request.project_id;
  if (request.status !== 'approved')
    throw new SdfError('not_approved', `the release request is ${request.status}; only approved outputs download`, 409);
  return request;
}

async function recordOf(deps: EnclaveDeps, request: DbReleaseRequest) {
  const [query, votes, history] = await Promise.all([
    getQuery(deps.pool, request.query_id),
    listVotes(deps.pool, request.id),
    listStatusChanges(deps.pool, request.id),
  ]);
  return disclosureRecord(request, query, votes, history);
}

export function releaseRequestsRouter(deps: EnclaveDeps): Router {
  const router = Router();
  const flows = releaseDeps(deps);

  router.post('/queries/:id/release-requests', async (req, res) => {
    const principal = principalOf(req);
    const { id } = parseInput(IdParam, req.params, 'params');
    const body = parseInput(ReleaseRequestBody, req.body, 'body');
    const query = await loadVisibleQuery(deps.pool, principal, id);
    auditContext(res).projectId = query.project_id;
    auditContext(res).sqlHash = query.sql_hash;
    const project = await getProject(deps.pool, query.project_id);
    if (!project) throw notFound('project');
    const created = await requestRelease(flows, {
      query,
      project,
      actor: actorOf(principal),
      justification: body.justification,
      protection: body.protection ?? {},
    });
    res
      .status(201)
      .location(`/api/v1/release-requests/${created.id}`)
      .json(await fullView(deps, created, principal, false));
  });

  router.get('/release-requests', async (req, res) => {
    const principal = principalOf(req);
    const { status } = parseInput(ListQuery, req.query, 'query');
    const statuses: readonly ReleaseStatus[] | undefined =
      status === 'pending' ? OPEN_FOR_REVIEW : status === 'all' || status === undefined ? undefined : [status];
    const requests = await listRequests(deps.pool, {
      statuses: statuses ?? (isOverseer(principal) ? OPEN_FOR_REVIEW : undefined),
      requesterId: isOverseer(principal) ? undefined : principal.userId,
    });
    const views = await Promise.all(requests.map((r) => fullView(deps, r, principal, false)));
    res.json({
      requests: views.map((v) => ({
        ...v,
        canDecide: canDecide(actorOf(principal), { status: v.status, requesterId: v.requester }),
      })),
    });
  });

  router.get('/release-requests/:id', async (req, res) => {
    const principal = principalOf(req);
    const { id } = parseInput(IdParam, req.params, 'params');
    const request = await loadVisibleRequest(deps, principal, id);
    auditContext(res).projectId = request.project_id;
    res.json(await fullView(deps, request, principal, true));
  });

  router.post('/release-requests/:id/decision', async (req, res) => {
    const principal = principalOf(req);
    const { id } = parseInput(IdParam, req.params, 'params');
    const body = parseInput(DecisionBody, req.body, 'body');
    const request = await loadVisibleRequest(deps, principal, id);
    auditContext(res).projectId = request.project_id;
    const query = await getQuery(deps.pool, request.query_id);
    // An approving vote re-checks differencing on the project's real views (cells released since the check); the
    // versions are resolved once, on the first query, and serve every query of the re-check.
    let versions: ReturnType<typeof resolveVersions> | undefined;
    const runSql = async (sql: string) =>
      runSandboxedQuery(deps.sandbox, {
        sql,
        releases: await (versions ??= resolveVersions(deps.pool, deps.paths.releases, request.project_id, 'real')),
      });
    const decided = await decide(flows, {
      requestId: request.id,
      actor: actorOf(principal),
      decision: body.decision,
      reason: body.reason,
      query,
      runSql,
    });
    res.json(await fullView(deps, decided, principal, false));
  });

  router.post('/release-requests/:id/withdraw', async (req, res) => {
    const principal = principalOf(req);
    const { id } = parseInput(IdParam, req.params, 'params');
    const body = parseInput(WithdrawBody, req.body ?? {}, 'body');
    const request = await loadVisibleRequest(deps, principal, id);
    auditContext(res).projectId = request.project_id;
    const done = await withdraw(flows, {
      requestId: request.id,
      actor: actorOf(principal),
      reason: body.reason ?? 'withdrawn by the requester',
    });
    res.json(await fullView(deps, done, principal, false));
  });

  router.post('/release-requests/:id/resubmit', async (req, res) => {
    const principal = principalOf(req);
    const { id } = parseInput(IdParam, req.params, 'params');
    const body = parseInput(ResubmitBody, req.body, 'body');
    const request = await loadVisibleRequest(deps, principal, id);
    auditContext(res).projectId = request.project_id;
    const done = await resubmit(flows, {
      requestId: request.id,
      actor: actorOf(principal),
      justification: body.justification,
    });
    res.json(await fullView(deps, done, principal, false));
  });

  router.get('/release-requests/:id/record.json', async (req, res) => {
    const principal = principalOf(req);
    const { id } = parseInput(IdParam, req.params, 'params');
    const request = await loadVisibleRequest(deps, principal, id);
    auditContext(res).projectId = request.project_id;
    if (request.status !== 'approved')
      throw new SdfError(
        'not_approved',
        `the release request is ${request.status}; a record exists once approved`,
        409,
      );
    const { record, sha256 } = await recordOf(deps, request);
    res.setHeader('X-SDF-Disclosure-Record-SHA256', sha256);
    res.json(record);
  });

  router.get('/release-requests/:id/acro.zip', async (req, res) => {
    const principal = principalOf(req);
    const { id } = parseInput(IdParam, req.params, 'params');
    // The folder carries the full report's rules per cell and the output itself: custodians only, like the rows.
    if (!isOverseer(principal)) throw notFound('release request');
    const request = await loadVisibleRequest(deps, principal, id);
    auditContext(res).projectId = request.project_id;
    const [query, result, csv] = await Promise.all([
      getQuery(deps.pool, request.query_id),
      readResult(request.output_path),
      renderDownload(request.output_path, 'csv'),
    ]);
    const folder = acroResultsFolder({
      requestId: request.id,
      queryId: request.query_id,
      sql: query?.sql ?? '',
      justification: request.justification,
      protection: request.protection,
      report: request.report,
      columns: result.columns,
      csv: csv.toString('utf8'),
    });
    auditContext(res).details = { releaseRequest: request.id, format: 'acro.zip' };
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="acro-${request.id}.zip"`);
    res.send(makeZip(folder));
  });

  router.get('/projects/:id/disclosure-profile', async (req, res) => {
    const { id } = parseInput(IdParam, req.params, 'params');
    const { project } = await loadVisibleProject(deps.pool, principalOf(req), id);
    const { profile, problem } = projectProfile(project.disclosure_overrides);
    res.json({
      project: project.id,
      defaults: DEFAULT_PROFILE,
      overrides: project.disclosure_overrides,
      profile,
      problem,
    });
  });

  router.put('/projects/:id/disclosure-profile', async (req, res) => {
    const principal = principalOf(req);
    if (!isOverseer(principal)) throw new SdfError('forbidden', 'only custodians change a disclosure profile', 403);
    const { id } = parseInput(IdParam, req.params, 'params');
    const { project } = await loadVisibleProject(deps.pool, principal, id);
    auditContext(res).projectId = project.id;
    const profile = tightenProfile(DEFAULT_PROFILE, req.body);
    // Tightening applies at once; loosening the project's current profile waits for a second custodian.
    const pending = await changeProjectPolicy(
      deps.pool,
      principal,
      project,
      { disclosureOverrides: req.body as Record<string, unknown> },
      'disclosure profile',
    );
    if (pending) {
      res
        .status(202)
        .location(`/api/v1/projects/${project.id}/policy-changes/${pending.id}`)
        .json({ project: project.id, applied: false, pending: policyChangeView(pending) });
      return;
    }
    res.json({ project: project.id, defaults: DEFAULT_PROFILE, overrides: req.body, profile, problem: null });
  });

  router.get('/release-requests/:id/output.:format', async (req, res) => {
    const principal = principalOf(req);
    const { id, format } = parseInput(DownloadParams, req.params, 'params');
    const request = await loadDownloadable(deps, principal, id, res);
    const { sha256 } = await recordOf(deps, request);
    const body = await renderDownload(request.output_path, format as DownloadFormat);
    auditContext(res).details = { releaseRequest: request.id, format, outputSha256: request.output_sha256 };
    res.setHeader('Content-Type', CONTENT_TYPES[format as DownloadFormat]);
    res.setHeader('Content-Disposition', `attachment; filename="release-${request.id}.${format}"`);
    res.setHeader('X-SDF-Output-SHA256', request.output_sha256);
    res.setHeader('X-SDF-Disclosure-Record', `</api/v1/release-requests/${request.id}/record.json>; sha256=${sha256}`);
    res.send(body);
  });

  return router;
}
