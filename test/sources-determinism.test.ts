/** `generateRegistries` is deterministic for (persons, seed, as-of) and replaces earlier data when re-run. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEPARTMENT_TABLES, generateRegistries } from '../sources/index.ts';
import { makeTestDatabase, makeTestHome, type TestDatabase } from './helpers.ts';

let db: TestDatabase;
let home: ReturnType<typeof makeTestHome>;

/** A fingerprint of every department table (order-independent) and every health drop. */
async function fingerprint(): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of Object.keys(DEPARTMENT_TABLES)) {
    const { rows } = await db.pool.query<{ h: string; n: string }>(
      `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h, count(*) as n from ${table} t`,
    );
    result[table] = `${rows[0]!.n}:${rows[0]!.h}`;
  }
  const dir = join(home.sources, 'health');
  for (const file of readdirSync(dir).sort())
    result[file] = createHash('sha256')
      .update(readFileSync(join(dir, file)))
      .digest('hex');
  return result;
}

const run = (seed: number) =>
  generateRegistries({ pool: db.pool, paths: home, persons: 2_000, seed, asOf: '2026-06-30' });

beforeAll(async () => {
  db = await makeTestDatabase();
  home = makeTestHome();
});

afterAll(async () => {
  await db?.drop();
  home?.remove();
});

describe('synthetic registries', () => {
  it('are identical for the same seed, differ for another, and a re-run replaces the earlier data', async () => {
    await run(1);
    const first = await fingerprint();
    await run(2);
    const second = await fingerprint();
    await run(1);
    const third = await fingerprint();
    expect(third).toEqual(first);
    expect(Object.keys(second)).toEqual(Object.keys(first));
    for (const table of Object.keys(DEPARTMENT_TABLES).filter((t) => t !== 'employment.employers')) {
      expect(second[table], table).not.toBe(first[table]);
    }
  }, 120_000);
});
