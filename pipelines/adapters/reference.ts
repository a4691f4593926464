/**
 * Value domains the extract validates against, from the sources module's reference data (the contract), in the
 * shapes the rules and labels need.
 */
import {
  DISTRICTS,
  ENROLMENT_OUTCOMES,
  GRANT_STATUSES as SOURCE_GRANT_STATUSES,
  GRANT_TYPES as SOURCE_GRANT_TYPES,
  HEALTH_PROGRAMMES,
  INSTITUTION_TYPES as SOURCE_INSTITUTION_TYPES,
  PROVINCES,
  SIC_SECTIONS as SOURCE_SIC_SECTIONS,
} from '../../sources/index.ts';

export const PROVINCE_CODES: readonly string[] = PROVINCES.map((p) => p.code);
export const DISTRICT_CODES: readonly string[] = DISTRICTS.map((d) => d.code);
export const GRANT_TYPES: readonly string[] = Object.keys(SOURCE_GRANT_TYPES);
export const GRANT_STATUSES: readonly string[] = [...SOURCE_GRANT_STATUSES];
export const PROGRAMMES: readonly string[] = [...HEALTH_PROGRAMMES];
export const INSTITUTION_TYPES: readonly string[] = [...SOURCE_INSTITUTION_TYPES];
export const OUTCOMES: readonly string[] = [...ENROLMENT_OUTCOMES];
export const SIC_SECTIONS: readonly string[] = Object.keys(SOURCE_SIC_SECTIONS);

export const GRANT_LABELS: Record<string, string> = Object.fromEntries(
  Object.entries(SOURCE_GRANT_TYPES).map(([code, grant]) => [code, (grant as { name: string }).name]),
);
export const PROVINCE_LABELS: Record<string, string> = Object.fromEntries(PROVINCES.map((p) => [p.code, p.name]));
