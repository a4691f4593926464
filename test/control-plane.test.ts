import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync, existsSync, chmodSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import { startControlPlane, readMigrations, allowTraversal } from '../platform/index.ts';
import { MIGRATION_SETS } from '../cli/index.ts';
import { makeTestDatabase } from './helpers.ts';

function postgresProcessesUnder(dir: string): number {
  const out = execSync('ps -eo args', { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(dir) && line.includes('postgres')).length;
}

describe('control plane', () => {
  it('starts an embedded PostgreSQL (as root when run as root), keeps data across restarts, and leaves no process behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdf-cp-'));
    chmodSync(dir, 0o755);
    const pgDir = join(dir, 'pg');
    try {
      const first = await startControlPlane({ pgDir });
      expect(first.embedded).toBe(true);
      await first.pool.query('create table kept (x int); insert into kept values (42)');
      await first.stop();
      expect(postgresProcessesUnder(pgDir)).toBe(0);
      expect(existsSync(join(pgDir, 'PG_VERSION'))).toBe(true);

      const second = await startControlPlane({ pgDir });
      const { rows } = await second.pool.query<{ x: number }>('select x from kept');
      expect(rows).toEqual([{ x: 42 }]);
      await second.stop();
      expect(postgresProcessesUnder(pgDir)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('only adds the traverse bit on the way to the data directory and leaves /tmp as it was', () => {
    const tmpModeBefore = statSync(tmpdir()).mode & 0o7777;
    const dir = mkdtempSync(join(tmpdir(), 'sdf-perm-'));
    const nested = join(dir, 'a', 'b');
    mkdirSync(nested, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    try {
      allowTraversal(nested);
      expect(statSync(nested).mode & 0o7777).toBe(0o701);
      expect(statSync(dir).mode & 0o7777).toBe(0o701);
      expect(statSync(tmpdir()).mode & 0o7777).toBe(tmpModeBefore);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies every module migration once and records it', async () => {
    const db = await makeTestDatabase();
    try {
      const { rows } = await db.pool.query<{ module: string; version: number }>(
        'select module, version from sdf_meta.migrations order by module, version',
      );
      const expected = MIGRATION_SETS.flatMap((set) =>
        readMigrations(set.dir).map((m) => ({ module: set.module, version: m.version })),
      ).sort((a, b) => a.module.localeCompare(b.module) || a.version - b.version);
      expect(rows).toEqual(expected);
    } finally {
      await db.drop();
    }
  });
});
