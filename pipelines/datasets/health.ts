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
    { name: 'visit_year', label: 'Year of visit', type: 'integer', role: 'other', anonymisation: 'visit date reduced to year and month' },
    { name: 'visit_month', label: 'Month of visit (1–12)', type: 'integer', role: 'other' },
    { name: 'programme', label: 'Programme', type: 'string', role: 'other', valueLabels: { PHC: 'Primary health care', HIV: 'HIV', TB: 'Tuberculosis', MCH: 'Maternal and child health', NCD: 'Non-communicable diseases', IMMUNISATION: 'Immunisation', MENTAL_HEALTH: 'Mental health' } },
    { name: 'icd10_category', label: 'Diagnosis, ICD-10 3-character category', type: 'string', role: 'sensitive', anonymisation: 'ICD-10 code truncated to its category; l-diverse within each QI class', disclosureClass: 'special' },
    { name: 'icd10_chapter', label: 'Diagnosis, ICD-10 chapter (I–XXII)', type: 'string', role: 'other', disclosureClass: 'special' },
  ],
  quasiIdentifiers: PERSON_QIS,
  sensitive: [{ column: 'icd10_category' }],
  noise: [],
};

/** ICD-10 chapter (Roman numeral) of a code, by the WHO block ranges. */
export const ICD10_CHAPTER_MACRO = `create or replace temp macro icd10_chapter(code) as (
  case
    when left(code, 3) between 'A00' and 'B99' then 'I' when left(code, 3) between 'C00' and 'D48' then 'II'
    when left(code, 3) between 'D50' and 'D89' then 'III' when left(code, 3) between 'E00' and 'E90' then 'IV'
    when left(code, 3) between 'F00' and 'F99' then 'V' when left(code, 3) between 'G00' and 'G99' then 'VI'
    when left(code, 3) between 'H00' and 'H59' then 'VII' when left(code, 3) between 'H60' and 'H95' then 'VIII'
    when left(code, 3) between 'I00' and 'I99' then 'IX' when left(code, 3) between 'J00' and 'J99' then 'X'
    when left(code, 3) between 'K00' and 'K93' then 'XI' when left(code, 3) between 'L00' and 'L99' then 'XII'
    when left(code, 3) between 'M00' and 'M99' then 'XIII' when left(code, 3) between 'N00' and 'N99' then 'XIV'
    when left(code, 3) between 'O00' and 'O99' then 'XV' when left(code, 3) between 'P00' and 'P96' then 'XVI'
    when left(code, 3) between 'Q00' and 'Q99' then 'XVII' when left(code, 3) between 'R00' and 'R99' then 'XVIII'
    when left(code, 3) between 'S00' and 'T98' then 'XIX' when left(code, 3) between 'V01' and 'Y98' then 'XX'
    when left(code, 3) between 'Z00' and 'Z99' then 'XXI' when left(code, 3) between 'U00' and 'U99' then 'XXII'
    else null end)`;
