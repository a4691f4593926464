/**
 * The statutes the facility's datasets rest on, as catalog legal-basis entries. POPIA research provisions:
 * s.15(3)(e) makes further processing for research compatible with the original purpose when the results are
 * not published in identifiable form; s.27(1)(d) lifts the bar on special personal information (s.26) for research
 * in the public interest where consent is impracticable.
 */
import type { LegalBasis } from '../types.ts';

export const POPIA_FURTHER_PROCESSING: LegalBasis = {
  instrument: 'Protection of Personal Information Act 4 of 2013 (POPIA)',
  provision: 's.15(3)(e)',
  note: 'further processing for historical, statistical or research purposes; results never published in identifiable form',
};

export const POPIA_SPECIAL_INFORMATION_RESEARCH: LegalBasis = {
  instrument: 'Protection of Personal Information Act 4 of 2013 (POPIA)',
  provision: 's.27(1)(d)',
  note: 'special personal information processed for research that serves a public interest, where asking consent is impracticable',
};

export const STATISTICS_ACT: LegalBasis = {
  instrument: 'Statistics Act 6 of 1999',
  note: 'use of administrative records for official statistics; confidentiality of information about individuals',
};

export const IDENTIFICATION_ACT: LegalBasis = {
  instrument: 'Identification Act 68 of 1997',
  note: 'the population register',
};
export const BIRTHS_AND_DEATHS_ACT: LegalBasis = { instrument: 'Births and Deaths Registration Act 51 of 1992' };
export const SOCIAL_ASSISTANCE_ACT: LegalBasis = {
  instrument: 'Social Assistance Act 13 of 2004',
  note: 'social grants',
};
export const SASSA_ACT: LegalBasis = {
  instrument: 'South African Social Security Agency Act 9 of 2004',
  note: 'the agency that administers and pays social grants',
};
export const UI_ACT: LegalBasis = { instrument: 'Unemployment Insurance Act 63 of 2001' };
export const UI_CONTRIBUTIONS_ACT: LegalBasis = {
  instrument: 'Unemployment Insurance Contributions Act 4 of 2002',
  note: 'employers’ monthly declarations of employees and remuneration',
};
export const NATIONAL_HEALTH_ACT: LegalBasis = {
  instrument: 'National Health Act 61 of 2003',
  provision: 's.14, s.71',
  note: 'confidentiality of health records; research on or with health information under ethics approval',
};
export const SCHOOLS_ACT: LegalBasis = { instrument: 'South African Schools Act 84 of 1996' };
export const HIGHER_EDUCATION_ACT: LegalBasis = { instrument: 'Higher Education Act 101 of 1997' };
export const NSFAS_ACT: LegalBasis = {
  instrument: 'National Student Financial Aid Scheme Act 56 of 1999',
  note: 'bursaries and loans to students',
};
