import { STUDY_DESCRIPTIONS } from '../../catalog/index.ts';
import { ageSql } from './hierarchies.ts';
import { AGE_BAND, GEOGRAPHY, PERSON_ID, PERSON_QIS, SEX } from './common.ts';
import type { AnonDatasetSpec } from './types.ts';

export const EMPLOYMENT_DATASET: AnonDatasetSpec = {
  id: 'employment',
  title: 'Employment and earnings (anonymised)',
  description: 'Monthly UIF earnings declarations per employee: industry, occupation group, gross income.',
  study: STUDY_DESCRIPTIONS.employment,
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
    {
      name: 'occupation_group',
      label: 'Occupation major group (OFO/ISCO-08, 1–9)',
      type: 'string',
      role: 'other',
      anonymisation: 'occupation reduced to its major group',
    },
    {
      name: 'gross_income',
      label: 'Gross monthly income (ZAR)',
      type: 'decimal',
      role: 'measure',
      anonymisation: 'top-coded at the 99th percentile, multiplicative noise ±5 %',
    },
  ],
  quasiIdentifiers: PERSON_QIS,
  subsetOfRegister: true,
  sensitive: [],
  noise: [{ column: 'gross_income', relative: 0.05, topCodeQuantile: 0.99 }],
};
