/**
 * Atomic publication: a release is written and checked under `data/staging/<dataset>/<version>/`, then, in ONE
 * Postgres transaction, the staged folder is renamed into `data/releases/<dataset>/<version>/` and the
 * catalog's current version flipped. A crash before the commit leaves the previous release serving (an
 * unreferenced folder at worst, replaced by the next attempt); a rerun of a version already current is a no-op.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type pg from 'pg';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  getCurrentVersion,
  publishVersion,
  upsertDataset,
  type DatasetInput,
  type Provenance,
  type VersionFile,
  type VersionKind,
  type VariableSummary,
} from '../../catalog/index.ts';
import type { SdfPaths } from '../../platform/index.ts';
import { queryRows, sqlString } from '../framework/duck.ts';

export interface StagedVersion {
  datasetId: string;
  kind: VersionKind;
  version: string;
  /** Relative to the releases root and to the staging root alike: `<dataset>/<version>` (synthetic: `<dataset>/synthetic/<version>`). */
  path: string;
  stagingDir: string;
}

export function stageVersion(paths: SdfPaths, datasetId: string, kind: VersionKind, version: string): StagedVersion {
  const path = kind === 'anon' ? join(datasetId, version) : join(datasetId, 'synthetic', version);
  const stagingDir = join(paths.staging, path);
  rmSync(stagingDir, { recursive: true, force: true });
  mkdirSync(stagingDir, { recursive: true });
  return { datasetId, kind, version, path, stagingDir };
}

/** KV metadata every published Parquet file carries. */
export function kvMetadataSql(values: Record<string, string>): string {
  return `{${Object.entries(values)
    .map(([k, v]) => `${k}: ${sqlString(v)}`)
    .join(', ')}}`;
}

/** `COPY (query) TO <staging>/part-0.parquet (zstd, KV metadata)`; returns the file path. */
export async function writeStagedParquet(
  duck: DuckDBConnection,
  staged: StagedVersion,
  query: string,
  metadata: Record<string, string>,
): Promise<string> {
  const file = join(staged.stagingDir, 'part-0.parquet');
  await duck.run(`copy (${query}) to ${sqlString(file)}
    (format parquet, compression zstd, kv_metadata ${kvMetadataSql(metadata)})`);
  return file;
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function describeFiles(duck: DuckDBConnection, dir: string): Promise<VersionFile[]> {
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.parquet'))
    .sort();
  const files: VersionFile[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const [row] = await queryRows<{ n: number }>(
      duck,
      `select count(*)::bigint as n from read_parquet(${sqlString(file)})`,
    );
    files.push({ name, sha256: await sha256(file), bytes: statSync(file).size, rows: row?.n ?? 0 });
  }
  return files;
}

export interface PublishInput {
  staged: StagedVersion;
  dataset: DatasetInput;
  files: VersionFile[];
  k: number | null;
  provenance: Provenance;
  summaries?: Record<string, VariableSummary>;
}

/** Renames the staged folder into the releases and flips the catalog, in one transaction. */
export async function publishStaged(
  pool: pg.Pool,
  paths: SdfPaths,
  input: PublishInput,
): Promise<{ versionId: string; alreadyCurrent: boolean }> {
  const { staged } = input;
  const target = join(paths.releases, staged.path);
  const client = await pool.connect();
  let renamed = false;
  try {
    await client.query('begin');
    await upsertDataset(client, input.dataset);
    // Read through the catalog's API, inside this transaction: the catalog's tables are the catalog's.
    const current = await getCurrentVersion(client, paths.releases, staged.datasetId, staged.kind);
    if (current?.version === staged.version && existsSync(target)) {
      await client.query('commit');
      rmSync(staged.stagingDir, { recursive: true, force: true });
      return { versionId: current.versionId, alreadyCurrent: true };
    }
    // a folder here that the catalog does not serve is the leftover of a crashed attempt
    rmSync(target, { recursive: true, force: true });
    mkdirSync(dirname(target), { recursive: true });
    renameSync(staged.stagingDir, target);
    renamed = true;
    const versionId = await publishVersion(client, {
      datasetId: staged.datasetId,
      kind: staged.kind,
      version: staged.version,
      path: staged.path,
      files: input.files,
      rowCount: input.files.reduce((total, file) => total + file.rows, 0),
      k: input.k,
      provenance: input.provenance,
      ...(input.summaries ? { summaries: input.summaries } : {}),
    });
    await client.query('commit');
    return { versionId, alreadyCurrent: false };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    if (renamed) rmSync(target, { recursive: true, force: true });
    throw error;
  } finally {
    client.release();
  }
}
