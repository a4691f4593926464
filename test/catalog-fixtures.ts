/** Factories for catalog tests: a small grants-like dataset and releases of it. */
import { createHash } from 'node:crypto';
import type { DatasetInput, PublishVersionInput, VariableSpec } from '../catalog/index.ts';

/** The grant type as the grants-like fixtures describe it: four SASSA grants with their value labels. */
export const GRANT_TYPE_VARIABLE: VariableSpec = {
  name: 'grant_type',
  label: 'Grant type',
  type: 'string',
  role: 'quasi_identifier',
  valueLabels: {
    OAG: 'Old age grant',
    CSG: 'Child support grant',
    DG: 'Disability grant',
    FCG: 'Foster child grant',
  },
};

export function makeDatasetInput(overrides: Partial<DatasetInput> = {}): DatasetInput {
  return {
    id: 'grants',
    title: 'Social grants (anonymised)',
    description: 'Grant beneficiaries <by> type & district',
    record: {
      title: 'Social grants register, anonymised extract',
      abstract: 'Beneficiaries of social grants paid by SASSA, with grant type, amount & district.',
      universe: 'All persons receiving a social grant in South Africa',
      unitOfAnalysis: 'grant',
      temporalCoverage: { start: '2020-01-01', end: '2026-11-22' },
      spatialCoverage: { country: 'ZAF', description: 'South Africa', levels: ['province', 'district'] },
      sourceSystem: 'SOCPEN',
      custodian: 'South African Social Security Agency',
      legalBasis: [
        { instrument: 'Social Assistance Act 13 of 2004' },
        { instrument: 'Protection of Personal Information Act 4 of 2013', provision: 's.15' },
      ],
      accessConditions: 'Approved research projects only, inside the enclave; outputs are checked before release.',
      citation: 'SASSA (2026). Social grants, anonymised. Secure Data Facility.',
      keywords: ['social grants', 'SASSA'],
      contact: { name: 'Data custodian', email: 'custodian@example.gov.za' },
    },
    variables: [
      {
        name: 'person_id',
        label: 'Person pseudonym',
        type: 'string',
        role: 'pseudonym',
        anonymisation: 'keyed HMAC of the ID number',
      },
      {
        ...GRANT_TYPE_VARIABLE,
        // three grants here, one label with markup characters
        valueLabels: {
          OAG: 'Old age grant',
          CSG: 'Child support grant',
          DG: 'Disability grant <temporary & permanent>',
        },
        disclosureClass: 'open',
      },
      { name: 'amount', label: 'Monthly amount (ZAR)', type: 'decimal', role: 'measure', anonymisation: 'noise ±5%' },
    ],
    ...overrides,
  };
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

export function makeRelease(version: string, overrides: Partial<PublishVersionInput> = {}): PublishVersionInput {
  return {
    datasetId: 'grants',
    kind: 'anon',
    version,
    path: `grants/${version}`,
    files: [{ name: 'part-0.parquet', sha256: sha(version), bytes: 1234, rows: 100 }],
    rowCount: 100,
    k: 5,
    provenance: {
      runId: `run-${version}`,
      codeVersion: 'abc123',
      upstream: [{ id: '17', assetKey: 'raw/grants', partition: version }],
      checks: [{ name: 'k_anonymity', verdict: 'pass', reason: 'k=7 ≥ 5', blocking: true }],
      risk: { prosecutorMax: 0.14 },
      informationLoss: { nue: 0.12 },
      anonymisation: { k: 5, levels: [1, 2] },
    },
    ...overrides,
  };
}
