/**
 * Shared test fixtures: a fresh database per test file on the run's one PostgreSQL server, with every module's
 * migrations applied, and a temporary `$SDF_HOME`.
 */
import { inject, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { makePool, migrate, sdfPaths, type SdfPaths } from '../platform/index.ts';
import { MIGRATION_SETS, runCli } from '../cli/index.ts';

export interface TestDatabase {
  pool: pg.Pool;
  databaseUrl: string;
  drop(): Promise<void>;
}

/** Creates an empty database with all migrations applied. */
export async function makeTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject('databaseUrl');
  const name = `sdf_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const pool = makePool(databaseUrl, 10);
  await migrate(pool, MIGRATION_SETS);
  return {
    pool,
    databaseUrl,
    async drop() {
      await pool.end();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** A temporary `$SDF_HOME` with its folder layout; `remove()` deletes it. */
export function makeTestHome(): SdfPaths & { remove(): void } {
  const home = mkdtempSync(join(tmpdir(), 'sdf-test-home-'));
  return { ...sdfPaths(home), remove: () => rmSync(home, { recursive: true, force: true }) };
}

/** Runs `sdf <args>` in this process and returns its exit code and what it wrote to stdout and stderr. */
export async function sdf(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    return { code: await runCli(args), out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}
