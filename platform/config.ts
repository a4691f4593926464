/**
 * Where the facility keeps its files, and how it finds its control plane.
 * Everything is derived from environment variables so that one process tree shares one view.
 */
import { join } from 'node:path';
import { parseSettingsGroup } from './settings.ts';

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
  return parseSettingsGroup('storage', env).home;
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
  return parseSettingsGroup('http', env).port;
}
