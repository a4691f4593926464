/**
 * One materialisation = one graphile-worker job (`materialise`, job key `mat:<asset>:<partition>`). It records
 * the attempt, runs the asset, runs its checks, publishes only if every blocking check passed, records lineage,
 * and then enqueues each child whose deps have all succeeded for the partition. A thrown error is recorded on
 * the materialisation and rethrown so graphile-worker retries with its exponential backoff.
 */
import type pg from 'pg';
import type { JobHelpers } from 'graphile-worker';
import { inTransaction, logger, type SdfPaths, type Settings } from '../../platform/index.ts';
import type { AssetContext, AssetDefinition, CheckResult, MaterialiseResult, PipelineConfig } from '../types.ts';
import { DEFAULT_CONFIG } from '../types.ts';
import { descendants, type AssetGraph } from './define.ts';
import { connectDuck } from './duck.ts';
import * as db from '../db/runs.ts';
import { StatusTransitionError, TERMINAL, canTransition, mayStartAttempt } from './materialisation-states.ts';

/** What the worker tasks need beyond the job: the graph, the control plane and the file layout. */
export interface PipelineDeps {
  graph: AssetGraph;
  pool: pg.Pool;
  paths: SdfPaths;
  /** The facility's settings, parsed once at start (DuckDB limits, DCI paging, the master key, the lease). */
  settings: Settings;
  /** How this worker names itself on the attempts it runs (`startWorker` sets `SDF_WORKER_ID`, else `host:pid`). */
  worker?: string;
}

/**
 * Thrown by an attempt that finds it was given up while it ran (its worker missed its heartbeats for a lease and
 * a live worker took the job over): it stops before publishing and records nothing, since the new attempt owns
 * the asset now. graphile-worker's fail_job then changes nothing, as the job is no longer locked by this pool.
 */
export class AttemptTakenOver extends Error {
  readonly code = 'attempt_taken_over';
  constructor(asset: string, materialisationId: string) {
    super(`${asset}: attempt ${materialisationId} was taken over by a live worker (this worker missed its heartbeats)`);
  }
}

export const MAX_ATTEMPTS = 3;

export async function materialiseJob(deps: PipelineDeps, payload: db.MaterialisePayload, helpers: JobHelpers) {
  const asset = deps.graph.assets.get(payload.asset);
  if (!asset) throw new Error(`unknown asset ${payload.asset}; is this worker running older code?`);
  const run = await db.getRun(deps.pool, payload.runId);
  if (!run || run.status !== 'running') return; // a stale job of a finished or superseded run
  const upstream = await upstreamOf(deps, asset, payload.runId);
  const config: PipelineConfig = { ...DEFAULT_CONFIG, ...run.config };
  const final = helpers.job.attempts >= helpers.job.max_attempts;

  if (!run.config.force && (await reuse(deps, asset, payload, upstream))) return;
  const materialisationId = await claim(deps, asset, payload, helpers.job.attempts, helpers.job.locked_by);
  if (!materialisationId) return; // another job of this run has it
  await db.insertLineage(
    deps.pool,
    materialisationId,
    Object.values(upstream).map((u) => u.id),
  );
  const duck = await connectDuck(deps.paths, deps.settings.pipeline);
  const context: AssetContext = {
    assetKey: asset.key,
    partition: payload.partition,
    runId: payload.runId,
    materialisationId,
    codeVersion: asset.codeVersion,
    paths: deps.paths,
    settings: deps.settings,
    pool: deps.pool,
    duck,
    log: logger.child({ asset: asset.key, partition: payload.partition, run: payload.runId }),
    config,
    upstream,
    previous: await db.findPrevious(deps.pool, asset.key, payload.partition),
  };
  let recorded = false; // the attempt's row has its final status: an error after that must not rewrite it
  try {
    const started = performance.now();
    const result = await asset.materialise(context);
    const materialised = performance.now();
    const failedCheck = await runChecks(asset, context, result);
    const checked = performance.now();
    await assertStillOurs(deps, asset, materialisationId);
    if (failedCheck) {
      await finishAttempt(deps, asset, materialisationId, {
        status: 'blocked',
        rows: result.rows,
        metadata: result.metadata,
        error: failedCheck,
      });
      recorded = true;
      await afterTerminal(deps, asset, payload, `${asset.key} blocked: ${failedCheck}`);
      return;
    }
    const published = (await asset.publish?.(context, result)) ?? {};
    await assertStillOurs(deps, asset, materialisationId);
    const timings = {
      materialiseMs: Math.round(materialised - started),
      checksMs: Math.round(checked - materialised),
      publishMs: Math.round(performance.now() - checked),
    };
    const metadata = { ...result.metadata, ...published, timings };
    await finishAttempt(deps, asset, materialisationId, { status: 'succeeded', rows: result.rows, metadata });
    recorded = true;
    await afterTerminal(deps, asset, payload, null);
  } catch (error) {
    if (error instanceof AttemptTakenOver) {
      context.log.warn({ err: error }, 'attempt given up: a live worker redoes it');
      throw error;
    }
    if (recorded) throw error;
    const message = error instanceof Error ? error.message : String(error);
    context.log.warn({ err: error, attempt: helpers.job.attempts }, 'materialisation failed');
    // a row the sweep gave up meanwhile is not ours to record: finishAttempt throws AttemptTakenOver then
    await finishAttempt(deps, asset, materialisationId, { status: final ? 'failed' : 'retrying', error: message });
    if (final) await afterTerminal(deps, asset, payload, `${asset.key} failed: ${message}`);
    throw error;
  } finally {
    duck.closeSync();
  }
}

/**
 * Inserts the `running` row under the run lock, unless this asset already has a row in the run that is not a
 * failed attempt awaiting retry: two jobs for one asset (a job key replaced while locked) cannot both run it.
 */
async function claim(
  deps: PipelineDeps,
  asset: AssetDefinition,
  payload: db.MaterialisePayload,
  attempt: number,
  lockId: string | null,
): Promise<string | null> {
  return inRunLock(deps, payload.runId, async (client) => {
    const existing = (await db.latestInRun(client, payload.runId)).get(asset.key);
    if (!mayStartAttempt(existing?.status)) return null;
    return db.insertMaterialisation(client, {
      runId: payload.runId,
      assetKey: asset.key,
      partition: payload.partition,
      codeVersion: asset.codeVersion,
      attempt,
      ...(deps.worker ? { worker: deps.worker } : {}),
      lockId,
    });
  });
}

/**
 * Ends this worker's `running` attempt. A row that is no longer `running` was given up by the sweep (this worker
 * missed its heartbeats) and belongs to the live worker's new attempt: the write fails, and so does the attempt.
 */
async function finishAttempt(
  deps: PipelineDeps,
  asset: AssetDefinition,
  materialisationId: string,
  values: Omit<Parameters<typeof db.finishMaterialisation>[2], 'from'>,
): Promise<void> {
  try {
    await db.finishMaterialisation(deps.pool, materialisationId, { ...values, from: 'running' });
  } catch (error) {
    if (error instanceof StatusTransitionError && error.code === 'status_conflict')
      throw new AttemptTakenOver(asset.key, materialisationId);
    throw error;
  }
}

async function assertStillOurs(deps: PipelineDeps, asset: AssetDefinition, materialisationId: string): Promise<void> {
  if (!(await db.stillRunning(deps.pool, materialisationId))) throw new AttemptTakenOver(asset.key, materialisationId);
}

/**
 * A dead worker's attempt that was the job's last: no live worker will retry it, so the asset fails for the run
 * (its interrupted attempt, or a row saying so if it had not started) and everything below it is not run.
 */
export async function failInterrupted(
  deps: PipelineDeps,
  payload: db.MaterialisePayload,
  reason: string,
): Promise<void> {
  const asset = deps.graph.assets.get(payload.asset);
  if (!asset) return;
  const run = await db.getRun(deps.pool, payload.runId);
  if (!run || run.status !== 'running') return;
  const recorded = await inRunLock(deps, payload.runId, async (client) => {
    const existing = (await db.latestInRun(client, payload.runId)).get(asset.key);
    if (existing && !canTransition(existing.status, 'failed')) return false;
    if (existing) await db.finishMaterialisation(client, existing.id, { status: 'failed', error: reason });
    else {
      await db.insertMaterialisation(client, {
        runId: payload.runId,
        assetKey: asset.key,
        partition: payload.partition,
        codeVersion: asset.codeVersion,
        attempt: MAX_ATTEMPTS,
        origin: 'lost_last_attempt',
        error: reason,
      });
    }
    return true;
  });
  if (recorded) await afterTerminal(deps, asset, payload, `${asset.key} failed: ${reason}`);
}

async function inRunLock<T>(
  deps: PipelineDeps,
  runId: string,
  work: (client: pg.PoolClient, run: db.DbRun | null) => Promise<T>,
) {
  return inTransaction(deps.pool, async (client) => work(client, await db.getRun(client, runId, true)));
}

/** Runs every check, records each result; returns a description of the first failed blocking check, if any. */
async function runChecks(asset: AssetDefinition, context: AssetContext, result: MaterialiseResult) {
  const failures: string[] = [];
  for (const check of asset.checks) {
    let outcome: CheckResult;
    const started = performance.now();
    try {
      outcome = await check.run(context, result);
    } catch (error) {
      outcome = { verdict: 'fail', reason: `check raised: ${(error as Error).message}` };
    }
    outcome = { ...outcome, metadata: { ...outcome.metadata, ms: Math.round(performance.now() - started) } };
    await db.insertCheckResult(context.pool, context.materialisationId, check.name, check.blocking, outcome);
    if (check.blocking && outcome.verdict === 'fail') {
      const where = outcome.column
        ? ` (column ${outcome.column}${outcome.rows !== undefined ? `, ${outcome.rows} rows` : ''})`
        : '';
      failures.push(`check ${check.name} failed${where}: ${outcome.reason}`);
    }
  }
  return failures.length > 0 ? failures.join('; ') : null;
}

async function upstreamOf(deps: PipelineDeps, asset: AssetDefinition, runId: string) {
  const latest = await db.latestInRun(deps.pool, runId);
  const upstream: AssetContext['upstream'] = {};
  for (const dep of asset.deps) {
    const row = latest.get(dep);
    if (!row || row.status !== 'succeeded') throw new Error(`${asset.key} started before its dep ${dep} succeeded`);
    upstream[dep] = db.toUpstream(row);
  }
  return upstream;
}

/**
 * An asset whose deps were all reused (or has none) and which already succeeded for this partition with this
 * code version is not redone: a rerun after a crash picks up where the last run stopped.
 */
async function reuse(
  deps: PipelineDeps,
  asset: AssetDefinition,
  payload: db.MaterialisePayload,
  upstream: AssetContext['upstream'],
): Promise<boolean> {
  const reused = await inRunLock(deps, payload.runId, async (client) => {
    const latest = await db.latestInRun(client, payload.runId);
    if (latest.has(asset.key)) return false;
    if (!asset.deps.every((dep) => latest.get(dep)?.reused_from)) return false;
    const done = await db.findSucceeded(client, asset.key, payload.partition, asset.codeVersion);
    if (!done) return false;
    const id = await db.insertMaterialisation(client, {
      runId: payload.runId,
      assetKey: asset.key,
      partition: payload.partition,
      codeVersion: asset.codeVersion,
      attempt: 1,
      origin: 'reuse',
      reusedFrom: done,
    });
    await db.insertLineage(
      client,
      id,
      Object.values(upstream).map((u) => u.id),
    );
    return true;
  });
  if (reused) await afterTerminal(deps, asset, payload, null);
  return reused;
}

/**
 * Under a lock on the run row (so two deps finishing together cannot both miss the last one): on success
 * enqueue the children now ready; on failure record everything downstream as not run; close the run when done.
 * A run already closed is left alone: another asset's last step closed it, or a newer run of the partition
 * superseded it (whose jobs, sharing the job keys, a stale enqueue here would replace).
 */
async function afterTerminal(
  deps: PipelineDeps,
  asset: AssetDefinition,
  payload: db.MaterialisePayload,
  failure: string | null,
): Promise<void> {
  await inRunLock(deps, payload.runId, async (client, run) => {
    if (run?.status !== 'running') return;
    if (failure) {
      const below = descendants(deps.graph, asset.key).map((key) => deps.graph.assets.get(key)!);
      await db.markUpstreamFailed(client, payload.runId, payload.partition, below, failure);
    }
    const latest = await db.latestInRun(client, payload.runId);
    if (!failure) {
      for (const childKey of deps.graph.children.get(asset.key) ?? []) {
        const child = deps.graph.assets.get(childKey)!;
        const ready = child.deps.every((dep) => latest.get(dep)?.status === 'succeeded');
        if (ready && !latest.has(childKey)) {
          await db.enqueueMaterialisation(
            client,
            { ...payload, asset: childKey },
            MAX_ATTEMPTS,
            deps.graph.priority.get(childKey),
          );
        }
      }
    }
    const statuses = deps.graph.order.map((key) => latest.get(key)?.status);
    if (statuses.every((status) => status && TERMINAL.has(status))) {
      await db.closeRun(client, payload.runId, statuses.every((s) => s === 'succeeded') ? 'succeeded' : 'failed');
    }
  });
}
