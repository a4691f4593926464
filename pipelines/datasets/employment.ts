import { ageSql } from './hierarchies.ts';
import { AGE_BAND, COMMON_ACCESS, GEOGRAPHY, PERSON_ID, PERSON_QIS, SEX } from './common.ts';
import type { AnonDatasetSpec } from './types.ts';

export const EMPLOYMENT_DATASET: AnonDatasetSpec = {
  id: 'employment',
  title: 'Employment and earnings (anonymised)',
  description: 'Monthly UIF earnings declarations per employee: industry, occupation group, gross income.',
  study: {
    title: 'UIF monthly earnings declarations, anonymised',
    abstract: 'Monthly declarations of employees and their gross income by employers contributing to the UIF.',
    universe: 'Employees declared by UIF-registered employers',
    unitOfAnalysis: 'employee-month',
    temporalCoverage: { start: '2000-01-01' },
    spatialCoverage: { country: 'ZAF', description: 'South Africa, by district municipality or province of residence', levels: ['province', 'district'] },
    sourceSystem: 'Unemployment Insurance Fund declarations (synthetic)',
    legalBasis: [{ instrument: 'Unemployment Insurance Contributions Act 4 of 2002' }, { instrument: 'POPIA s.15(3)(c) and s.27(1)(d)' }],
    custodian: 'Department of Employment and Labour (UIF)',
    accessConditions: COMMON_ACCESS,
    citation: 'Secure Data Facility (2026). Employment and earnings, anonymised release.',
  },
  sources: ['raw/employment'],
  baseSql: (partition) => `
    select s.person_id, ${ageSql('s.date_of_birth', partition)} as age, s.sex, s.district_code, s.province_code,
           year(e.month) as year, month(e.month) as month, e.industry_code,
           left(e.occupation_code, 1) as occupation_group, e.gross_income
      from raw_employment e join spine s on s.id_number = e.employee_id_number`,
  variables: [
    PERSON_ID,
    AGE_BAND,
    SEX,
    GEOGRAPHY,
    { name: 'year', label: 'Year', type: 'integer', role: 'other' },
    { name: 'month', label: 'Month (1–12)', type: 'integer', role: 'other' },
    { name: 'industry_code', label: 'Industry (SIC section A–U)', type: 'string', role: 'other' },
    { name: 'occupation_group', label: 'Occupation major group (OFO/ISCO-08, 1–9)', type: 'string', role: 'other', anonymisation: 'occupation reduced to its major group' },
    { name: 'gross_income', label: 'Gross monthly income (ZAR)', type: 'decimal', role: 'measure', anonymisation: 'top-coded at the 99th percentile, multiplicative noise ±5 %' },
  ],
  quasiIdentifiers: PERSON_QIS,
  sensitive: [],
  noise: [{ column: 'gross_income', relative: 0.05, topCodeQuantile: 0.99 }],
};
