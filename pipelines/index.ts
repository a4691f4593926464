/**
 * Pipelines: the dagster-style asset graph on graphile-worker that extracts, links, anonymises, checks and
 * publishes the research releases.
 */
import { migrationSet } from '../platform/index.ts';

export const migrations = migrationSet('pipelines', import.meta.url);

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
} from './framework/runner.ts';
export type { PipelineDeps } from './framework/materialise.ts';
export type * from './types.ts';
export { DEFAULT_CONFIG } from './types.ts';
