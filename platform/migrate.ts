/**
 * Forward-only migrations, one set per module: `<module>/migrations/NNN_name.sql`, each run in its own
 * transaction and recorded in `sdf_meta.migrations`. An advisory lock serialises concurrent migrators.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';

export interface MigrationSet {
  /** Module name, e.g. `catalog`. */
  module: string;
  /** Directory holding `NNN_name.sql` files. */
  dir: string;
}

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{3,})_([a-z0-9_-]+)\.sql$/;
const MIGRATION_LOCK = 73_910_001;

export function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((name) => name.endsWith('.sql'));
  const migrations = files.map((file) => {
    const match = MIGRATION_FILE.exec(file);
    if (!match) throw new Error(`migration file name must look like 001_name.sql: ${join(dir, file)}`);
    return { version: Number(match[1]), name: match[2]!, sql: readFileSync(join(dir, file), 'utf8') };
  });
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migrations in ${dir} must be numbered 1, 2, 3… without gaps; found ${migration.version}`);
    }
  });
  return migrations;
}

/** Applies every pending migration of every set, in order. Returns the applied `module:version` list. */
export async function migrate(pool: pg.Pool, sets: readonly MigrationSet[]): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`create schema if not exists sdf_meta;
      create table if not exists sdf_meta.migrations (
        module text not null, version int not null, name text not null,
        applied_at timestamptz not null default now(), primary key (module, version))`);
    for (const set of sets) {
      const done = await client.query<{ version: number }>(
        'select version from sdf_meta.migrations where module = $1',
        [set.module],
      );
      const doneVersions = new Set(done.rows.map((row) => row.version));
      for (const migration of readMigrations(set.dir)) {
        if (doneVersions.has(migration.version)) continue;
        await client.query('begin');
        try {
          // Recorded first, so a concurrent migrator without the lock would fail on the primary key.
          await client.query('insert into sdf_meta.migrations (module, version, name) values ($1, $2, $3)', [
            set.module,
            migration.version,
            migration.name,
          ]);
          await client.query(migration.sql);
          await client.query('commit');
          applied.push(`${set.module}:${migration.version}`);
        } catch (error) {
          await client.query('rollback');
          throw new Error(
            `migration ${set.module}/${migration.version}_${migration.name} failed: ${(error as Error).message}`,
          );
        }
      }
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return applied;
}
