import type { StudyDescription } from '../types.ts';
import { ACCESS_CONDITIONS, CONTACT, SPATIAL, SYNTHETIC_NOTE, citation } from './common.ts';
import { POPIA_FURTHER_PROCESSING, SASSA_ACT, SOCIAL_ASSISTANCE_ACT, STATISTICS_ACT } from './legal-basis.ts';

const CUSTODIAN = 'South African Social Security Agency (SASSA)';

/** Study description of `grants`, anonymised social grant records. */
export const GRANTS_STUDY: StudyDescription = {
  title: 'Social grant administration records, anonymised',
  abstract:
    'Applications for and payments of social grants — old age, child support, disability, foster child, care ' +
    'dependency, war veterans, grant-in-aid and social relief of distress — with status, monthly amount (with ' +
    'small seeded noise) and month of application, by beneficiary age band, sex and area. Child grants link to the ' +
    'child’s own pseudonym.' +
    SYNTHETIC_NOTE,
  universe: 'All grant applications and beneficiaries recorded by SASSA',
  unitOfAnalysis: 'grant (one beneficiary, one grant type)',
  temporalCoverage: { start: '2000-01-01' },
  spatialCoverage: SPATIAL,
  sourceSystem: 'SASSA grant administration system (SOCPEN), synthetic',
  custodian: CUSTODIAN,
  legalBasis: [SOCIAL_ASSISTANCE_ACT, SASSA_ACT, STATISTICS_ACT, POPIA_FURTHER_PROCESSING],
  accessConditions: ACCESS_CONDITIONS,
  citation: citation(CUSTODIAN, 'Social grants, anonymised release'),
  keywords: ['social grants', 'social assistance', 'child support grant', 'old age grant', 'poverty'],
  contact: CONTACT,
};
