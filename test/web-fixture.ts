/**
 * Fixture for the browser tests: a small `grants` dataset (anonymised release and synthetic twin, written as zstd
 * Parquet by DuckDB and published through the catalog) and four protected dashboards, all seeded and small so
 * the whole browser run stays fast.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { DuckDBInstance } from '@duckdb/node-api';
import { publishDashboard, publishVersion, upsertDataset, type DashboardInput } from '../catalog/index.ts';
import { DISTRICTS } from '../web/geometry/districts.ts';

const GRANT_TYPES = ['OAG', 'CSG', 'DG', 'FCG'] as const;
const PROGRAMMES = ['PHC', 'HIV', 'TB', 'MCH'] as const;
const YEARS = [2022, 2023, 2024] as const;

/** Deterministic pseudo-random integer in [0, n) from a label. */
function pick(label: string, n: number): number {
  return createHash('sha256').update(label).digest().readUInt32BE(0) % n;
}

const round5 = (n: number) => Math.round(n / 5) * 5;
const protect = (n: number) => (n < 10 ? null : round5(n));

function districtValues(): string {
  return DISTRICTS.map((d, i) => `(${i}, '${d.code}', '${d.province}')`).join(', ');
}

async function writeRelease(sqlBody: string, dir: string): Promise<{ name: string; sha256: string; bytes: number; rows: number }> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'grants.parquet');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`COPY (${sqlBody}) TO '${file}' (FORMAT parquet, COMPRESSION zstd)`);
  const reader = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet('${file}')`);
  const rows = Number(reader.getRowObjects()[0]!.n);
  connection.closeSync();
  instance.closeSync();
  const bytes = readFileSync(file);
  return { name: 'grants.parquet', sha256: createHash('sha256').update(bytes).digest('hex'), bytes: statSync(file).size, rows };
}

/** The grants rows: one per person, seeded by `salt` so the twin differs from the release. */
function grantsSql(persons: number, salt: number): string {
  return `
    WITH d(idx, code, province) AS (VALUES ${districtValues()}),
    p AS (SELECT i, hash(i + ${salt}) AS h FROM range(${persons}) t(i))
    SELECT 'p' || lpad(i::VARCHAR, 7, '0') AS person_id,
           (['OAG', 'CSG', 'DG', 'FCG'])[1 + (h % 4)::INTEGER] AS grant_type,
           d.province, d.code AS district,
           (['18-34', '35-59', '60+'])[1 + ((h >> 8) % 3)::INTEGER] AS age_band,
           (['F', 'M'])[1 + ((h >> 12) % 2)::INTEGER] AS sex,
           (2022 + ((h >> 16) % 3))::INTEGER AS year,
           (500 + ((h >> 20) % 1800))::DOUBLE AS monthly_amount
    FROM p JOIN d ON d.idx = ((p.h >> 24) % ${DISTRICTS.length})::INTEGER`;
}

const VARIABLES = [
  { name: 'person_id', label: 'Person pseudonym', type: 'string', role: 'pseudonym', anonymisation: 'keyed HMAC-SHA-256 pseudonym' },
  { name: 'grant_type', label: 'Grant type', type: 'string', role: 'quasi_identifier',
    valueLabels: { OAG: 'Old age grant', CSG: 'Child support grant', DG: 'Disability grant', FCG: 'Foster child grant' } },
  { name: 'province', label: 'Province', type: 'string', role: 'quasi_identifier' },
  { name: 'district', label: 'District municipality', type: 'string', role: 'quasi_identifier' },
  { name: 'age_band', label: 'Age band', type: 'string', role: 'quasi_identifier', anonymisation: 'generalised from date of birth' },
  { name: 'sex', label: 'Sex', type: 'string', role: 'quasi_identifier', valueLabels: { F: 'Female', M: 'Male' } },
  { name: 'year', label: 'Application year', type: 'integer', role: 'other' },
  { name: 'monthly_amount', label: 'Monthly amount (ZAR)', type: 'decimal', role: 'measure', anonymisation: 'noise added' },
] as const;

/** Publishes the `grants` dataset (anon + synthetic releases) and the dashboards. */
export async function publishWebFixture(pool: pg.Pool, releasesRoot: string, persons = 3000): Promise<{ datasets: string[] }> {
  const anon = await writeRelease(grantsSql(persons, 0), join(releasesRoot, 'grants', 'v1'));
  const twin = await writeRelease(grantsSql(persons, 99_991), join(releasesRoot, 'grants', 'synthetic-v1'));
  const client = await pool.connect();
  try {
    await client.query('begin');
    await upsertDataset(client, {
      id: 'grants',
      title: 'Social grants',
      description: 'Social grant beneficiaries: grant type, place and amount, one row per person (test fixture).',
      record: {
        title: 'Social grants', abstract: 'Beneficiaries of social grants.', universe: 'Grant beneficiaries',
        unitOfAnalysis: 'individual', temporalCoverage: { start: '2022-01-01' },
        spatialCoverage: { country: 'ZAF', description: 'South Africa', levels: ['province', 'district'] },
        sourceSystem: 'SOCPEN (synthetic)', custodian: 'SASSA', legalBasis: [{ instrument: 'Social Assistance Act 13 of 2004' }],
        accessConditions: 'Approved research projects only', citation: 'SDF test fixture',
      },
      variables: VARIABLES.map((v) => ({ ...v })) as never,
    });
    const provenance = { runId: 'fixture', codeVersion: 'test', upstream: [], checks: [], risk: {}, informationLoss: {}, anonymisation: { k: 5 } };
    await publishVersion(client, { datasetId: 'grants', kind: 'anon', version: 'v1', path: 'grants/v1', files: [anon], rowCount: anon.rows, k: 5, provenance });
    await publishVersion(client, { datasetId: 'grants', kind: 'synthetic', version: 'synthetic-v1', path: 'grants/synthetic-v1', files: [twin], rowCount: twin.rows, k: null, provenance });
    for (const dashboard of fixtureDashboards()) await publishDashboard(client, dashboard);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
  return { datasets: ['grants'] };
}

/** Four dashboards shaped like the pipelines' `dash/*` assets, protected by suppression (< 10) and rounding (5). */
export function fixtureDashboards(): DashboardInput[] {
  const provinces = [...new Set(DISTRICTS.map((d) => d.province))];
  const protection = { method: 'suppress_round' as const, params: { threshold: 10, rounding: 5 } };
  const lineage = { run: 'fixture-run', materialisation: 'fixture-mat', releases: ['grants@v1'] };
  const beneficiaries = YEARS.flatMap((year) => GRANT_TYPES.flatMap((grant_type) => provinces.map((province) => ({
    year, grant_type, province, beneficiaries: protect(20 + pick(`${year}${grant_type}${province}`, 900) + (year - 2022) * 40),
  }))));
  const employment = YEARS.flatMap((cohort_year) => GRANT_TYPES.flatMap((grant_type) => provinces.map((province) => ({
    cohort_year, grant_type, province, recipients: protect(50 + pick(`r${cohort_year}${grant_type}${province}`, 500)),
    employed_share: Math.round((0.1 + pick(`e${cohort_year}${grant_type}${province}`, 40) / 100) * 100) / 100,
  }))));
  const bursaries = YEARS.flatMap((year) => provinces.map((province) => ({
    year, province, former_csg_recipients: protect(100 + pick(`b${year}${province}`, 800)),
    bursary_rate: Math.round((0.05 + pick(`br${year}${province}`, 25) / 100) * 100) / 100,
  })));
  const clinics = YEARS.flatMap((year) => PROGRAMMES.flatMap((programme) => DISTRICTS.map((d) => ({
    year, programme, district_code: d.code, visits: protect(pick(`c${year}${programme}${d.code}`, 2000)),
  }))));
  return [
    { id: 'grant_beneficiaries', title: 'Grant beneficiaries', description: 'Beneficiaries by grant type and province over time.', unit: 'beneficiaries', data: beneficiaries, dimensions: ['year', 'grant_type', 'province'], protection, lineage, partition: '2024-12-31' },
    { id: 'grants_to_employment', title: 'Grant recipients later in employment', description: 'Share of grant recipients with UI-registered earnings within two years.', unit: 'share of recipients', data: employment, dimensions: ['cohort_year', 'grant_type', 'province'], protection, lineage, partition: '2024-12-31' },
    { id: 'bursary_uptake', title: 'Bursary take-up after child support', description: 'Tertiary bursary take-up among former child-support recipients.', unit: 'share of former recipients', data: bursaries, dimensions: ['year', 'province'], protection, lineage, partition: '2024-12-31' },
    { id: 'clinic_visits', title: 'Clinic visits', description: 'Clinic visits by programme and district.', unit: 'visits', data: clinics, dimensions: ['year', 'programme', 'district_code'], protection, lineage, partition: '2024-12-31' },
  ];
}
