/** A catalog entry for the export tests: two anonymised releases and a synthetic twin, with awkward characters. */
import type { DatasetRecord, VersionRecord } from '../types.ts';

const HASH = (c: string) => c.repeat(64);

function version(id: string, kind: VersionRecord['kind'], v: string, current: boolean, files = 1): VersionRecord {
  return {
    id,
    kind,
    version: v,
    path: `grants/${kind === 'synthetic' ? 'synthetic/' : ''}${v}`,
    files: Array.from({ length: files }, (_, i) => ({
      name: `part-${i}.parquet`,
      sha256: HASH(String(i + Number(id))),
      bytes: 1000 + i,
      rows: 50,
    })),
    rowCount: 50 * files,
    k: kind === 'anon' ? 5 : null,
    releasedAt: `${v}T02:00:00.000Z`,
    current,
    provenance: {
      runId: `run-${id}`,
      codeVersion: 'c0ffee',
      upstream: [{ id: '9', assetKey: 'linked/person_spine', partition: v }],
      checks: [{ name: 'no_direct_identifiers', verdict: 'pass', reason: 'none found' }],
      risk: { prosecutorMax: 0.2 },
      informationLoss: { nue: 0.1 },
      anonymisation: { k: 5 },
    },
  };
}

export function makeTestRecord(): DatasetRecord {
  const current = version('3', 'anon', '2026-11-22', true, 2);
  const twin = version('4', 'synthetic', '2026-11-22', true);
  return {
    id: 'grants',
    title: 'Social grants & beneficiaries',
    description: 'Grants <anonymised>',
    study: {
      title: 'Social grants register "SOCPEN" extract',
      abstract: 'Beneficiaries of grants paid by SASSA; amounts < R 5 000 & > R 0.',
      universe: 'All grant beneficiaries',
      unitOfAnalysis: 'grant',
      temporalCoverage: { start: '2020-01-01', end: '2026-11-22' },
      spatialCoverage: { country: 'ZAF', description: 'South Africa', levels: ['province', 'district'] },
      sourceSystem: 'SOCPEN',
      custodian: 'South African Social Security Agency',
      legalBasis: [
        { instrument: 'Social Assistance Act 13 of 2004' },
        {
          instrument: 'Protection of Personal Information Act 4 of 2013',
          provision: 's.15',
          note: 'further processing for research',
        },
      ],
      accessConditions: 'Approved projects only, inside the enclave.',
      citation: "SASSA (2026). Social grants. Secure Data Facility's catalogue.",
      keywords: ['grants', 'SASSA'],
      contact: { name: 'Custodian', email: 'custodian@example.gov.za' },
    },
    currentVersion: current,
    currentSyntheticVersion: twin,
    versions: [twin, current, version('1', 'anon', '2026-11-21', false)],
    variables: [
      { name: 'person_id', label: 'Person pseudonym', type: 'string', role: 'pseudonym', anonymisation: 'keyed HMAC' },
      {
        name: 'grant_type',
        label: 'Grant type <code>',
        type: 'string',
        role: 'quasi_identifier',
        valueLabels: { OAG: 'Old age grant', CSG: 'Child support & foster' },
        disclosureClass: 'open',
        summary: {
          kind: 'categorical',
          threshold: 10,
          count: 100,
          missing: 0,
          distinct: 3,
          categories: [
            { value: 'CSG', label: 'Child support & foster', count: 60 },
            { value: 'OAG', label: 'Old age grant', count: 30 },
          ],
          withheldCategories: 1,
          suppressed: ['categories'],
        },
      },
      {
        name: 'amount',
        label: 'Monthly amount (ZAR)',
        type: 'decimal',
        role: 'measure',
        anonymisation: 'noise ±5%',
        summary: {
          kind: 'numeric',
          threshold: 10,
          count: 100,
          missing: 0,
          distinct: 40,
          min: null,
          max: null,
          mean: 1234.5,
          sd: 300,
          percentiles: { p10: 500, p50: 1100, p90: 2000 },
          suppressed: ['min', 'max'],
        },
      },
    ],
    updatedAt: '2026-11-22T02:00:00.000Z',
  };
}
