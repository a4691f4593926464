/**
 * Pipelines: the dagster-style asset graph on graphile-worker that extracts, links, anonymises, checks and
 * publishes the research releases, the synthetic twins and the dashboards.
 */
import { migrationSet } from '../platform/index.ts';

export const migrations = migrationSet('pipelines', import.meta.url);

export { runPipeline, backfill, startFacilityWorker, facilityDeps, type RunPipelineOptions } from './facility.ts';
export { facilityGraph, ASSETS } from './assets/index.ts';
export { defineAsset, buildAssetGraph, descendants, formatAssetGraph, assetGraphDot, type AssetGraph } from './framework/define.ts';
export { parsePartition, partitionRange, yesterdayUtc, addDays } from './framework/partitions.ts';
export {
  startRun,
  runPartition,
  startWorker,
  waitForRun,
  makeTaskList,
  ensureWorkerSchema,
  NIGHTLY_CRON,
  type RunOutcome,
  type RunTrigger,
  type StartRunOptions,
  type ProgressLike,
  type WorkerOptions,
} from './framework/runner.ts';
export { pipelineWorkerName, sweepDeadWorkers, type SweepResult } from './framework/worker-lease.ts';
export { pipelineFigures, type PipelineFigures } from './db/figures.ts';
export { latestPerAssetPartition, checksOf, type DbMaterialisation, type DbRun } from './db/runs.ts';
export type { PipelineDeps } from './framework/materialise.ts';
export type * from './types.ts';
export { DEFAULT_CONFIG } from './types.ts';
export { DATASETS } from './datasets/index.ts';
export { INDICATORS, dashAsset, protectForRelease, dashboardReleaseId, dashboardLedgerId, indicatorEpsilon } from './assets/dash.ts';
/** @internal the scratch sweep, for tests of what a killed run leaves behind. */
export { sweepScratch } from './framework/scratch.ts';
