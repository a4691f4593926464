import { icd10ChapterMacroSql } from '../../anonymisation/index.ts';
import { STUDY_DESCRIPTIONS } from '../../catalog/index.ts';
import { ageSql } from './hierarchies.ts';
import { AGE_BAND, GEOGRAPHY, PERSON_ID, PERSON_QIS, SEX } from './common.ts';
import type { AnonDatasetSpec } from './types.ts';

export const HEALTH_DATASET: AnonDatasetSpec = {
  id: 'health',
  title: 'Clinic visits (anonymised)',
  description: 'Primary health care visits: programme, diagnosis (ICD-10 3-character category and chapter), month.',
  study: STUDY_DESCRIPTIONS.health,
  sources: ['raw/health'],
  baseSql: (partition) => `
    with h as (select * from raw_health),
         home as (select patient_id_number, min(district_code) as district_code from h group by 1)
    select s.person_id, ${ageSql('s.date_of_birth', partition)} as age, s.sex,
           coalesce(s.district_code, home.district_code) as district_code,
           coalesce(s.province_code, dp.province_code) as province_code,
           year(h.visit_date) as visit_year, month(h.visit_date) as visit_month, h.programme,
           left(h.icd10_code, 3) as icd10_category, icd10_chapter(h.icd10_code) as icd10_chapter
      from h join spine s on s.id_number = h.patient_id_number
      join home on home.patient_id_number = h.patient_id_number
      left join district_province dp on dp.district_code = home.district_code`,
  variables: [
    PERSON_ID,
    AGE_BAND,
    SEX,
    GEOGRAPHY,
    {
      name: 'visit_year',
      label: 'Year of visit',
      type: 'integer',
      role: 'other',
      anonymisation: 'visit date reduced to year and month',
    },
    { name: 'visit_month', label: 'Month of visit (1–12)', type: 'integer', role: 'other' },
    {
      name: 'programme',
      label: 'Programme',
      type: 'string',
      role: 'other',
      valueLabels: {
        PHC: 'Primary health care',
        HIV: 'HIV',
        TB: 'Tuberculosis',
        MCH: 'Maternal and child health',
        NCD: 'Non-communicable diseases',
        IMMUNISATION: 'Immunisation',
        MENTAL_HEALTH: 'Mental health',
      },
    },
    {
      name: 'icd10_category',
      label: 'Diagnosis, ICD-10 3-character category',
      type: 'string',
      role: 'sensitive',
      anonymisation: 'ICD-10 code truncated to its category; l-diverse within each QI class',
      disclosureClass: 'special',
    },
    {
      name: 'icd10_chapter',
      label: 'Diagnosis, ICD-10 chapter (I–XXII)',
      type: 'string',
      role: 'other',
      disclosureClass: 'special',
    },
  ],
  quasiIdentifiers: PERSON_QIS,
  subsetOfRegister: true,
  sensitive: [{ column: 'icd10_category' }],
  noise: [],
};

/** The `icd10_chapter(code)` macro: the anonymisation module's one ICD-10 chapter mapping. */
export const ICD10_CHAPTER_MACRO = icd10ChapterMacroSql();
