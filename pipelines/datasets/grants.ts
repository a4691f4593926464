import { ageSql } from './hierarchies.ts';
import { AGE_BAND, COMMON_ACCESS, GEOGRAPHY, GRANT_TYPE_LABELS, PERSON_ID, PERSON_QIS, SEX } from './common.ts';
import type { AnonDatasetSpec } from './types.ts';

export const GRANTS_DATASET: AnonDatasetSpec = {
  id: 'grants',
  title: 'Social grants (anonymised)',
  description: 'One row per grant: beneficiary pseudonym, age band, sex, area, grant type, status, amount, application month.',
  study: {
    title: 'Social grant administration records, anonymised',
    abstract: 'Applications and payments of social grants (old age, child support, disability, foster child, care dependency, war veterans, grant-in-aid, SRD).',
    universe: 'All grant applications recorded by the social security agency',
    unitOfAnalysis: 'grant (beneficiary)',
    temporalCoverage: { start: '2000-01-01' },
    spatialCoverage: { country: 'ZAF', description: 'South Africa, by district municipality or province', levels: ['province', 'district'] },
    sourceSystem: 'SASSA grant administration system (synthetic)',
    legalBasis: [{ instrument: 'Social Assistance Act 13 of 2004' }, { instrument: 'POPIA s.15(3)(c) and s.27(1)(d)' }],
    custodian: 'South African Social Security Agency (SASSA)',
    accessConditions: COMMON_ACCESS,
    citation: 'Secure Data Facility (2026). Social grants, anonymised release.',
  },
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
    { name: 'status', label: 'Grant status', type: 'string', role: 'other', valueLabels: { active: 'Active', lapsed: 'Lapsed', suspended: 'Suspended', rejected: 'Rejected' } },
    { name: 'monthly_amount', label: 'Monthly amount (ZAR)', type: 'decimal', role: 'measure', anonymisation: 'multiplicative noise ±2 %, seeded' },
    { name: 'application_year', label: 'Year of application', type: 'integer', role: 'other', anonymisation: 'application date reduced to year and month' },
    { name: 'application_month', label: 'Month of application (1–12)', type: 'integer', role: 'other' },
    { name: 'child_person_id', label: 'Child the grant is paid for (keyed pseudonym), for child grants', type: 'string', role: 'other', anonymisation: 'same keyed pseudonym as person_id, so children link to their own records' },
  ],
  quasiIdentifiers: PERSON_QIS,
  sensitive: [],
  noise: [{ column: 'monthly_amount', relative: 0.02 }],
};
