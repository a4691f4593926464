/**
 * One embedded PostgreSQL for the whole test run, in a temporary directory, stopped at the end.
 * Test files get their own database from `makeTestDatabase()` (see `helpers.ts`).
 */
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startControlPlane, type ControlPlane } from '../platform/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

let controlPlane: ControlPlane | undefined;
let dir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.DATABASE_URL) {
    project.provide('databaseUrl', process.env.DATABASE_URL);
    return;
  }
  dir = mkdtempSync(join(tmpdir(), 'sdf-test-pg-'));
  chmodSync(dir, 0o755);
  controlPlane = await startControlPlane({ pgDir: join(dir, 'pg'), poolSize: 2 });
  project.provide('databaseUrl', controlPlane.databaseUrl);
}

export async function teardown(): Promise<void> {
  await controlPlane?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
