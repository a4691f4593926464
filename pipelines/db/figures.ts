/**
 * Figures of the pipeline workers for `/metrics`, read from PostgreSQL so that any API process answers for every
 * worker process: who is alive and what it last reported, runs by status, materialisations and their durations.
 */
import type pg from 'pg';
import { listWorkers, type DbWorker } from './workers.ts';

export interface PipelineFigures {
  workers: DbWorker[];
  runs: Array<{ status: string; n: number }>;
  /** Attempts started in the last 24 hours, by status (`retrying` includes attempts interrupted by a worker's loss). */
  materialisations: Array<{ status: string; n: number }>;
  /** Durations of attempts that ran (not reused) and succeeded in the last 7 days, by asset. */
  durations: Array<{ asset: string; n: number; p50: number; p95: number }>;
}

export async function pipelineFigures(db: pg.Pool | pg.PoolClient): Promise<PipelineFigures> {
  const [workers, runs, materialisations, durations] = await Promise.all([
    listWorkers(db),
    db.query<{ status: string; n: number }>('select status, count(*)::int as n from pipelines.runs group by 1'),
    db.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from pipelines.materialisations where started_at > now() - interval '1 day' group by 1`,
    ),
    db.query<{ asset: string; n: number; p50: number; p95: number }>(
      `select asset_key as asset, count(*)::int as n,
              percentile_cont(0.5) within group (order by seconds) as p50,
              percentile_cont(0.95) within group (order by seconds) as p95
         from pipelines.materialisations
        where status = 'succeeded' and reused_from is null and seconds is not null
          and finished_at > now() - interval '7 days'
        group by 1`,
    ),
  ]);
  return { workers, runs: runs.rows, materialisations: materialisations.rows, durations: durations.rows };
}
