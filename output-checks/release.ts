/**
 * The release workflow's flows: request (with optional protection, re-checked), decide (blind votes, two-person
 * rule), withdraw, resubmit — each state change, its history row, its audit event and (on approval) the released cells
 * entries commit in one transaction. The enclave's route supplies the transaction and the audit writer.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type pg from 'pg';
import { SdfError, conflict } from '../platform/index.ts';
import { checkOutput } from './check-output.ts';
import { autoReleaseVerdict, planProtection } from './protect.ts';
import { DEFAULT_PROFILE } from './profile.ts';
import { readResult, sha256, writeProtected } from './result-file.ts';
import { projectProfile } from './checker.ts';
import { worst } from './rules.ts';
import { researcherReport } from './researcher-report.ts';
import { releasedCellsDifferencing } from './released-cells.ts';
import { releasedCellsAudit } from './audit-query.ts';
import { differencingRule } from './table-rules.ts';
import {
  assertCanTransition,
  canDecide,
  castVote,
  RELEASE_STATUS_AUDIT_EVENT,
  type Actor,
  type Decision,
  type ReleaseStatus,
} from './workflow.ts';
import * as store from './db/store.ts';
import type { DbReleaseRequest, Protection } from './db/types.ts';
import type { CompanionQuery } from './sql/companion.ts';
import type { CheckReport } from './types.ts';

/** Runs SQL on the project's real views (the enclave's sandbox); only the rows are read. */
export type ProjectSql = (sql: string) => Promise<{ rows: ReadonlyArray<Record<string, unknown>> }>;

/** Writes an audit event inside the caller's transaction (the enclave's `recordEvent`). */
export type AuditWriter = (
  client: pg.PoolClient,
  actor: Actor | null,
  action: string,
  details: Record<string, unknown> & { projectId?: string },
) => Promise<void>;

export interface ReleaseDeps {
  pool: pg.Pool;
  /** `$SDF_HOME/data/results`: where protected copies are written. */
  resultsDir: string;
  inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  audit: AuditWriter;
}

/** The query a release is requested for (from the enclave's `enclave.queries`). */
export interface ReleasableQuery {
  id: string;
  project_id: string;
  user_id: string;
  target: string;
  status: string;
  result_path: string | null;
  datasets: Array<{ datasetId: string }> | null;
  outcome?: string | null;
}

/** The project settings that shape review. */
export interface ReleaseProject {
  id: string;
  requires_two_custodians: boolean;
  auto_release_pass: boolean;
  disclosure_overrides: Record<string, unknown>;
}

async function changeStatus(
  deps: ReleaseDeps,
  client: pg.PoolClient,
  request: DbReleaseRequest,
  to: ReleaseStatus,
  actor: Actor,
  reason: string,
  details: Record<string, unknown> = {},
  patch: Parameters<typeof store.updateStatus>[4] = {},
): Promise<void> {
  if (!(await store.updateStatus(client, request.id, request.status, to, patch))) {
    throw conflict('the release request changed meanwhile; reload it');
  }
  await store.recordStatusChange(client, {
    request_id: request.id,
    from_status: request.status,
    to_status: to,
    actor_id: actor.userId,
    reason,
  });
  await deps.audit(client, actor, RELEASE_STATUS_AUDIT_EVENT[to], {
    projectId: request.project_id,
    requestId: request.id,
    queryId: request.query_id,
    from: request.status,
    to,
    ...details,
  });
}

async function registerReleasedCells(
  client: pg.PoolClient,
  request: Pick<DbReleaseRequest, 'id' | 'query_id' | 'project_id'>,
  query: ReleasableQuery | null,
): Promise<void> {
  const check = await store.getCheck(client, request.query_id);
  if (!check) return;
  await store.insertReleasedCells(client, {
    projectId: request.project_id,
    requestId: request.id,
    queryId: request.query_id,
    datasets: (query?.datasets ?? []).map((d) => d.datasetId),
    cells: check.populations,
  });
}

/**
 * Applies the asked-for protection and the mandatory rounding to the result and re-checks the file that would be
 * released; the report states the rounding each column got.
 */
async function protectAndRecheck(
  deps: ReleaseDeps,
  query: ReleasableQuery,
  protection: Protection,
  requestId: string,
  report: CheckReport,
  companion: CompanionQuery,
  companionRows: Array<Record<string, unknown>>,
) {
  const plan = planProtection(companion.analysis, report, protection);
  const outputPath = join(deps.resultsDir, `${query.id}.release-${requestId}.parquet`);
  const columns = await writeProtected(query.result_path!, outputPath, plan);
  const result = await readResult(outputPath);
  const rechecked = checkOutput({
    companion,
    result,
    companionRows,
    profile: report.profile,
    suppressed: plan.suppressed,
  });
  // Differencing against the released cells, and an ignored project profile, do not change with protection: keep them.
  const carried = report.findings.filter((f) => f.rule === 'differencing' || f.rule === 'profile');
  rechecked.findings.push(...carried);
  rechecked.reasons.push(...carried.map((f) => `${f.verdict} · ${f.rule}: ${f.reason}`));
  rechecked.outcome = worst([rechecked.outcome, ...carried.map((f) => f.verdict)]);
  const profile = { ...DEFAULT_PROFILE, ...report.profile };
  rechecked.rounding = {
    countBase: profile.countRoundingBase,
    significantFigures: profile.magnitudeSignificantFigures,
    columns,
  };
  return { outputPath, report: rechecked };
}

/**
 * The requester asks for release. Refused while the output fails its checks (protect it or change the query).
 * With the project's `auto_release_pass` and a passing output, it is approved at once (recorded and audited).
 */
export async function requestRelease(
  deps: ReleaseDeps,
  input: {
    query: ReleasableQuery;
    project: ReleaseProject;
    actor: Actor;
    justification: string;
    protection: Protection;
  },
): Promise<DbReleaseRequest> {
  const { query, project, actor } = input;
  if (query.user_id !== actor.userId)
    throw new SdfError('forbidden', 'only the owner of a query may ask for its release', 403);
  if (query.target !== 'real') throw conflict('only real outputs are released; synthetic results are already visible');
  if (query.status !== 'succeeded' || !query.result_path) throw conflict(`the query is ${query.status}, not succeeded`);
  const check = await store.getCheck(deps.pool, query.id);
  if (!check) {
    throw conflict(
      query.outcome
        ? 'the output was held without the disclosure checks (no checker was running): run the query again'
        : 'the output has not been checked yet; try again shortly',
    );
  }
  const requestId = randomUUID();
  const companion = check.companion as unknown as CompanionQuery;
  const { outputPath, report } = await protectAndRecheck(
    deps,
    query,
    input.protection,
    requestId,
    check.report,
    companion,
    check.companion_rows,
  );
  if (report.outcome === 'fail') {
    throw new SdfError(
      'output_fails_checks',
      `the output fails disclosure checks: ${(researcherReport(report, report.profile)?.reasons ?? []).slice(0, 3).join(' | ')}. Ask for protection ({ "protection": { "suppress": true } }) or change the query`,
      409,
    );
  }
  const requiresTwo =
    project.requires_two_custodians || projectProfile(project.disclosure_overrides).profile.twoCustodians;
  // Only an output that passed every rule after rounding, with nothing suppressed, leaves without a custodian.
  const auto = project.auto_release_pass && autoReleaseVerdict(report).verdict === 'pass';
  return deps.inTransaction(async (client) => {
    const created = await store
      .insertRequest(client, {
        id: requestId,
        queryId: query.id,
        projectId: project.id,
        requesterId: actor.userId,
        status: auto ? 'approved' : 'submitted',
        justification: input.justification,
        requiresTwo,
        protection: input.protection,
        outcome: report.outcome,
        report,
        outputPath,
        outputSha256: sha256(outputPath),
        autoReleased: auto,
      })
      .catch((error: { code?: string }) => {
        if (error.code === '23505') throw conflict('this query already has an open or approved release request');
        throw error;
      });
    await store.recordStatusChange(client, {
      request_id: created.id,
      from_status: null,
      to_status: 'submitted',
      actor_id: actor.userId,
      reason: input.justification,
    });
    await deps.audit(client, actor, RELEASE_STATUS_AUDIT_EVENT.submitted, {
      projectId: project.id,
      requestId: created.id,
      queryId: query.id,
      outcome: report.outcome,
      protection: input.protection,
    });
    if (auto) {
      await store.recordStatusChange(client, {
        request_id: created.id,
        from_status: 'submitted',
        to_status: 'approved',
        actor_id: null,
        reason: 'auto-release-pass: every cell passed',
      });
      await deps.audit(client, null, RELEASE_STATUS_AUDIT_EVENT.approved, {
        projectId: project.id,
        requestId: created.id,
        queryId: query.id,
        auto: true,
      });
      await registerReleasedCells(client, created, query);
    }
    return created;
  });
}

/** A custodian's decision; votes stay blind until the request is decided. */
/**
 * A custodian's vote. An approving vote first re-runs the differencing checks against cells released since the
 * output was checked (`runSql` runs SQL on the project's real views) and is refused (409 `differencing`) when they
 * now fail.
 */
export async function decide(
  deps: ReleaseDeps,
  input: {
    requestId: string;
    actor: Actor;
    decision: Decision;
    reason: string;
    query: ReleasableQuery | null;
    runSql: ProjectSql;
  },
): Promise<DbReleaseRequest> {
  if (input.decision === 'approve')
    await assertNoDifferencingSinceCheck(deps, input.requestId, input.actor, input.runSql);
  return deps.inTransaction(async (client) => {
    const request = await store.getRequest(client, input.requestId, true);
    if (!request) throw new SdfError('not_found', 'release request not found', 404);
    const votes = (await store.listVotes(client, request.id, request.round)).map((v) => ({
      custodianId: v.custodian_id,
      decision: v.decision,
      reason: v.reason,
    }));
    const next = castVote(
      {
        status: request.status,
        requesterId: request.requester_id,
        requiresTwo: request.requires_two_custodians,
        votes,
      },
      input.actor,
      { decision: input.decision, reason: input.reason },
    );
    await store.insertVote(client, {
      request_id: request.id,
      round: request.round,
      custodian_id: input.actor.userId,
      decision: input.decision,
      reason: input.reason,
    });
    // The first of two votes is audited without its decision, so the second custodian cannot learn it from the log.
    const details = next.status === 'partially_reviewed' ? { votes: next.votes.length } : { votes: next.votes };
    await changeStatus(deps, client, request, next.status, input.actor, input.reason, details);
    if (next.status === 'approved') await registerReleasedCells(client, request, input.query);
    return (await store.getRequest(client, request.id))!;
  });
}

/** The requester withdraws an open or returned request. */
export async function withdraw(
  deps: ReleaseDeps,
  input: { requestId: string; actor: Actor; reason: string },
): Promise<DbReleaseRequest> {
  return deps.inTransaction(async (client) => {
    const request = await store.getRequest(client, input.requestId, true);
    if (!request) throw new SdfError('not_found', 'release request not found', 404);
    assertCanTransition(request.status, 'withdrawn', input.actor, request.requester_id);
    await changeStatus(deps, client, request, 'withdrawn', input.actor, input.reason);
    return (await store.getRequest(client, request.id))!;
  });
}

/** The requester answers a returned request with a new justification; custodians vote afresh (a new round). */
export async function resubmit(
  deps: ReleaseDeps,
  input: { requestId: string; actor: Actor; justification: string },
): Promise<DbReleaseRequest> {
  return deps.inTransaction(async (client) => {
    const request = await store.getRequest(client, input.requestId, true);
    if (!request) throw new SdfError('not_found', 'release request not found', 404);
    assertCanTransition(request.status, 'submitted', input.actor, request.requester_id);
    await changeStatus(
      deps,
      client,
      request,
      'submitted',
      input.actor,
      input.justification,
      {},
      { justification: input.justification, nextRound: true },
    );
    return (await store.getRequest(client, request.id))!;
  });
}

/**
 * Differencing against cells released after this output was checked (another request approved meanwhile):
 * the reasons it now fails, empty when it still may be released. Run before an approving vote. The pairwise rule
 * looks at the new cells only; the exact audit at every released cell, since a combination can need cells released
 * before the check as well as after it.
 */
export async function differencingSinceCheck(
  deps: Pick<ReleaseDeps, 'pool'>,
  request: DbReleaseRequest,
  runSql: ProjectSql,
): Promise<string[]> {
  const check = await store.getCheck(deps.pool, request.query_id);
  if (!check) return [];
  const since = await store.listReleasedCells(deps.pool, request.project_id, 5000, check.checked_at);
  if (since.length === 0) return [];
  const companion = check.companion as unknown as CompanionQuery;
  const { threshold } = request.report.profile;
  const pairs = await releasedCellsDifferencing(since, runSql, threshold)(companion);
  const audit = await releasedCellsAudit(
    await store.listReleasedCells(deps.pool, request.project_id, 5000),
    runSql,
    threshold,
  )(companion);
  return [
    ...pairs
      .map((pair) => differencingRule(pair, request.report.profile))
      .filter((v) => v.verdict === 'fail')
      .map((v) => v.reason),
    ...audit.map((f) => f.reason),
  ];
}

async function assertNoDifferencingSinceCheck(
  deps: Pick<ReleaseDeps, 'pool'>,
  requestId: string,
  actor: Actor,
  runSql: ProjectSql,
): Promise<void> {
  const request = await store.getRequest(deps.pool, requestId);
  // A vote the workflow refuses anyway (wrong person, closed request) is refused by castVote with its own reason.
  if (!request || !canDecide(actor, { status: request.status, requesterId: request.requester_id })) return;
  const failing = await differencingSinceCheck(deps, request, runSql);
  if (failing.length > 0) throw new SdfError('differencing', `cannot approve: ${failing.slice(0, 3).join(' | ')}`, 409);
}
