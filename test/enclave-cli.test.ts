import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../cli/index.ts';
import { principalForToken, verifyAudit } from '../enclave-api/index.ts';
import { makeTestDatabase, makeTestHome, type TestDatabase } from './helpers.ts';

describe('sdf user, project and audit commands', () => {
  let db: TestDatabase;
  let home: ReturnType<typeof makeTestHome>;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, SDF_HOME: process.env.SDF_HOME };

  beforeAll(async () => {
    db = await makeTestDatabase();
    home = makeTestHome();
    process.env.DATABASE_URL = db.databaseUrl;
    process.env.SDF_HOME = home.home;
  });
  afterAll(async () => {
    process.env.DATABASE_URL = saved.DATABASE_URL;
    process.env.SDF_HOME = saved.SDF_HOME;
    if (saved.DATABASE_URL === undefined) delete process.env.DATABASE_URL;
    if (saved.SDF_HOME === undefined) delete process.env.SDF_HOME;
    await db.drop();
    home.remove();
  });

  async function run(...argv: string[]): Promise<{ code: number; stdout: string }> {
    let stdout = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
    const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      return { code: await runCli(argv), stdout };
    } finally {
      write.mockRestore();
      quiet.mockRestore();
    }
  }

  it('prints a working token once for a new user', async () => {
    const { code, stdout } = await run('user', 'add', '--name', 'thandi', '--role', 'researcher');
    expect(code).toBe(0);
    const token = stdout.trim();
    expect(token).toMatch(/^sdf_[A-Za-z0-9_-]{43}$/);
    expect(await principalForToken(db.pool, token)).toMatchObject({ name: 'thandi', role: 'researcher' });
  });

  it('exits 2 for an unknown role', async () => {
    expect((await run('user', 'add', '--name', 'x', '--role', 'wizard')).code).toBe(2);
  });

  it('creates a project with members and prints its id', async () => {
    const { code, stdout } = await run(
      'project',
      'add',
      '--title',
      'T',
      '--purpose',
      'P',
      '--legal-basis',
      'L',
      '--start',
      '2026-01-01',
      '--end',
      '2026-12-31',
      '--member',
      'thandi',
    );
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('verifies the audit chain and exits 1 once an entry is edited', async () => {
    expect((await verifyAudit(db.pool)).verdict).toBe('pass');
    expect((await run('audit', 'verify')).code).toBe(0);
    await db.pool.query(`update enclave.audit_log set details = '{"forged": true}' where seq = 1`);
    expect((await run('audit', 'verify')).code).toBe(1);
  });
});
