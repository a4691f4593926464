/**
 * The pipelines' own DuckDB instance (separate from the enclave's), one per process, spilling to
 * `$SDF_HOME/tmp/duckdb-pipelines-<pid>`. `SDF_PIPELINE_MEMORY` caps its memory (default 4GB).
 */
import { mkdirSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { SdfPaths, Settings } from '../../platform/index.ts';

/** `SDF_PIPELINE_MEMORY` and `SDF_PIPELINE_THREADS`, fixed by the first connection of the process. */
type DuckLimits = Pick<Settings['pipeline'], 'memory' | 'threads'>;
import { spillDirectory } from './scratch.ts';

const instances = new Map<string, Promise<DuckDBInstance>>();

function instanceFor(paths: SdfPaths, limits: DuckLimits): Promise<DuckDBInstance> {
  let instance = instances.get(paths.home);
  if (!instance) {
    const tempDirectory = spillDirectory(paths);
    mkdirSync(tempDirectory, { recursive: true });
    instance = DuckDBInstance.create(':memory:', {
      temp_directory: tempDirectory,
      memory_limit: limits.memory,
      threads: String(limits.threads),
      preserve_insertion_order: 'false',
    });
    instances.set(paths.home, instance);
  }
  return instance;
}

/** A fresh connection on the process's pipeline DuckDB; close it with `closeSync()` when done. */
export async function connectDuck(paths: SdfPaths, limits: DuckLimits): Promise<DuckDBConnection> {
  return (await instanceFor(paths, limits)).connect();
}

/** Runs a query and returns its rows as plain objects (bigints turned into numbers when they fit). */
export async function queryRows<T = Record<string, unknown>>(connection: DuckDBConnection, sql: string): Promise<T[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) => {
    const plain: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      plain[key] = typeof value === 'bigint' && Number.isSafeInteger(Number(value)) ? Number(value) : value;
    }
    return plain as T;
  });
}

export { sqlString, sqlIdent } from '../../platform/index.ts';
