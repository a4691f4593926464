/**
 * The facility's pipeline, wired to its asset graph: what `sdf pipeline …`, `sdf worker` and `sdf demo` call.
 */
import type pg from 'pg';
import { parseSettings, type SdfPaths, type Settings } from '../platform/index.ts';
import { facilityGraph } from './assets/index.ts';
import {
  runPartition,
  startWorker,
  ensureWorkerSchema,
  type RunOutcome,
  type ProgressLike,
  type WorkerOptions,
} from './framework/runner.ts';
import { partitionRange, yesterdayUtc } from './framework/partitions.ts';
import type { PipelineDeps } from './framework/materialise.ts';
import type { PipelineConfig } from './types.ts';

export interface RunPipelineOptions {
  pool: pg.Pool;
  paths: SdfPaths;
  /** The facility's settings (default: parsed from the environment here). */
  settings?: Settings;
  /** Kept for callers that pass it; the worker uses `pool`. */
  databaseUrl?: string;
  /** Partition (default: yesterday, UTC). */
  date?: string;
  progress?: ProgressLike;
  config?: Partial<PipelineConfig>;
  force?: boolean;
  trigger?: 'manual' | 'backfill';
  concurrency?: number;
}

export function facilityDeps(pool: pg.Pool, paths: SdfPaths, settings: Settings): PipelineDeps {
  return { graph: facilityGraph(), pool, paths, settings };
}

/** Runs the nightly graph for one partition to completion in this process (what `sdf demo` calls). */
export async function runPipeline(options: RunPipelineOptions): Promise<RunOutcome> {
  return runPartition(facilityDeps(options.pool, options.paths, options.settings ?? parseSettings()), {
    partition: options.date ?? yesterdayUtc(),
    trigger: options.trigger ?? 'manual',
    ...(options.config ? { config: options.config } : {}),
    ...(options.force ? { force: true } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  });
}

/** Runs partitions `from`…`to` one after another (each needs the previous for incremental extracts). */
export async function backfill(
  options: Omit<RunPipelineOptions, 'date'> & { from: string; to: string },
): Promise<RunOutcome[]> {
  const outcomes: RunOutcome[] = [];
  for (const date of partitionRange(options.from, options.to)) {
    outcomes.push(await runPipeline({ ...options, date, trigger: 'backfill' }));
  }
  return outcomes;
}

/**
 * `sdf worker`: the graphile-worker for the facility graph with the nightly cron, registered as a live pipeline
 * worker (a killed one's run is taken over by the others); stop it with `runner.stop()`.
 */
export async function startFacilityWorker(
  pool: pg.Pool,
  paths: SdfPaths,
  concurrency = 2,
  options: Pick<WorkerOptions, 'leaseMs' | 'stats'> & { settings?: Settings } = {},
) {
  await ensureWorkerSchema(pool);
  const { settings = parseSettings(), ...workerOptions } = options;
  return startWorker(facilityDeps(pool, paths, settings), { ...workerOptions, concurrency, cron: true });
}
