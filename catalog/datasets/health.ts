import type { StudyDescription } from '../types.ts';
import { ACCESS_CONDITIONS, CONTACT, SPATIAL, SYNTHETIC_NOTE, citation } from './common.ts';
import { NATIONAL_HEALTH_ACT, POPIA_FURTHER_PROCESSING, POPIA_SPECIAL_INFORMATION_RESEARCH } from './legal-basis.ts';

const CUSTODIAN = 'National Department of Health';

/** Study description of `health`, anonymised public clinic visits (special personal information). */
export const HEALTH_STUDY: StudyDescription = {
  title: 'Public primary health care visits, anonymised',
  abstract:
    'Visits to public primary health care clinics: programme, diagnosis as ICD-10 category and chapter, and month ' +
    'of visit, by patient age band, sex and area. Diagnoses are special personal information (POPIA s.26): the ' +
    'release is l-diverse on diagnosis within every quasi-identifier class, and outputs about it get the strictest ' +
    'checking. Facilities are not identified.' +
    SYNTHETIC_NOTE,
  universe: 'Visits to public clinics that submit daily visit extracts',
  unitOfAnalysis: 'clinic visit',
  temporalCoverage: { start: '2000-01-01' },
  spatialCoverage: SPATIAL,
  sourceSystem: 'District Health Information System clinic visit extracts (CSV), synthetic',
  custodian: CUSTODIAN,
  legalBasis: [NATIONAL_HEALTH_ACT, POPIA_SPECIAL_INFORMATION_RESEARCH, POPIA_FURTHER_PROCESSING],
  accessConditions: `${ACCESS_CONDITIONS} Projects using this dataset need health research ethics approval.`,
  citation: citation(CUSTODIAN, 'Clinic visits, anonymised release'),
  keywords: ['health', 'primary health care', 'ICD-10', 'HIV', 'TB', 'non-communicable diseases'],
  contact: CONTACT,
};
