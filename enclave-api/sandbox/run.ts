/** Mounting releases as views and running SQL over them in the sandbox — what the query job and output checks call. */
import { join } from 'node:path';
import type { CurrentRelease } from '../../catalog/index.ts';
import type { PinnedRelease, SandboxResult } from '../types.ts';
import type { SandboxLimits, ViewSpec } from './protocol.ts';
import { SandboxPool } from './pool.ts';

/** One view per release, named after its dataset, over exactly the release's files. */
export function viewsFor(releases: readonly CurrentRelease[]): { views: ViewSpec[]; readDirs: string[] } {
  return {
    views: releases.map((r) => ({ name: r.datasetId, files: r.files.map((f) => join(r.dir, f.name)) })),
    readDirs: releases.map((r) => r.dir),
  };
}

/** The exact versions and file hashes a query read. */
export function pinReleases(releases: readonly CurrentRelease[]): PinnedRelease[] {
  return releases.map((r) => ({
    datasetId: r.datasetId,
    versionId: String(r.versionId),
    version: r.version,
    kind: r.kind,
    files: r.files.map((f) => ({ name: f.name, sha256: f.sha256 })),
  }));
}

export interface SandboxedQuery {
  sql: string;
  /** Releases to mount as views (from `getCurrentRelease`). */
  releases: readonly CurrentRelease[];
  /** Write the result to this Parquet file instead of returning rows; its folder must exist. */
  outputPath?: string | null;
  limits?: Partial<SandboxLimits>;
}

/**
 * Runs one SELECT over the given releases in a sandbox worker. The SQL is checked again inside the worker; a
 * refusal rejects with an `SdfError` of status 422 and a `sql_*` code.
 */
export function runSandboxedQuery(sandbox: SandboxPool, query: SandboxedQuery): Promise<SandboxResult> {
  return sandbox.run({ sql: query.sql, ...viewsFor(query.releases), outputPath: query.outputPath ?? null, limits: query.limits });
}

let shared: SandboxPool | null = null;

/**
 * The process-wide sandbox pool (created on first use). `SDF_SANDBOX_WORKERS` (default 2),
 * `SDF_QUERY_TIMEOUT_MS` (30000), `SDF_QUERY_MEMORY` ('1GB'), `SDF_QUERY_MAX_ROWS` (10000) tune it.
 */
export function sharedSandbox(tmpRoot: string): SandboxPool {
  shared ??= new SandboxPool({ tmpRoot, size: envNumber('SDF_SANDBOX_WORKERS', 2), limits: limitsFromEnv() });
  return shared;
}

/** Closes the process-wide pool, if one was started. */
export async function closeSharedSandbox(): Promise<void> {
  const pool = shared;
  shared = null;
  await pool?.close();
}

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function limitsFromEnv(): Partial<SandboxLimits> {
  return {
    timeoutMs: envNumber('SDF_QUERY_TIMEOUT_MS', 30_000),
    maxRows: envNumber('SDF_QUERY_MAX_ROWS', 10_000),
    threads: envNumber('SDF_QUERY_THREADS', 2),
    ...(process.env.SDF_QUERY_MEMORY ? { memoryLimit: process.env.SDF_QUERY_MEMORY } : {}),
  };
}
