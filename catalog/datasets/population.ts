import type { StudyDescription } from '../types.ts';
import { ACCESS_CONDITIONS, CONTACT, SPATIAL, SYNTHETIC_NOTE, citation } from './common.ts';
import { BIRTHS_AND_DEATHS_ACT, IDENTIFICATION_ACT, POPIA_FURTHER_PROCESSING, STATISTICS_ACT } from './legal-basis.ts';

const CUSTODIAN = 'Department of Home Affairs';

/** Study description of `population`, the anonymised population register. */
export const POPULATION_STUDY: StudyDescription = {
  title: 'National population register, anonymised extract',
  abstract:
    'Persons on the national population register: age band, sex, citizenship, area of residence, household and ' +
    'vital status. Names, ID numbers, exact dates of birth, addresses and phone numbers are removed; each person ' +
    'carries a keyed pseudonym shared by every dataset in the facility, so records link across registries without ' +
    'identifying anyone.' +
    SYNTHETIC_NOTE,
  universe: 'All persons recorded on the population register with a valid South African ID number',
  unitOfAnalysis: 'person',
  temporalCoverage: { start: '2000-01-01' },
  spatialCoverage: SPATIAL,
  sourceSystem: 'National Population Register (Home Affairs), synthetic',
  custodian: CUSTODIAN,
  legalBasis: [IDENTIFICATION_ACT, BIRTHS_AND_DEATHS_ACT, STATISTICS_ACT, POPIA_FURTHER_PROCESSING],
  accessConditions: ACCESS_CONDITIONS,
  citation: citation(CUSTODIAN, 'Population register, anonymised release'),
  keywords: ['population register', 'demography', 'mortality', 'households', 'South Africa'],
  contact: CONTACT,
};
