import { it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';

it('exits non-zero when a test fails, even with the embedded PostgreSQL of the global setup', () => {
  const result = spawnSync(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/fixtures/failing-run/vitest.config.ts'],
    { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' }, timeout: 120_000 },
  );
  expect(result.stdout + result.stderr).toContain('fails on purpose');
  expect(result.status).toBe(1);
});
