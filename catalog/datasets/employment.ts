import type { StudyDescription } from '../types.ts';
import { ACCESS_CONDITIONS, CONTACT, SPATIAL, SYNTHETIC_NOTE, citation } from './common.ts';
import { POPIA_FURTHER_PROCESSING, STATISTICS_ACT, UI_ACT, UI_CONTRIBUTIONS_ACT } from './legal-basis.ts';

const CUSTODIAN = 'Department of Employment and Labour (Unemployment Insurance Fund)';

/** Study description of `employment`, anonymised UIF declarations. */
export const EMPLOYMENT_STUDY: StudyDescription = {
  title: 'UIF monthly employment and earnings declarations, anonymised',
  abstract:
    'Monthly declarations by employers registered with the Unemployment Insurance Fund: each employee’s gross ' +
    'income (with small seeded noise, top-coded), industry and occupation group, by employee age band, sex and ' +
    'area. Employers are not identified.' +
    SYNTHETIC_NOTE,
  universe: 'Employees declared by employers registered with the Unemployment Insurance Fund',
  unitOfAnalysis: 'employee-month',
  temporalCoverage: { start: '2000-01-01' },
  spatialCoverage: { ...SPATIAL, description: 'South Africa, by district or province of the employee’s residence' },
  sourceSystem: 'UIF employer declarations (uFiling), synthetic',
  custodian: CUSTODIAN,
  legalBasis: [UI_CONTRIBUTIONS_ACT, UI_ACT, STATISTICS_ACT, POPIA_FURTHER_PROCESSING],
  accessConditions: ACCESS_CONDITIONS,
  citation: citation(CUSTODIAN, 'Employment and earnings, anonymised release'),
  keywords: ['employment', 'earnings', 'labour market', 'unemployment insurance', 'industry'],
  contact: CONTACT,
};
