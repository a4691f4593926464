/**
 * The first wall of the sandbox: a DuckDB instance that can read only the given folders, cannot reach the
 * network or any other file, cannot install or load extensions, and cannot be reconfigured by the SQL it runs.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import type { ViewSpec } from './protocol.ts';

/** A SQL string literal. */
export const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;
const withSlash = (dir: string): string => (dir.endsWith('/') ? dir : `${dir}/`);

export interface LockedInstanceSpec {
  views: readonly ViewSpec[];
  /** Release folders the views read. */
  readDirs: readonly string[];
  /** Private spill folder (created). */
  tempDir: string;
  /** A folder the instance may also write to (a query's own result), or null. */
  writeDir: string | null;
  memoryLimit: string;
  threads: number;
}

/** Opens the instance and creates one view per dataset, then locks the configuration. */
export async function openLocked(spec: LockedInstanceSpec): Promise<{ instance: DuckDBInstance; tempDir: string }> {
  mkdirSync(spec.tempDir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    temp_directory: spec.tempDir,
    memory_limit: spec.memoryLimit,
    threads: String(spec.threads),
  });
  const connection = await instance.connect();
  const allowed = [...spec.readDirs, spec.tempDir, ...(spec.writeDir ? [spec.writeDir] : [])];
  await connection.run(`set allow_community_extensions = false`);
  await connection.run(`set allowed_directories = [${allowed.map((d) => quote(withSlash(d))).join(', ')}]`);
  await connection.run(`set enable_external_access = false`);
  for (const view of spec.views) {
    await connection.run(
      `create view "${view.name}" as select * from read_parquet([${view.files.map(quote).join(', ')}])`,
    );
  }
  await connection.run(`set lock_configuration = true`);
  connection.closeSync();
  return { instance, tempDir: spec.tempDir };
}
