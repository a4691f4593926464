import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { upsertDataset, publishVersion } from '../catalog/index.ts';
import { makeTestDatabase, makeTestHome, sdf, type TestDatabase } from './helpers.ts';
import { makeDatasetInput, makeRelease } from './catalog-fixtures.ts';

let db: TestDatabase;
let home: ReturnType<typeof makeTestHome>;

beforeAll(async () => {
  db = await makeTestDatabase();
  home = makeTestHome();
  vi.stubEnv('DATABASE_URL', db.databaseUrl);
  vi.stubEnv('SDF_HOME', home.home);
  await upsertDataset(db.pool, makeDatasetInput());
  await publishVersion(db.pool, makeRelease('2026-11-22', { rowCount: 4321, k: 5 }));
  await upsertDataset(db.pool, makeDatasetInput({ id: 'health', title: 'Clinic visits' }));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await db.drop();
  home.remove();
});

describe('sdf catalog', () => {
  it('lists datasets with current version, rows, k and release date', async () => {
    const { code, out } = await sdf('catalog', 'list');
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^dataset\s+current version\s+rows\s+k\s+released$/);
    expect(lines[1]).toMatch(/^grants\s+2026-11-22\s+4321\s+5\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(lines[2]).toMatch(/^health\s+\(not released\)/);
  });

  it('shows a record as text, JSON, DCAT, schema.org and DDI', async () => {
    const text = await sdf('catalog', 'show', 'grants');
    expect(text.out).toContain(
      'legal basis:     Social Assistance Act 13 of 2004; Protection of Personal Information Act 4 of 2013 s.15',
    );
    expect(text.out).toMatch(/2026-11-22 \*\s+anon\s+4321\s+5/);
    const json = JSON.parse((await sdf('catalog', 'show', 'grants', '--format', 'json')).out);
    expect(json).toMatchObject({ id: 'grants', currentVersion: { version: '2026-11-22', k: 5 } });
    const dcat = JSON.parse(
      (await sdf('catalog', 'show', 'grants', '--format', 'dcat', '--base-url', 'https://x.test')).out,
    );
    expect(dcat['dcat:dataset'][0]['@id']).toBe('https://x.test/api/v1/datasets/grants');
    const schema = JSON.parse((await sdf('catalog', 'show', 'grants', '--format', 'schema-org')).out);
    expect(schema['@type']).toBe('Dataset');
    const ddi = await sdf('catalog', 'show', 'grants', '--format', 'ddi');
    expect(XMLValidator.validate(ddi.out)).toBe(true);
  });

  it('fails with exit 1 and a clear message for an unknown dataset', async () => {
    const { code, out, err } = await sdf('catalog', 'show', 'nope');
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain("dataset 'nope' not found");
  });

  it('exits 2 for an unknown format', async () => {
    const { code, err } = await sdf('catalog', 'show', 'grants', '--format', 'yaml');
    expect(code).toBe(2);
    expect(err).toContain('--format must be one of');
  });
});
