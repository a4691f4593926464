/**
 * `raw/<source>` assets: extract the rows changed since the previous extracted partition (first run: all
 * history), validate them, write the valid ones to `$SDF_HOME/data/raw/<source>/dt=<partition>/part.parquet`
 * and quarantine the rest. Raw extracts are never published and never visible to the enclave.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { defineAsset } from '../framework/define.ts';
import { addDays } from '../framework/partitions.ts';
import { extractScratchFile } from '../framework/scratch.ts';
import { sqlIdent, sqlString } from '../framework/duck.ts';
import {
  dciPagesRelation,
  loadFromPostgres,
  loadHealthCsv,
  type ExtractWindow,
  type LoadedSource,
} from '../extract/connectors.ts';
import { searchWindow } from '../extract/dci.ts';
import { validateAndWrite } from '../extract/validate.ts';
import { SOURCES, EDUCATION, type SourceSpec } from '../extract/sources.ts';
import { openEducationRegistry } from '../adapters/education-registry.ts';
import { quarantineRateCheck } from '../checks/quarantine.ts';
import type { AssetContext, AssetDefinition } from '../types.ts';

export const RAW_CODE_VERSION = '1';
export const DCI_PURPOSE = 'Statistical research on education outcomes of social grant recipients (POPIA s.27(1)(d))';

export function rawDir(context: Pick<AssetContext, 'paths'>, source: string): string {
  return join(context.paths.raw, source);
}

/** The newest version of every record of a source as of the partition (latest `updated_at` per key wins). */
export function rawSnapshotSql(context: Pick<AssetContext, 'paths'>, spec: SourceSpec, partition: string): string {
  return rawSnapshot(context, spec, partition).sql;
}

/** The snapshot query, and whether it is a plain read of one file (cheap enough to reference as a view). */
export function rawSnapshot(
  context: Pick<AssetContext, 'paths'>,
  spec: SourceSpec,
  partition: string,
): { sql: string; plainFile: boolean } {
  const partitions = existsSync(rawDir(context, spec.name))
    ? readdirSync(rawDir(context, spec.name)).filter(
        (d) =>
          d.startsWith('dt=') &&
          d.slice(3) <= partition &&
          existsSync(join(rawDir(context, spec.name), d, 'part.parquet')),
      )
    : [];
  // one extract so far: its keys are unique (duplicates were quarantined), so no window over all rows is needed
  if (partitions.length === 1) {
    return {
      sql: `(select * from read_parquet(${sqlString(join(rawDir(context, spec.name), partitions[0]!, 'part.parquet'))}))`,
      plainFile: true,
    };
  }
  const glob = join(rawDir(context, spec.name), 'dt=*', 'part.parquet');
  const key = spec.key.map(sqlIdent).join(', ');
  const sql = `(select * exclude (dt, _rn) from (
      select *, row_number() over (partition by ${key} order by updated_at desc) as _rn
        from read_parquet(${sqlString(glob)}, hive_partitioning = true, hive_types = {'dt': varchar})
       where dt <= ${sqlString(partition)}) where _rn = 1)`;
  return { sql, plainFile: false };
}

async function load(context: AssetContext, spec: SourceSpec, window: ExtractWindow): Promise<LoadedSource> {
  if (spec.connector === 'postgres') return loadFromPostgres(context.pool, context.paths, spec, window);
  if (spec.connector === 'health_csv') return loadHealthCsv(context.duck, context.paths, spec, window);
  return loadEducation(context, spec, window);
}

async function loadEducation(context: AssetContext, spec: SourceSpec, window: ExtractWindow): Promise<LoadedSource> {
  const registry = await openEducationRegistry(context.pool, context.paths, context.settings.dci);
  // each page's envelope goes to disk as it arrives (one per line); DuckDB reads the records out of them
  const file = extractScratchFile(context.paths, spec.name, 'ndjson');
  const fd = openSync(file, 'w');
  let longestLine = 0;
  try {
    const result = await (async () => {
      try {
        return await searchWindow(
          context.pool,
          {
            url: registry.url,
            sign: registry.sign,
            senderId: 'sdf-pipelines',
            receiverId: 'education-registry',
            purpose: DCI_PURPOSE,
            pageSize: context.settings.dci.pageSize,
          },
          window,
          context.partition,
          (page) => {
            longestLine = Math.max(longestLine, Buffer.byteLength(page.text));
            writeSync(fd, `${page.text}\n`);
          },
        );
      } finally {
        closeSync(fd);
        await registry.close();
      }
    })();
    return {
      relation: dciPagesRelation(spec, file, longestLine),
      cleanup: async () => rmSync(file, { force: true }),
      broken: [],
      details: {
        connector: 'dci',
        fetched: result.records,
        pages: result.pages,
        slices: result.slices,
        ignoredResponses: result.ignoredResponses,
        purpose: DCI_PURPOSE,
      },
    };
  } catch (error) {
    rmSync(file, { force: true });
    throw error;
  }
}

/** The raw asset of one source. */
export function rawAsset(spec: SourceSpec): AssetDefinition {
  return defineAsset({
    key: `raw/${spec.name}`,
    deps: [],
    partitions: 'daily',
    codeVersion: RAW_CODE_VERSION,
    description: `extract of ${spec.name} (${spec.connector}), validated; invalid rows quarantined`,
    checks: [quarantineRateCheck],
    async materialise(context) {
      const window: ExtractWindow = {
        from: context.previous ? addDays(context.previous.partition, 1) : null,
        to: addDays(context.partition, 1),
      };
      const started = performance.now();
      const loaded = await load(context, spec, window);
      const loadMs = Math.round(performance.now() - started);
      const dir = join(rawDir(context, spec.name), `dt=${context.partition}`);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'part.parquet');
      const temp = `${file}.${context.materialisationId}.tmp`;
      const outcome = await validateAndWrite(context.duck, context.pool, {
        spec,
        incoming: loaded.relation,
        broken: loaded.broken,
        partition: context.partition,
        partitionEnd: window.to,
        outputFile: temp,
        materialisationId: context.materialisationId,
      }).finally(() => loaded.cleanup());
      renameSync(temp, file);
      return {
        rows: outcome.valid,
        metadata: {
          window,
          file,
          quarantined: outcome.quarantined,
          reasons: outcome.reasons,
          legalBasis: spec.legalBasis,
          ...loaded.details,
          steps: { loadMs, ...outcome.steps },
        },
      };
    },
  });
}

export const RAW_ASSETS: readonly AssetDefinition[] = SOURCES.map(rawAsset);
export { EDUCATION };
