import { STUDY_DESCRIPTIONS } from '../../catalog/index.ts';
import { ageSql } from './hierarchies.ts';
import { AGE_BAND, GEOGRAPHY, PERSON_ID, PERSON_QIS, SEX } from './common.ts';
import type { AnonDatasetSpec } from './types.ts';

export const EDUCATION_DATASET: AnonDatasetSpec = {
  id: 'education',
  title: 'Enrolments and bursaries (anonymised)',
  description:
    'Enrolments at schools, TVET colleges and universities with grade or programme, year, NSFAS bursary and outcome.',
  study: STUDY_DESCRIPTIONS.education,
  sources: ['raw/education'],
  baseSql: (partition) => `
    with e as (select * from raw_education),
         home as (select learner_id_number, min(district_code) as district_code from e group by 1)
    select s.person_id, ${ageSql('s.date_of_birth', partition)} as age, s.sex,
           coalesce(s.district_code, home.district_code) as district_code,
           coalesce(s.province_code, dp.province_code) as province_code,
           e.institution_type, e.grade, e.programme, e.year, e.bursary_amount, e.outcome
      from e join spine s on s.id_number = e.learner_id_number
      join home on home.learner_id_number = e.learner_id_number
      left join district_province dp on dp.district_code = home.district_code`,
  variables: [
    PERSON_ID,
    AGE_BAND,
    SEX,
    GEOGRAPHY,
    {
      name: 'institution_type',
      label: 'Institution type',
      type: 'string',
      role: 'other',
      valueLabels: { school: 'School', tvet: 'TVET college', university: 'University' },
    },
    { name: 'grade', label: 'Grade (R, 1–12) for schools', type: 'string', role: 'other' },
    { name: 'programme', label: 'Programme (post-school)', type: 'string', role: 'other' },
    { name: 'year', label: 'Academic year', type: 'integer', role: 'other' },
    {
      name: 'bursary_amount',
      label: 'NSFAS bursary amount (ZAR), if any',
      type: 'decimal',
      role: 'measure',
      anonymisation: 'multiplicative noise ±5 %, seeded',
    },
    {
      name: 'outcome',
      label: 'Outcome',
      type: 'string',
      role: 'other',
      valueLabels: {
        enrolled: 'Enrolled',
        passed: 'Passed',
        failed: 'Failed',
        dropped_out: 'Dropped out',
        completed: 'Completed',
      },
    },
  ],
  quasiIdentifiers: PERSON_QIS,
  subsetOfRegister: true,
  sensitive: [],
  noise: [{ column: 'bursary_amount', relative: 0.05 }],
};
