/**
 * The `enclave_run_query` job: pins the current releases of the project's granted datasets, runs the SQL in the
 * sandbox, keeps rows for `synthetic` queries, and for `real` ones stores the result inside the facility and
 * hands it to output checking. Failures of the query are recorded on it (no retry); infrastructure errors throw.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import type { Task, TaskList } from 'graphile-worker';
import { SdfError, logger, type SdfPaths } from '../../platform/index.ts';
import { getCurrentVersion, type CurrentVersion } from '../../catalog/index.ts';
import { accessWindowVerdict, todayUtc } from '../access/rules.ts';
import { getProject, listGrants } from '../db/projects.ts';
import {
  getQuery,
  heartbeatQuery,
  markChecking,
  markFailed,
  markRunning,
  markSucceeded,
  recordOutputCheck,
} from '../db/queries.ts';
import { inTransactionOn, type Db } from '../db/queryable.ts';
import { notifyProbing } from '../notifications/notify.ts';
import { pinVersions, runSandboxedQuery } from '../sandbox/run.ts';
import type { SandboxPool } from '../sandbox/pool.ts';
import type { DbQuery, Outcome, OutputChecker, QueryTarget } from '../types.ts';
import type { CheckReport, UncheckedReport } from '../../output-checks/index.ts';
import { queryLeaseMs, withHeartbeat, workerId } from './lease.ts';

/** graphile-worker task identifier of the query job. */
export const RUN_QUERY_TASK = 'enclave_run_query';

export interface RunQueryDeps {
  /** Runs `work` with a database connection (held only briefly, never across the sandbox run). */
  withDb<T>(work: (db: Db) => Promise<T>): Promise<T>;
  paths: SdfPaths;
  sandbox: SandboxPool;
  outputChecker: OutputChecker;
  /** The query's lease, renewed every quarter of it while it runs (default `queryLeaseMs` of the sandbox's limit). */
  leaseMs?: number;
  /** Recorded on the query as the worker that ran it (default `workerId()`). */
  workerId?: string;
}

/** The job's payload: the query, and the id of the HTTP request that submitted it (for its log lines). */
export interface RunQueryPayload {
  queryId: string;
  requestId?: string;
}

/**
 * The current releases a project may read for a target: `real` reads the anonymised releases, `synthetic` their
 * synthetic twins. Granted datasets without a release of that kind are left out.
 */
export async function resolveVersions(
  db: Db,
  releasesRoot: string,
  projectId: string,
  target: QueryTarget,
): Promise<CurrentVersion[]> {
  const kind = target === 'real' ? 'anon' : 'synthetic';
  const releases: CurrentVersion[] = [];
  for (const grant of await listGrants(db, projectId)) {
    // getCurrentVersion only calls `query`, which a pool client provides as well.
    const release = await getCurrentVersion(db as pg.Pool, releasesRoot, grant.dataset_id, kind);
    if (release) releases.push(release);
  }
  return releases;
}

async function claim(
  deps: RunQueryDeps,
  queryId: string,
): Promise<{ query: DbQuery; releases: CurrentVersion[] } | null> {
  return deps.withDb(async (db) => {
    const query = await getQuery(db, queryId);
    if (!query || query.status !== 'queued') return null;
    const project = await getProject(db, query.project_id);
    if (!project || accessWindowVerdict(project, todayUtc()).verdict === 'fail') {
      await failQuery(db, query, 'outside_access_window', 'the project is outside its access window');
      return null;
    }
    const releases = await resolveVersions(db, deps.paths.releases, query.project_id, query.target);
    const claimed = await markRunning(db, queryId, pinVersions(releases), deps.workerId ?? workerId());
    return claimed ? { query, releases } : null;
  });
}

/** Runs one queued query to completion (idempotent: a query that is no longer queued is left alone). */
export async function runQueryJob(deps: RunQueryDeps, queryId: string, requestId?: string): Promise<void> {
  const claimed = await claim(deps, queryId);
  if (!claimed) return;
  const log = logger.child({ queryId, requestId, workerId: deps.workerId ?? workerId() });
  log.info({ target: claimed.query.target }, 'query started');
  const leaseMs = deps.leaseMs ?? queryLeaseMs(deps.sandbox.limits.timeoutMs);
  await withHeartbeat(
    leaseMs,
    () => deps.withDb((db) => heartbeatQuery(db, queryId)),
    () => runClaimed(deps, claimed),
  );
  const finished = await deps.withDb((db) => getQuery(db, queryId));
  log.info(
    { status: finished?.status, errorCode: finished?.error_code ?? undefined, outcome: finished?.outcome ?? undefined },
    'query finished',
  );
}

async function runClaimed(
  deps: RunQueryDeps,
  { query, releases }: { query: DbQuery; releases: CurrentVersion[] },
): Promise<void> {
  const workDir = join(deps.paths.results, `.work-${query.id}`);
  const real = query.target === 'real';
  if (real) mkdirSync(workDir, { recursive: true });
  try {
    const result = await runSandboxedQuery(deps.sandbox, {
      sql: query.sql,
      releases,
      outputPath: real ? join(workDir, 'result.parquet') : null,
    });
    if (!real) {
      await deps.withDb((db) => markSucceeded(db, query.id, { ...result, rows: result.rows, resultPath: null }));
      return;
    }
    const resultPath = join(deps.paths.results, `${query.id}.parquet`);
    renameSync(join(workDir, 'result.parquet'), resultPath);
    await deps.withDb((db) => markChecking(db, query.id, { ...result, resultPath }));
    await checkOutput(deps, query, releases, resultPath, result);
  } catch (error) {
    const known = error instanceof SdfError;
    const code = known ? error.code : 'internal';
    const message = known ? error.message : 'the query could not be run because of an internal error';
    await deps.withDb((db) => failQuery(db, query, code, message));
    if (!known) throw error;
  } finally {
    if (real) rmSync(workDir, { recursive: true, force: true });
  }
}

async function checkOutput(
  deps: RunQueryDeps,
  query: DbQuery,
  releases: CurrentVersion[],
  resultPath: string,
  result: { columns: DbQuery['columns']; rowCount: number },
): Promise<void> {
  const project = await deps.withDb((db) => getProject(db, query.project_id));
  const checker = deps.outputChecker;
  let outcome: { outcome: Outcome; report: CheckReport | UncheckedReport };
  try {
    outcome = await checker.check({
      queryId: query.id,
      projectId: query.project_id,
      sql: query.sql,
      resultPath,
      columns: result.columns ?? [],
      rowCount: result.rowCount,
      releases,
      disclosureOverrides: project?.disclosure_overrides ?? {},
      autoReleasePass: project?.auto_release_pass ?? false,
    });
  } catch (error) {
    // A crash of the checker is a failing output with its reason (for custodians), never an unflagged review.
    logger.error({ err: error, queryId: query.id }, 'output check failed');
    outcome = {
      outcome: 'fail',
      report: {
        outcome: 'fail',
        checked: false,
        findings: [{ verdict: 'fail', rule: 'checker', reason: `the output check failed: ${String(error)}` }],
        cells: [],
      } satisfies UncheckedReport,
    };
  }
  await deps.withDb((db) =>
    inTransactionOn(db, async (tx) => {
      const recorded = await recordOutputCheck(tx, query.id, outcome.outcome, outcome.report);
      if (recorded && outcome.outcome === 'fail') await notifyProbing(tx, query.user_id, query.project_id);
    }),
  );
}

/**
 * Marks a query failed; a failed real query counts towards its researcher's probing alert, checked in the same
 * transaction (its owner's "finished" notification is the status trigger's).
 */
async function failQuery(
  db: Db,
  query: Pick<DbQuery, 'id' | 'target' | 'user_id' | 'project_id'>,
  code: string,
  message: string,
): Promise<void> {
  await inTransactionOn(db, async (tx) => {
    const failed = await markFailed(tx, query.id, code, message);
    if (failed && query.target === 'real') await notifyProbing(tx, query.user_id, query.project_id);
  });
}

/** The enclave's graphile-worker tasks, bound to explicit dependencies. */
export function makeEnclaveTasks(deps: Omit<RunQueryDeps, 'withDb'>): TaskList {
  const task: Task = async (payload, helpers) => {
    const { queryId, requestId } = payload as RunQueryPayload;
    await runQueryJob(
      { ...deps, withDb: (work) => helpers.withPgClient((client) => work(client)) },
      queryId,
      requestId,
    );
  };
  return { [RUN_QUERY_TASK]: task };
}
