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
import { DISTRICTS } from '../web/index.ts';
import { GRANT_TYPE_VARIABLE } from './catalog-fixtures.ts';

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

async function writeRelease(
  sqlBody: string,
  dir: string,
): Promise<{ name: string; sha256: string; bytes: number; rows: number }> {
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
  return {
    name: 'grants.parquet',
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: statSync(file).size,
    rows,
  };
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
  {
    name: 'person_id',
    label: 'Person pseudonym',
    type: 'string',
    role: 'pseudonym',
    anonymisation: 'keyed HMAC-SHA-256 pseudonym',
  },
  GRANT_TYPE_VARIABLE,
  { name: 'province', label: 'Province', type: 'string', role: 'quasi_identifier' },
  { name: 'district', label: 'District municipality', type: 'string', role: 'quasi_identifier' },
  {
    name: 'age_band',
    label: 'Age band',
    type: 'string',
    role: 'quasi_identifier',
    anonymisation: 'generalised from date of birth',
  },
  { name: 'sex', label: 'Sex', type: 'string', role: 'quasi_identifier', valueLabels: { F: 'Female', M: 'Male' } },
  { name: 'year', label: 'Application year', type: 'integer', role: 'other' },
  {
    name: 'monthly_amount',
    label: 'Monthly amount (ZAR)',
    type: 'decimal',
    role: 'measure',
    anonymisation: 'noise added',
  },
] as const;

/** Publishes the `grants` dataset (anon + synthetic releases) and the dashboards. */
export async function publishWebFixture(
  pool: pg.Pool,
  releasesRoot: string,
  persons = 3000,
): Promise<{ datasets: string[] }> {
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
        title: 'Social grants',
        abstract: 'Beneficiaries of social grants.',
        universe: 'Grant beneficiaries',
        unitOfAnalysis: 'individual',
        temporalCoverage: { start: '2022-01-01' },
        spatialCoverage: { country: 'ZAF', description: 'South Africa', levels: ['province', 'district'] },
        sourceSystem: 'SOCPEN (synthetic)',
        custodian: 'SASSA',
        legalBasis: [{ instrument: 'Social Assistance Act 13 of 2004' }],
        accessConditions: 'Approved research projects only',
        citation: 'SDF test fixture',
      },
      variables: VARIABLES.map((v) => ({ ...v })) as never,
    });
    const provenance = {
      runId: 'fixture',
      codeVersion: 'test',
      upstream: [],
      checks: [],
      risk: {},
      informationLoss: {},
      anonymisation: { k: 5 },
    };
    await publishVersion(client, {
      datasetId: 'grants',
      kind: 'anon',
      version: 'v1',
      path: 'grants/v1',
      files: [anon],
      rowCount: anon.rows,
      k: 5,
      provenance,
    });
    await publishVersion(client, {
      datasetId: 'grants',
      kind: 'synthetic',
      version: 'synthetic-v1',
      path: 'grants/synthetic-v1',
      files: [twin],
      rowCount: twin.rows,
      k: null,
      provenance,
    });
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

/**
 * Four dashboards shaped like the pipelines' `dash/*` assets (same ids, dimensions and protection methods),
 * with seeded figures: suppression (< 10) and rounding (base 5), or DP noise for the linked indicator.
 */
export function fixtureDashboards(): DashboardInput[] {
  const provinces = [...new Set(DISTRICTS.map((d) => d.province))];
  const months = [1, 4, 7, 10];
  const suppressRound = { method: 'suppress_round' as const, params: { threshold: 10, rounding: 5 } };
  const lineage = {
    runId: 'fixture-run',
    materialisationId: 'fixture-mat',
    upstream: [{ id: 'fixture-raw', assetKey: 'raw/grants' }],
  };
  const beneficiaries = YEARS.flatMap((year) =>
    months.flatMap((month) =>
      GRANT_TYPES.flatMap((grant_type) =>
        provinces.map((province) => ({
          grant_type,
          province,
          year,
          month,
          beneficiaries: protect(5 + pick(`${year}${month}${grant_type}${province}`, 300) + (year - 2022) * 15),
        })),
      ),
    ),
  );
  const employed = GRANT_TYPES.map((grant_type) => ({
    grant_type,
    recipients: 400 + pick(`r${grant_type}`, 600),
    later_employed: 50 + pick(`e${grant_type}`, 300),
  }));
  const bursaries = provinces.map((province) => ({
    province,
    former_csg_children: protect(100 + pick(`b${province}`, 800)),
    tertiary_enrolled: protect(20 + pick(`t${province}`, 200)),
    with_bursary: protect(pick(`w${province}`, 120)),
  }));
  const clinics = YEARS.flatMap((year) =>
    months.flatMap((month) =>
      PROGRAMMES.flatMap((programme) =>
        DISTRICTS.map((d) => ({
          programme,
          district: d.code,
          year,
          month,
          visits: protect(pick(`c${year}${month}${programme}${d.code}`, 600)),
        })),
      ),
    ),
  );
  const partition = '2024-12-31';
  return [
    {
      id: 'grant_beneficiaries',
      title: 'Grant beneficiaries by grant type, province and month of application',
      description: 'Distinct beneficiaries of grants applied for in each month, by grant type and province.',
      unit: 'beneficiaries',
      data: beneficiaries,
      dimensions: ['grant_type', 'province', 'year', 'month'],
      protection: suppressRound,
      lineage,
      partition,
    },
    {
      id: 'grant_recipients_employed',
      title: 'Grant recipients later in employment',
      description: 'Of the persons granted each type of grant, how many had declared earnings after their application.',
      unit: 'persons',
      data: employed,
      dimensions: ['grant_type'],
      protection: {
        method: 'dp',
        params: { epsilon: 1, mechanism: 'two-sided geometric, sensitivity 1 per count', epsilonPerCount: 0.5 },
      },
      lineage,
      partition,
    },
    {
      id: 'bursary_former_csg',
      title: 'Tertiary bursary take-up among former child-support-grant children',
      description:
        'Persons aged 18–24 who were the child on a child support grant: enrolled at a TVET college or university, and with an NSFAS bursary, by province.',
      unit: 'persons',
      data: bursaries,
      dimensions: ['province'],
      protection: suppressRound,
      lineage,
      partition,
    },
    {
      id: 'clinic_visits',
      title: 'Clinic visits by programme, district and month',
      description: 'Visits to public clinics, by programme, district of the facility and month.',
      unit: 'visits',
      data: clinics,
      dimensions: ['programme', 'district', 'year', 'month'],
      protection: suppressRound,
      lineage,
      partition,
    },
  ];
}
