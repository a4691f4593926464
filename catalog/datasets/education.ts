import type { StudyDescription } from '../types.ts';
import { ACCESS_CONDITIONS, CONTACT, SPATIAL, SYNTHETIC_NOTE, citation } from './common.ts';
import {
  HIGHER_EDUCATION_ACT,
  NSFAS_ACT,
  POPIA_FURTHER_PROCESSING,
  SCHOOLS_ACT,
  STATISTICS_ACT,
} from './legal-basis.ts';

const CUSTODIAN = 'Department of Basic Education and Department of Higher Education and Training';

/** Study description of `education`, anonymised enrolments and bursaries. */
export const EDUCATION_STUDY: StudyDescription = {
  title: 'Education enrolment and bursary records, anonymised',
  abstract:
    'Enrolments of learners and students at public schools, TVET colleges and universities by year, with grade or ' +
    'programme level, outcome and NSFAS bursary amount (with small seeded noise), by age band, sex and area. ' +
    'Extracted from the education social registry through the DCI sync search API, with the research purpose ' +
    'recorded as the legal basis of every request. Institutions are not identified.' +
    SYNTHETIC_NOTE,
  universe: 'Learners and students enrolled at public schools, TVET colleges and universities',
  unitOfAnalysis: 'enrolment (learner-year)',
  temporalCoverage: { start: '2000-01-01' },
  spatialCoverage: SPATIAL,
  sourceSystem: 'Education social registry (DCI sync search API), synthetic',
  custodian: CUSTODIAN,
  legalBasis: [SCHOOLS_ACT, HIGHER_EDUCATION_ACT, NSFAS_ACT, STATISTICS_ACT, POPIA_FURTHER_PROCESSING],
  accessConditions: ACCESS_CONDITIONS,
  citation: citation(
    'Department of Basic Education; Department of Higher Education and Training',
    'Enrolments and bursaries, anonymised release',
  ),
  keywords: ['education', 'enrolment', 'bursaries', 'NSFAS', 'school outcomes'],
  contact: CONTACT,
};
