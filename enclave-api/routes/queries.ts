/** Queries: a member submits SQL (202, runs as a job); the owner and overseers read its status and result. */
import { Router } from 'express';
import { SdfError, forbidden } from '../../platform/index.ts';
import { loadVisibleProject, loadVisibleQuery } from '../access/load.ts';
import type pg from 'pg';
import { projectProfile } from '../../output-checks/index.ts';
import {
  accessWindowVerdict,
  canQueryProject,
  isOverseer,
  quotaVerdict,
  realQueryBudgetVerdict,
  secondsToUtcMidnight,
  startOfUtcDay,
  todayUtc,
} from '../access/rules.ts';
import { countRealQueriesSince } from '../db/probing.ts';
import type { DbProject } from '../types.ts';
import { principalOf } from '../auth/middleware.ts';
import { hashSql } from '../auth/tokens.ts';
import { countActiveQueries, insertQuery, listQueries } from '../db/queries.ts';
import { isUuid } from '../db/projects.ts';
import { inTransaction } from '../db/queryable.ts';
import { auditContext } from '../http/audit-middleware.ts';
import type { EnclaveDeps } from '../http/deps.ts';
import { parseInput, sqlRejected, tooManyRequests } from '../http/errors.ts';
import { STANDARD_ERRORS, openApiRegistry } from '../http/openapi.ts';
import { RUN_QUERY_TASK, resolveVersions, type RunQueryPayload } from '../queries/job.ts';
import type { DbQuery, Principal } from '../types.ts';
import { queryIdentity, queryTimings, researcherRealQueryView } from '../queries/researcher-view.ts';
import { IdParam, NewQueryBody, Query, QueryAccepted } from './schemas.ts';
import { QueryList, jsonResponse } from './responses.ts';
import type { ApiQuery, ApiQueryAccepted, ApiQueryList } from '../contract.ts';

/**
 * A query as `viewer` may see it: overseers see everything; the owner of a real query sees only the closed
 * researcher surface (`researcherRealQueryView`); rows appear only for synthetic queries.
 */
export function queryView(query: DbQuery, viewer: Principal): ApiQuery {
  if (query.target === 'real' && !isOverseer(viewer)) return researcherRealQueryView(query);
  return {
    ...queryIdentity(query),
    ...queryTimings(query, 1),
    datasets: query.datasets,
    error: query.error_code ? { code: query.error_code, message: query.error_message ?? '' } : null,
    outcome: query.outcome,
    checkReport: query.check_report ?? null,
    columns: query.columns,
    rowCount: query.row_count === null ? null : Number(query.row_count),
    truncated: query.truncated,
    ...(query.target === 'synthetic' && query.rows ? { rows: query.rows } : {}),
  };
}

openApiRegistry.registerPath({
  method: 'post',
  path: '/api/v1/queries',
  summary: 'Submit one SELECT over the project datasets (project members); runs asynchronously',
  request: { body: { content: { 'application/json': { schema: NewQueryBody } } } },
  responses: {
    202: { description: 'queued', content: { 'application/json': { schema: QueryAccepted } } },
    409: { description: 'no release of the granted datasets for that target' },
    422: { description: 'SQL refused (says why)' },
    ...STANDARD_ERRORS,
  },
});
openApiRegistry.registerPath({
  method: 'get',
  path: '/api/v1/queries/{id}',
  summary: 'Status, timings, pinned releases, check outcome; rows only for target synthetic (owner, custodians)',
  request: { params: IdParam },
  responses: {
    200: { description: 'the query', content: { 'application/json': { schema: Query } } },
    ...STANDARD_ERRORS,
  },
});

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/v1/queries',
  summary: 'Your queries, newest first, without rows (all queries for custodians and admins); ?project= filters',
  responses: { 200: jsonResponse('queries', QueryList), ...STANDARD_ERRORS },
});

/**
 * Probing control: the project's real queries today (UTC) stay under its profile's `realQueriesPerDay`; 429
 * `real_query_budget` otherwise. Serialised per project, so concurrent submissions cannot overshoot together.
 */
async function assertRealQueryBudget(client: pg.PoolClient, project: DbProject): Promise<void> {
  await client.query('select pg_advisory_xact_lock(hashtext($1))', [`enclave.real_budget.${project.id}`]);
  const perDay = projectProfile(project.disclosure_overrides).profile.realQueriesPerDay;
  const used = await countRealQueriesSince(client, project.id, startOfUtcDay());
  if (realQueryBudgetVerdict(used, perDay).verdict === 'fail') {
    throw new SdfError(
      'real_query_budget',
      `the project's budget of ${perDay} real queries per day (UTC) is spent; it renews at midnight UTC`,
      429,
      { retryAfter: secondsToUtcMidnight() },
    );
  }
}

export function queriesRouter(deps: EnclaveDeps): Router {
  const router = Router();
  const { pool } = deps;

  router.post('/queries', async (req, res) => {
    const principal = principalOf(req);
    const body = parseInput(NewQueryBody, req.body, 'body');
    const audit = auditContext(res);
    audit.sqlHash = hashSql(body.sql);
    // The target goes into the audit entry so refused real submissions count towards probing alerts.
    audit.details = { ...audit.details, target: body.target };
    const { project, member } = await loadVisibleProject(pool, principal, body.project);
    audit.projectId = project.id;
    if (!canQueryProject(principal, member))
      throw forbidden(
        'only members of the project run queries in it; custodians and admins oversee, they do not analyse',
      );
    const window = accessWindowVerdict(project, todayUtc());
    if (window.verdict === 'fail') {
      throw new SdfError(
        'outside_access_window',
        `the project's access window is ${project.starts_on} to ${project.ends_on}`,
        403,
      );
    }
    const releases = await resolveVersions(pool, deps.paths.releases, project.id, body.target);
    audit.datasets = releases.map((r) => r.datasetId);
    if (releases.length === 0) {
      throw new SdfError(
        'no_release',
        `none of the project's datasets has a published ${body.target === 'real' ? 'anonymised' : 'synthetic'} release`,
        409,
      );
    }
    const verdict = await deps.sqlChecker.check(body.sql, audit.datasets);
    if (verdict.verdict === 'fail') throw sqlRejected(verdict.reason, verdict.message);
    const query = await inTransaction(pool, async (client) => {
      // Serialise a user's submissions so concurrent requests cannot slip past the quota together.
      await client.query('select pg_advisory_xact_lock(hashtext($1))', [`enclave.quota.${principal.userId}`]);
      const quota = quotaVerdict(await countActiveQueries(client, principal.userId), deps.settings.queryQuota);
      if (quota.verdict === 'fail') {
        throw tooManyRequests(`at most ${deps.settings.queryQuota} queries may be queued or running at once`, 2);
      }
      if (body.target === 'real') await assertRealQueryBudget(client, project);
      const inserted = await insertQuery(client, {
        projectId: project.id,
        userId: principal.userId,
        sql: body.sql,
        target: body.target,
      });
      await client.query(`select graphile_worker.add_job($1, $2::json, max_attempts := 1)`, [
        RUN_QUERY_TASK,
        JSON.stringify({ queryId: inserted.id, requestId: req.requestId } satisfies RunQueryPayload),
      ]);
      return inserted;
    });
    res
      .status(202)
      .location(`/api/v1/queries/${query.id}`)
      .json({ id: query.id, status: query.status } satisfies ApiQueryAccepted);
  });

  router.get('/queries', async (req, res) => {
    const principal = principalOf(req);
    const project = typeof req.query.project === 'string' && isUuid(req.query.project) ? req.query.project : undefined;
    const queries = await listQueries(pool, {
      userId: isOverseer(principal) ? undefined : principal.userId,
      projectId: project,
    });
    res.json({ queries: queries.map((q) => queryView(q, principal)) } satisfies ApiQueryList);
  });

  router.get('/queries/:id', async (req, res) => {
    const { id } = parseInput(IdParam, req.params, 'params');
    const principal = principalOf(req);
    const query = await loadVisibleQuery(pool, principal, id);
    auditContext(res).projectId = query.project_id;
    auditContext(res).sqlHash = query.sql_hash;
    res.json(queryView(query, principal));
  });

  return router;
}
