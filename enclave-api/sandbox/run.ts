/** Mounting releases as views and running SQL over them in the sandbox — what the query job and output checks call. */
import { join } from 'node:path';
import type { CurrentVersion } from '../../catalog/index.ts';
import type { PinnedVersion, SandboxResult } from '../types.ts';
import type { SandboxLimits, ViewSpec } from './protocol.ts';
import type { SandboxPool } from './pool.ts';

/** One view per release, named after its dataset, over exactly the release's files. */
export function viewsFor(releases: readonly CurrentVersion[]): { views: ViewSpec[]; readDirs: string[] } {
  return {
    views: releases.map((r) => ({ name: r.datasetId, files: r.files.map((f) => join(r.dir, f.name)) })),
    readDirs: releases.map((r) => r.dir),
  };
}

/** The exact versions and file hashes a query read. */
export function pinVersions(releases: readonly CurrentVersion[]): PinnedVersion[] {
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
  /** Releases to mount as views (from `getCurrentVersion`). */
  releases: readonly CurrentVersion[];
  /** Write the result to this Parquet file instead of returning rows; its folder must exist. */
  outputPath?: string | null;
  limits?: Partial<SandboxLimits>;
}

/**
 * Runs one SELECT over the given releases in a sandbox worker. The SQL is checked again inside the worker; a
 * refusal rejects with an `SdfError` of status 422 and a `sql_*` code.
 */
export function runSandboxedQuery(sandbox: SandboxPool, query: SandboxedQuery): Promise<SandboxResult> {
  return sandbox.run({
    sql: query.sql,
    ...viewsFor(query.releases),
    outputPath: query.outputPath ?? null,
    limits: query.limits,
  });
}
