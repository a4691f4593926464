import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import {
  upsertDataset,
  publishVersion,
  listDatasets,
  getDatasetRecord,
  findDatasetRecord,
  getCurrentVersion,
  publishDashboard,
  listDashboards,
  getDashboard,
  type DashboardInput,
} from '../catalog/index.ts';
import { SdfError } from '../platform/index.ts';
import { makeTestDatabase, type TestDatabase } from './helpers.ts';
import { makeDatasetInput, makeRelease } from './catalog-fixtures.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await makeTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

async function inTransaction<T>(work: (client: import('pg').PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

describe('catalog datasets and versions', () => {
  it('flips the current version when a second release is published, keeping both in the history', async () => {
    await upsertDataset(db.pool, makeDatasetInput());
    const first = await inTransaction((c) => publishVersion(c, makeRelease('2026-11-21')));
    expect((await getDatasetRecord(db.pool, 'grants')).currentVersion?.id).toBe(first);

    const second = await inTransaction((c) => publishVersion(c, makeRelease('2026-11-22', { rowCount: 120, k: 10 })));
    const record = await getDatasetRecord(db.pool, 'grants');
    expect(second).not.toBe(first);
    expect(record.currentVersion).toMatchObject({
      id: second,
      version: '2026-11-22',
      rowCount: 120,
      k: 10,
      current: true,
    });
    expect(record.versions.map((v) => [v.version, v.current])).toEqual([
      ['2026-11-22', true],
      ['2026-11-21', false],
    ]);
    expect(record.currentVersion?.files[0]?.name).toBe('part-0.parquet');
    expect(record.currentVersion?.provenance).toMatchObject({
      runId: 'run-2026-11-22',
      codeVersion: 'abc123',
      upstream: [{ id: '17', assetKey: 'raw/grants' }],
      checks: [{ name: 'k_anonymity', verdict: 'pass' }],
      risk: { prosecutorMax: 0.14 },
      informationLoss: { nue: 0.12 },
    });
    const release = await getCurrentVersion(db.pool, '/srv/releases', 'grants');
    expect(release).toMatchObject({
      versionId: second,
      dir: '/srv/releases/grants/2026-11-22',
      pseudonymColumn: 'person_id',
    });
  });

  it('leaves the previous release current when the publishing transaction rolls back', async () => {
    const before = (await getDatasetRecord(db.pool, 'grants')).currentVersion?.id;
    await expect(
      inTransaction(async (c) => {
        await publishVersion(c, makeRelease('2026-11-23'));
        throw new Error('crash after the flip, before commit');
      }),
    ).rejects.toThrow('crash');
    const record = await getDatasetRecord(db.pool, 'grants');
    expect(record.currentVersion?.id).toBe(before);
    expect(record.versions.some((v) => v.version === '2026-11-23')).toBe(false);
  });

  it('keeps the synthetic twin apart from the anonymised release', async () => {
    const twin = await publishVersion(
      db.pool,
      makeRelease('2026-11-22', { kind: 'synthetic', k: null, path: 'grants/synthetic/2026-11-22' }),
    );
    const record = await getDatasetRecord(db.pool, 'grants');
    expect(record.currentSyntheticVersion?.id).toBe(twin);
    expect(record.currentVersion?.kind).toBe('anon');
    expect((await getCurrentVersion(db.pool, '/r', 'grants', 'synthetic'))?.versionId).toBe(twin);
  });

  it('replaces a release when the same version is published again, so a rerun is idempotent', async () => {
    const again = await publishVersion(db.pool, makeRelease('2026-11-22', { rowCount: 121 }));
    const record = await getDatasetRecord(db.pool, 'grants');
    expect(record.currentVersion).toMatchObject({ id: again, rowCount: 121 });
    expect(record.versions.filter((v) => v.kind === 'anon')).toHaveLength(2);
  });

  it('returns variables in declared order with value labels, anonymisation notes and the latest summaries', async () => {
    const summary = {
      kind: 'categorical' as const,
      threshold: 10,
      count: 100,
      missing: 0,
      distinct: 3,
      categories: [],
      suppressed: [],
    };
    await publishVersion(db.pool, makeRelease('2026-11-24', { summaries: { grant_type: summary } }));
    const { variables } = await getDatasetRecord(db.pool, 'grants');
    expect(variables.map((v) => [v.name, v.role])).toEqual([
      ['person_id', 'pseudonym'],
      ['grant_type', 'quasi_identifier'],
      ['amount', 'measure'],
    ]);
    expect(variables[1]).toMatchObject({ valueLabels: { OAG: 'Old age grant' }, disclosureClass: 'open', summary });
    expect(Object.keys(variables[1]?.valueLabels ?? {})).toEqual(['OAG', 'CSG', 'DG']); // declared order, not jsonb's
    expect(variables[0]?.anonymisation).toBe('keyed HMAC of the ID number');
    expect(variables[2]?.summary).toBeUndefined();
  });

  it('updates a dataset in place and drops variables that are no longer declared', async () => {
    const input = makeDatasetInput();
    await upsertDataset(db.pool, { ...input, title: 'Grants v2', variables: input.variables.slice(0, 2) });
    const record = await getDatasetRecord(db.pool, 'grants');
    expect(record.title).toBe('Grants v2');
    expect(record.variables.map((v) => v.name)).toEqual(['person_id', 'grant_type']);
    expect(record.study.legalBasis[0]?.instrument).toBe('Social Assistance Act 13 of 2004');
    await upsertDataset(db.pool, input);
  });

  it('lists datasets with their current release, and those never published with none', async () => {
    await upsertDataset(db.pool, makeDatasetInput({ id: 'health', title: 'Clinic visits' }));
    const list = await listDatasets(db.pool);
    expect(list.map((d) => d.id)).toEqual(['grants', 'health']);
    expect(list[0]).toMatchObject({
      currentVersion: { version: '2026-11-24', rowCount: 100, k: 5 },
      hasSynthetic: true,
      variableCount: 3,
    });
    expect(list[1]).toMatchObject({ currentVersion: null, hasSynthetic: false });
  });

  it('answers not_found (404) for an unknown dataset, and null from findDatasetRecord', async () => {
    await expect(getDatasetRecord(db.pool, 'nope')).rejects.toMatchObject({ code: 'not_found', status: 404 });
    expect(await findDatasetRecord(db.pool, 'nope')).toBeNull();
    await expect(publishVersion(db.pool, makeRelease('1', { datasetId: 'nope' }))).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it.each([
    ['a path escaping the releases root', { path: '../etc' }, 'path'],
    ['an absolute path', { path: '/etc/grants' }, 'path'],
    ['a bad hash', { files: [{ name: 'a.parquet', sha256: 'xyz', bytes: 1, rows: 1 }] }, 'files.0.sha256'],
    ['no files', { files: [] }, 'files'],
    ['a zero k', { k: 0 }, 'k'],
  ])('refuses a release with %s, naming the field', async (_what, overrides, field) => {
    const error = await publishVersion(db.pool, makeRelease('bad', overrides as never)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SdfError);
    expect((error as SdfError).details).toEqual({ field });
  });

  it('refuses a dataset without a legal basis', async () => {
    const input = makeDatasetInput();
    await expect(
      upsertDataset(db.pool, { ...input, record: { ...input.record, legalBasis: [] } }),
    ).rejects.toMatchObject({
      code: 'bad_input',
      details: { field: 'record.legalBasis' },
    });
  });
});

describe('catalog dashboards', () => {
  const dashboard: DashboardInput = {
    id: 'grants_by_district',
    title: 'Grant beneficiaries by district',
    description: 'Counts rounded to 5, cells under 10 suppressed',
    unit: 'beneficiaries',
    data: [
      { district: 'City of Cape Town', grant_type: 'OAG', beneficiaries: 1230 },
      { district: 'Namakwa', grant_type: 'OAG', beneficiaries: null },
    ],
    dimensions: ['district', 'grant_type'],
    protection: { method: 'suppress_round', params: { threshold: 10, rounding: 5 } },
    lineage: { runId: 'run-1', materialisationId: '42', releases: ['grants/2026-11-22'] },
    partition: '2026-11-22',
  };

  it('publishes, lists and reads a dashboard, replacing it on republish', async () => {
    await publishDashboard(db.pool, dashboard);
    await publishDashboard(db.pool, { ...dashboard, partition: '2026-11-23' });
    const list = await listDashboards(db.pool);
    expect(list).toEqual([expect.objectContaining({ id: 'grants_by_district', rows: 2, partition: '2026-11-23' })]);
    expect(list[0]).not.toHaveProperty('data');
    const read = await getDashboard(db.pool, 'grants_by_district');
    expect(read.data).toEqual(dashboard.data);
    expect(read.protection).toEqual(dashboard.protection);
  });

  it('refuses a dashboard whose protection is not stated or whose dimension is not a column', async () => {
    await expect(
      publishDashboard(db.pool, { ...dashboard, protection: { method: 'none' } as never }),
    ).rejects.toMatchObject({ code: 'bad_input' });
    await expect(publishDashboard(db.pool, { ...dashboard, dimensions: ['ward'] })).rejects.toMatchObject({
      details: { field: 'dashboard.dimensions' },
    });
    await expect(getDashboard(db.pool, 'missing')).rejects.toMatchObject({ status: 404 });
  });
});
