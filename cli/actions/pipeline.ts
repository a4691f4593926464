/** The work of `sdf pipeline run|backfill|status|graph` (see `commands/pipeline.ts`). */
import { UsageError } from '../../platform/index.ts';
import {
  backfill,
  facilityGraph,
  formatAssetGraph,
  assetGraphDot,
  latestPerAssetPartition,
  parsePartition,
  runPipeline,
  yesterdayUtc,
  type RunOutcome,
  type PipelineConfig,
} from '../../pipelines/index.ts';
import { withFacility } from '../facility.ts';
import { makeProgress } from '../progress.ts';

function parseConfig(options: { k?: string }): Partial<PipelineConfig> {
  if (options.k === undefined) return {};
  const k = Number(options.k);
  if (!Number.isInteger(k) || k < 2) throw new UsageError(`--k must be an integer ≥ 2, got "${options.k}"`);
  return { k };
}

function date(value: string, field: string): string {
  try {
    return parsePartition(value, field);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Prints a run's outcome; a failed or blocked asset makes the command fail (exit 1). */
function report(outcome: RunOutcome): void {
  const lines = outcome.materialisations
    .sort((a, b) => a.asset_key.localeCompare(b.asset_key))
    .map(
      (m) =>
        `  ${m.status.padEnd(15)} ${m.asset_key.padEnd(34)} ${String(m.row_count ?? '').padStart(10)}${m.reused_from ? '  (reused)' : ''}${m.error ? `  ${m.error}` : ''}`,
    );
  process.stdout.write(
    `run ${outcome.runId} for ${outcome.partition}: ${outcome.status} in ${outcome.seconds.toFixed(1)} s\n${lines.join('\n')}\n`,
  );
  if (outcome.status !== 'succeeded')
    throw new Error(`pipeline run ${outcome.runId} for ${outcome.partition} ${outcome.status}`);
}

export async function run(options: { date?: string; k?: string; force?: boolean }): Promise<void> {
  const partition = date(options.date ?? yesterdayUtc(), '--date');
  const config = parseConfig(options);
  await withFacility(async (facility) => {
    report(
      await runPipeline({
        pool: facility.pool,
        paths: facility.paths,
        settings: facility.settings,
        date: partition,
        config,
        force: options.force ?? false,
        progress: makeProgress(),
      }),
    );
  });
}

export async function backfillRange(options: { from: string; to: string; k?: string }): Promise<void> {
  const from = date(options.from, '--from');
  const to = date(options.to, '--to');
  if (to < from) throw new UsageError('--to is before --from');
  await withFacility(async (facility) => {
    const outcomes = await backfill({
      pool: facility.pool,
      paths: facility.paths,
      settings: facility.settings,
      from,
      to,
      config: parseConfig(options),
      progress: makeProgress(),
    });
    let failed = 0;
    for (const outcome of outcomes) {
      try {
        report(outcome);
      } catch {
        failed += 1;
      }
    }
    if (failed > 0) throw new Error(`${failed} of ${outcomes.length} partitions did not succeed`);
  });
}

export async function status(options: { partitions: string; json?: boolean }): Promise<void> {
  await withFacility(async (facility) => {
    const rows = await latestPerAssetPartition(facility.pool, Number(options.partitions) || 3);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    if (rows.length === 0) {
      process.stdout.write('no materialisations yet: run `sdf pipeline run`\n');
      return;
    }
    const lines = rows.map(
      (m) =>
        `${m.partition}  ${m.status.padEnd(15)} ${m.asset_key.padEnd(34)} ${String(m.row_count ?? '').padStart(10)}  run ${m.run_id}${m.error ? `  ${m.error}` : ''}`,
    );
    process.stdout.write(
      `partition   status          asset                                    rows\n${lines.join('\n')}\n`,
    );
  });
}

export function graph(options: { dot?: boolean }): void {
  const assets = facilityGraph();
  process.stdout.write(`${options.dot ? assetGraphDot(assets) : formatAssetGraph(assets)}\n`);
}
