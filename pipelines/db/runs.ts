/** SQL for our own record of runs, materialisations, check results and lineage (schema `pipelines`). */
import type pg from 'pg';
import type {
  CheckResult,
  MaterialisationStatus,
  PipelineConfig,
  RunStatus,
  UpstreamMaterialisation,
} from '../types.ts';
import {
  MATERIALISATION_ORIGINS,
  RUN_ORIGIN,
  StatusTransitionError,
  assertCanRunTransition,
  guardFrom,
  isTerminal,
  runSourcesOf,
  MATERIALISATION_STATUSES,
  type MaterialisationOrigin,
} from '../framework/materialisation-states.ts';

type Queryable = pg.Pool | pg.PoolClient;

export interface DbRun {
  id: string;
  partition: string;
  trigger: string;
  status: RunStatus;
  config: Partial<PipelineConfig> & { force?: boolean };
  started_at: Date;
  finished_at: Date | null;
}

export interface DbMaterialisation {
  id: string;
  run_id: string;
  asset_key: string;
  partition: string;
  code_version: string;
  status: MaterialisationStatus;
  attempt: number;
  reused_from: string | null;
  row_count: string | null;
  metadata: Record<string, unknown>;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
  seconds: number | null;
}

// Order by `materialisations.id`, never `id`: ORDER BY takes a bare name for the output column, here text, and
// '9' sorts after '10' (the latest attempt of an asset was then an older one once the ids gained a digit).
const MAT_COLUMNS = `id::text, run_id::text, asset_key, to_char(partition, 'YYYY-MM-DD') as partition, code_version,
  status, attempt, reused_from::text, row_count::text, metadata, error, started_at, finished_at, seconds`;

export async function insertRun(
  db: Queryable,
  partition: string,
  trigger: string,
  config: DbRun['config'],
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'insert into pipelines.runs (partition, trigger, config, status) values ($1, $2, $3, $4) returning id::text as id',
    [partition, trigger, JSON.stringify(config), RUN_ORIGIN],
  );
  return rows[0]!.id;
}

/** Marks other unfinished runs of the partition failed: their stale jobs then do nothing. */
export async function supersedeRuns(db: Queryable, partition: string, keepRunId: string): Promise<number> {
  const result = await db.query(
    `update pipelines.runs set status = 'failed', finished_at = now()
      where partition = $1 and status = any($3) and id <> $2`,
    [partition, keepRunId, runSourcesOf('failed')],
  );
  return result.rowCount ?? 0;
}

/** The runs still running and their materialisations in progress: whose scratch files are in use. */
export async function liveWork(db: Queryable): Promise<{ runs: Set<string>; materialisations: Set<string> }> {
  const { rows } = await db.query<{ materialisation_id: string | null; run_id: string }>(
    `select m.id::text as materialisation_id, r.id::text as run_id
       from pipelines.runs r left join pipelines.materialisations m on m.run_id = r.id and m.status = any($1)
      where r.status = $2`,
    [MATERIALISATION_STATUSES.filter((status) => !isTerminal(status)), RUN_ORIGIN],
  );
  return {
    runs: new Set(rows.map((row) => row.run_id)),
    materialisations: new Set(rows.flatMap((row) => (row.materialisation_id === null ? [] : [row.materialisation_id]))),
  };
}

export async function getRun(db: Queryable, runId: string, lock = false): Promise<DbRun | null> {
  const { rows } = await db.query<DbRun>(
    `select id::text, to_char(partition, 'YYYY-MM-DD') as partition, trigger, status, config, started_at, finished_at
       from pipelines.runs where id = $1 ${lock ? 'for update' : ''}`,
    [runId],
  );
  return rows[0] ?? null;
}

/** Closes a run that is `running` (the table's only way in); throws `status_conflict` if it is not. */
export async function closeRun(db: Queryable, runId: string, status: RunStatus): Promise<void> {
  assertCanRunTransition(RUN_ORIGIN, status);
  const result = await db.query(
    `update pipelines.runs set status = $2, finished_at = now() where id = $1 and status = any($3)`,
    [runId, status, runSourcesOf(status)],
  );
  if (result.rowCount === 0) {
    const current = (await getRun(db, runId))?.status ?? null;
    throw new StatusTransitionError(
      'status_conflict',
      `run ${runId} is ${current ?? 'missing'}, so it cannot become ${status}`,
      'run',
      current,
      status,
    );
  }
}

/** The latest materialisation of each asset in a run. */
export async function latestInRun(db: Queryable, runId: string): Promise<Map<string, DbMaterialisation>> {
  const { rows } = await db.query<DbMaterialisation>(
    `select distinct on (asset_key) ${MAT_COLUMNS} from pipelines.materialisations
      where run_id = $1 order by asset_key, materialisations.id desc`,
    [runId],
  );
  return new Map(rows.map((row) => [row.asset_key, row]));
}

/** A succeeded materialisation of this asset, partition and code version from any run (for reuse). */
export async function findSucceeded(
  db: Queryable,
  assetKey: string,
  partition: string,
  codeVersion: string,
): Promise<DbMaterialisation | null> {
  const { rows } = await db.query<DbMaterialisation>(
    `select ${MAT_COLUMNS} from pipelines.materialisations
      where asset_key = $1 and partition = $2 and code_version = $3 and status = 'succeeded'
      order by materialisations.id desc limit 1`,
    [assetKey, partition, codeVersion],
  );
  return rows[0] ?? null;
}

/** The latest succeeded materialisation of an asset for a partition before `partition`. */
export async function findPrevious(
  db: Queryable,
  assetKey: string,
  partition: string,
): Promise<UpstreamMaterialisation | null> {
  const { rows } = await db.query<DbMaterialisation>(
    `select ${MAT_COLUMNS} from pipelines.materialisations
      where asset_key = $1 and partition < $2 and status = 'succeeded' and reused_from is null
      order by partition desc, materialisations.id desc limit 1`,
    [assetKey, partition],
  );
  return rows[0] ? toUpstream(rows[0]) : null;
}

export function toUpstream(row: DbMaterialisation): UpstreamMaterialisation {
  return {
    id: row.reused_from ?? row.id,
    assetKey: row.asset_key,
    partition: row.partition,
    rows: row.row_count === null ? null : Number(row.row_count),
    metadata: row.metadata,
  };
}

export async function insertMaterialisation(
  db: Queryable,
  values: {
    runId: string;
    assetKey: string;
    partition: string;
    codeVersion: string;
    attempt: number;
    /** How the row comes to exist; its status follows from `MATERIALISATION_ORIGINS` (default `attempt`). */
    origin?: Exclude<MaterialisationOrigin, 'not_run'>;
    /** The succeeded materialisation reused: given exactly when `origin` is `reuse`. */
    reusedFrom?: DbMaterialisation;
    /** The worker's name and graphile-worker pool id, for the sweep of dead workers. */
    worker?: string;
    lockId?: string | null;
    error?: string;
  },
): Promise<string> {
  const reused = values.reusedFrom;
  const origin = values.origin ?? 'attempt';
  if ((origin === 'reuse') !== (reused !== undefined)) {
    throw new Error(
      `insertMaterialisation: a ${origin} row ${reused ? 'cannot reuse' : 'needs the materialisation it reuses'}`,
    );
  }
  const { rows } = await db.query<{ id: string }>(
    `insert into pipelines.materialisations
       (run_id, asset_key, partition, code_version, status, attempt, reused_from, row_count, metadata, finished_at,
        seconds, worker, lock_id, error)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, case when $5 = 'running' then null else now() end, $10, $11, $12, $13)
     returning id::text as id`,
    [
      values.runId,
      values.assetKey,
      values.partition,
      values.codeVersion,
      MATERIALISATION_ORIGINS[origin],
      values.attempt,
      reused ? (reused.reused_from ?? reused.id) : null,
      reused?.row_count ?? null,
      JSON.stringify(reused?.metadata ?? {}),
      reused ? 0 : null,
      values.worker ?? null,
      values.lockId ?? null,
      values.error ?? null,
    ],
  );
  return rows[0]!.id;
}

/**
 * Whether an attempt is still `running`: false once the sweep gave it up (its worker was taken for dead), so a
 * worker that was only paused does not publish or record what a live worker is now redoing.
 */
export async function stillRunning(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query<{ status: string }>('select status from pipelines.materialisations where id = $1', [
    id,
  ]);
  return rows[0]?.status === 'running';
}

/**
 * Moves a row to `status` if it is still in `from` (the status the writer expects it in; default any status the
 * table lets reach `status`). Throws `invalid_transition` for an edge the table lacks, and `status_conflict` when
 * the row was elsewhere (say the sweep gave the attempt up): nothing is written then.
 */
export async function finishMaterialisation(
  db: Queryable,
  id: string,
  values: {
    status: MaterialisationStatus;
    from?: MaterialisationStatus | readonly MaterialisationStatus[];
    rows?: number;
    metadata?: Record<string, unknown>;
    error?: string;
  },
): Promise<void> {
  const from = guardFrom(values.status, values.from);
  const result = await db.query(
    `update pipelines.materialisations
        set status = $2, row_count = coalesce($3, row_count), metadata = metadata || $4::jsonb, error = $5,
            finished_at = now(), seconds = extract(epoch from now() - started_at)
      where id = $1 and status = any($6)`,
    [id, values.status, values.rows ?? null, JSON.stringify(values.metadata ?? {}), values.error ?? null, from],
  );
  if (result.rowCount === 0) {
    const { rows } = await db.query<{ status: MaterialisationStatus }>(
      'select status from pipelines.materialisations where id = $1',
      [id],
    );
    const current = rows[0]?.status ?? null;
    throw new StatusTransitionError(
      'status_conflict',
      `materialisation ${id} is ${current ?? 'missing'}, not ${from.join(' or ')}, so it cannot become ${values.status}`,
      'materialisation',
      current,
      values.status,
    );
  }
}

/** Records the descendants of a failed or blocked asset as not run, so the run can finish. */
export async function markUpstreamFailed(
  db: Queryable,
  runId: string,
  partition: string,
  assets: readonly { key: string; codeVersion: string }[],
  because: string,
): Promise<void> {
  for (const asset of assets) {
    await db.query(
      `insert into pipelines.materialisations (run_id, asset_key, partition, code_version, status, error, finished_at)
       select $1, $2, $3, $4, $6, $5, now()
        where not exists (select 1 from pipelines.materialisations where run_id = $1 and asset_key = $2)`,
      [runId, asset.key, partition, asset.codeVersion, `not run: ${because}`, MATERIALISATION_ORIGINS.not_run],
    );
  }
}

export async function insertCheckResult(
  db: Queryable,
  materialisationId: string,
  name: string,
  blocking: boolean,
  result: CheckResult,
): Promise<void> {
  await db.query(
    `insert into pipelines.check_results
       (materialisation_id, check_name, blocking, verdict, reason, column_name, row_count, metadata)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      materialisationId,
      name,
      blocking,
      result.verdict,
      result.reason,
      result.column ?? null,
      result.rows ?? null,
      JSON.stringify(result.metadata ?? {}),
    ],
  );
}

export async function insertLineage(db: Queryable, materialisationId: string, upstreamIds: readonly string[]) {
  for (const upstreamId of upstreamIds) {
    await db.query(
      `insert into pipelines.lineage (materialisation_id, upstream_materialisation_id) values ($1, $2)
       on conflict do nothing`,
      [materialisationId, upstreamId],
    );
  }
}

export interface DbCheckRow {
  materialisation_id: string;
  check_name: string;
  blocking: boolean;
  verdict: string;
  reason: string;
  column_name: string | null;
  row_count: string | null;
}

export async function checksOf(db: Queryable, materialisationIds: readonly string[]): Promise<DbCheckRow[]> {
  const { rows } = await db.query<DbCheckRow>(
    `select materialisation_id::text, check_name, blocking, verdict, reason, column_name, row_count::text
       from pipelines.check_results where materialisation_id = any($1::bigint[]) order by id`,
    [materialisationIds],
  );
  return rows;
}

/** The latest materialisation of every asset × partition (`sdf pipeline status`). */
export async function latestPerAssetPartition(db: Queryable, limitPartitions = 7): Promise<DbMaterialisation[]> {
  const { rows } = await db.query<DbMaterialisation>(
    `select * from (
       select distinct on (asset_key, partition) ${MAT_COLUMNS} from pipelines.materialisations
        where partition in (select distinct partition from pipelines.materialisations
                             order by partition desc limit $1)
        order by asset_key, partition, materialisations.id desc) latest
      order by partition desc, asset_key`,
    [limitPartitions],
  );
  return rows;
}

/**
 * Enqueues one materialisation job; the job key collapses duplicates of the same asset × partition. Jobs of a
 * lower `priority` number run first.
 */
export async function enqueueMaterialisation(
  db: Queryable,
  payload: MaterialisePayload,
  maxAttempts: number,
  priority = 0,
): Promise<void> {
  await db.query(
    `select graphile_worker.add_job(identifier => 'materialise', payload => $1::json, job_key => $2,
                                    max_attempts => $3, priority => $4)`,
    [JSON.stringify(payload), `mat:${payload.asset}:${payload.partition}`, maxAttempts, priority],
  );
}

export interface MaterialisePayload {
  runId: string;
  asset: string;
  partition: string;
}
