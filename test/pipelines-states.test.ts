/**
 * The status writes of pipelines follow `pipelines/framework/materialisation-states.ts`: an attempt the sweep gave
 * up is not overwritten by the worker that was only paused, and a run closed by a newer run stays closed.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { JobHelpers } from 'graphile-worker';
import { makeTestDatabase, makeTestHome, type TestDatabase } from './helpers.ts';
import {
  buildAssetGraph,
  defineAsset,
  ensureWorkerSchema,
  makeTaskList,
  startRun,
  type AssetContext,
  type MaterialiseResult,
  type PipelineDeps,
} from '../pipelines/index.ts';
import { parseSettings } from '../platform/index.ts';

let db: TestDatabase;
let home: ReturnType<typeof makeTestHome>;

beforeAll(async () => {
  db = await makeTestDatabase();
  home = makeTestHome();
  await ensureWorkerSchema(db.pool);
});
afterAll(async () => {
  await db.drop();
  home.remove();
});

/** A graph of `toy/top` → `toy/below` (or `toy/top` alone), where `toy/top` runs `materialise`. */
function deps(materialise: (context: AssetContext) => Promise<MaterialiseResult>, below = true): PipelineDeps {
  const asset = (key: string, deps: string[], run: typeof materialise = async () => ({ rows: 1 })) =>
    defineAsset({ key, deps, partitions: 'daily', codeVersion: '1', checks: [], materialise: run });
  return {
    graph: buildAssetGraph([asset('toy/top', [], materialise), ...(below ? [asset('toy/below', ['toy/top'])] : [])]),
    pool: db.pool,
    paths: home,
    settings: parseSettings({}),
  };
}

/** Runs the `materialise` task of `toy/top` as graphile-worker would, on attempt `attempts` of 3. */
async function runTop(pipeline: PipelineDeps, runId: string, partition: string, attempts: number) {
  const helpers = { job: { attempts, max_attempts: 3, locked_by: 'pool-under-test' } } as unknown as JobHelpers;
  return makeTaskList(pipeline).materialise!({ runId, asset: 'toy/top', partition }, helpers);
}

const rowsOf = async (runId: string) =>
  (
    await db.pool.query<{ asset_key: string; status: string; error: string | null }>(
      'select asset_key, status, error from pipelines.materialisations where run_id = $1 order by id',
      [runId],
    )
  ).rows;
const runStatus = async (runId: string) =>
  (await db.pool.query<{ status: string }>('select status from pipelines.runs where id = $1', [runId])).rows[0]!.status;

describe('status writes follow the state tables', () => {
  it('leaves an attempt the sweep gave up as it is when its paused worker then fails, and fails nothing below', async () => {
    const pipeline: PipelineDeps = deps(async (context) => {
      // what the sweep does to the attempt of a worker that missed its heartbeats for a lease
      await db.pool.query(
        `update pipelines.materialisations set status = 'retrying', error = 'interrupted: test' where id = $1`,
        [context.materialisationId],
      );
      throw new Error('the DuckDB file went away');
    });
    const runId = await startRun(pipeline, { partition: '2027-03-01', trigger: 'manual' });
    await expect(runTop(pipeline, runId, '2027-03-01', 3)).rejects.toMatchObject({ code: 'attempt_taken_over' });
    expect(await rowsOf(runId)).toEqual([{ asset_key: 'toy/top', status: 'retrying', error: 'interrupted: test' }]);
    expect(await runStatus(runId)).toBe('running');
  });

  it('enqueues nothing more for a run that a newer run of the partition superseded while an asset ran', async () => {
    let newer: string | undefined;
    const pipeline: PipelineDeps = deps(async () => {
      newer = await startRun(pipeline, { partition: '2027-03-02', trigger: 'manual' });
      return { rows: 1 };
    });
    const older = await startRun(pipeline, { partition: '2027-03-02', trigger: 'manual' });
    await runTop(pipeline, older, '2027-03-02', 1);
    expect(await runStatus(older)).toBe('failed');
    expect(await runStatus(newer!)).toBe('running');
    // the older run's attempt is recorded, but nothing below it is enqueued for the older run
    expect(await rowsOf(older)).toEqual([{ asset_key: 'toy/top', status: 'succeeded', error: null }]);
    const { rows: jobs } = await db.pool.query<{ payload: { runId: string; asset: string } }>(
      `select j.payload from graphile_worker._private_jobs j where j.key like 'mat:toy/%:2027-03-02'`,
    );
    expect(jobs.map((job) => job.payload)).toEqual([{ runId: newer, asset: 'toy/top', partition: '2027-03-02' }]);
  });

  it('does not close again, as succeeded, a run superseded while its last asset ran', async () => {
    let newer: string | undefined;
    const pipeline: PipelineDeps = deps(async () => {
      newer = await startRun(pipeline, { partition: '2027-03-03', trigger: 'manual' });
      return { rows: 1 };
    }, false);
    const older = await startRun(pipeline, { partition: '2027-03-03', trigger: 'manual' });
    await runTop(pipeline, older, '2027-03-03', 1);
    expect(await rowsOf(older)).toEqual([{ asset_key: 'toy/top', status: 'succeeded', error: null }]);
    expect(await runStatus(older)).toBe('failed');
    expect(await runStatus(newer!)).toBe('running');
  });
});
