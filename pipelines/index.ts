/**
 * Pipelines: the dagster-style asset graph on graphile-worker that extracts, links, anonymises, checks and
 * publishes the research releases, the synthetic twins and the dashboards.
 */
import { migrationSet } from '../platform/index.ts';

export const migrations = migrationSet('pipelines', import.meta.url);

export { runPipeline, backfill, startFacilityWorker } from './facility.ts';
export { facilityGraph } from './assets/index.ts';
export { defineAsset, buildAssetGraph, formatAssetGraph, assetGraphDot } from './framework/define.ts';
export { parsePartition, yesterdayUtc, addDays } from './framework/partitions.ts';
export {
  startRun,
  runPartition,
  startWorker,
  waitForRun,
  makeTaskList,
  ensureWorkerSchema,
  NIGHTLY_CRON,
  type RunOutcome,
} from './framework/runner.ts';

export { pipelineFigures, type PipelineFigures } from './db/figures.ts';
export { latestPerAssetPartition } from './db/runs.ts';
export type { PipelineDeps } from './framework/materialise.ts';
export type * from './types.ts';
export { DEFAULT_CONFIG } from './types.ts';
export { DATASETS } from './datasets/index.ts';
export {
  INDICATORS,
  dashAsset,
  protectForRelease,
  dashboardReleaseId,
  dashboardLedgerId,
  indicatorEpsilon,
} from './assets/dash.ts';
/** @internal the scratch sweep, for tests of what a killed run leaves behind. */
export { sweepScratch } from './framework/scratch.ts';
