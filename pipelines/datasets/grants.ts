import { STUDY_DESCRIPTIONS } from '../../catalog/index.ts';
import { ageSql } from './hierarchies.ts';
import { AGE_BAND, GEOGRAPHY, GRANT_TYPE_LABELS, PERSON_ID, PERSON_QIS, SEX } from './common.ts';
import type { AnonDatasetSpec } from './types.ts';

export const GRANTS_DATASET: AnonDatasetSpec = {
  id: 'grants',
  title: 'Social grants (anonymised)',
  description:
    'One row per grant: beneficiary pseudonym, age band, sex, area, grant type, status, amount, application month.',
  study: STUDY_DESCRIPTIONS.grants,
  sources: ['raw/grants'],
  baseSql: (partition) => `
    with g as (select * from raw_grants),
         home as (select beneficiary_id_number, min(district_code) as district_code, min(province_code) as province_code
                    from g group by 1)
    select s.person_id, ${ageSql('s.date_of_birth', partition)} as age, s.sex,
           coalesce(s.district_code, home.district_code) as district_code,
           coalesce(s.province_code, home.province_code) as province_code,
           g.grant_type, g.status, g.monthly_amount, year(g.application_date) as application_year,
           month(g.application_date) as application_month,
           c.person_id as child_person_id
      from g join spine s on s.id_number = g.beneficiary_id_number
      join home on home.beneficiary_id_number = g.beneficiary_id_number
      left join spine c on c.id_number = g.child_id_number`,
  variables: [
    PERSON_ID,
    AGE_BAND,
    SEX,
    GEOGRAPHY,
    { name: 'grant_type', label: 'Grant type', type: 'string', role: 'other', valueLabels: GRANT_TYPE_LABELS },
    {
      name: 'status',
      label: 'Grant status',
      type: 'string',
      role: 'other',
      valueLabels: { active: 'Active', lapsed: 'Lapsed', suspended: 'Suspended', rejected: 'Rejected' },
    },
    {
      name: 'monthly_amount',
      label: 'Monthly amount (ZAR)',
      type: 'decimal',
      role: 'measure',
      anonymisation: 'multiplicative noise ±2 %, seeded',
    },
    {
      name: 'application_year',
      label: 'Year of application',
      type: 'integer',
      role: 'other',
      anonymisation: 'application date reduced to year and month',
    },
    { name: 'application_month', label: 'Month of application (1–12)', type: 'integer', role: 'other' },
    {
      name: 'child_person_id',
      label: 'Child the grant is paid for (keyed pseudonym), for child grants',
      type: 'string',
      role: 'pseudonym',
      anonymisation: 'same keyed pseudonym as person_id, so children link to their own records',
    },
  ],
  quasiIdentifiers: PERSON_QIS,
  subsetOfRegister: true,
  sensitive: [],
  noise: [{ column: 'monthly_amount', relative: 0.02 }],
};
