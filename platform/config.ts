/**
 * Where the facility keeps its files, and how it finds its control plane.
 * Everything is derived from environment variables so that one process tree shares one view.
 */
import { resolve, join } from 'node:path';

export interface SdfPaths {
  /** `$SDF_HOME` (default `./.sdf`). */
  home: string;
  /** Embedded PostgreSQL data directory. */
  pg: string;
  /** Native drops of the source registries (e.g. health CSVs). */
  sources: string;
  /** Raw extracts: never visible to the enclave. */
  raw: string;
  /** Published releases: `releases/<dataset>/<version>/*.parquet`. */
  releases: string;
  /** Staging area for releases being written and checked. */
  staging: string;
  /** Results of queries held inside the facility. */
  results: string;
  /** Secret keys (0700 directory, 0600 files). */
  keys: string;
  /** Scratch space (DuckDB temp directories and similar). */
  tmp: string;
}

export function sdfHome(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.SDF_HOME ?? '.sdf');
}

export function sdfPaths(home: string = sdfHome()): SdfPaths {
  return {
    home,
    pg: join(home, 'pg'),
    sources: join(home, 'sources'),
    raw: join(home, 'data', 'raw'),
    releases: join(home, 'data', 'releases'),
    staging: join(home, 'data', 'staging'),
    results: join(home, 'data', 'results'),
    keys: join(home, 'keys'),
    tmp: join(home, 'tmp'),
  };
}

/** HTTP port of the enclave API (`PORT`, default 8080). */
export function httpPort(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PORT ?? '8080';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got "${raw}"`);
  }
  return port;
}
