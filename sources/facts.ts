/**
 * Value domains of every source, as one document for the pipelines (schema contracts, quarantine rules) and for
 * people reading the data: which codes are valid, where the health drops are, what dirty rows look like.
 */
import { join } from 'node:path';
import type { SdfPaths } from '../platform/index.ts';
import { DISTRICTS, LOCAL_MUNICIPALITIES, PROVINCES } from './reference/geography.ts';
import {
  ENROLMENT_OUTCOMES,
  GRANT_STATUSES,
  GRANT_TYPES,
  HEALTH_PROGRAMMES,
  ICD10_CODES,
  INSTITUTION_TYPES,
  OFO_MAJOR_GROUPS,
  POPULATION_GROUPS,
  SCHOOL_GRADES,
  SIC_SECTIONS,
} from './reference/domains.ts';
import { DIRTY_RATE, EMPLOYMENT_MONTHS, HEALTH_DAYS } from './synth/context.ts';

/** Valid values per column of every source (anything else is an "unknown code"). */
export const REGISTRY_FACTS = {
  population: {
    sex: ['F', 'M'],
    citizenship: ['citizen', 'permanent_resident'],
    populationGroup: Object.keys(POPULATION_GROUPS),
    provinceCode: PROVINCES.map((p) => p.code),
    districtCode: DISTRICTS.map((d) => d.code),
    localMunicipalityCode: LOCAL_MUNICIPALITIES.map((l) => l.code),
    wardCode: 'see WARDS: 8 digits, province digit + district stem + LM digit + ward number',
  },
  grants: {
    grantType: Object.keys(GRANT_TYPES),
    status: [...GRANT_STATUSES],
    childGrantTypes: ['CSG', 'FCG', 'CDG'],
    eligibility:
      'OAG age ≥ 60 (R2 335 from 75); CSG/FCG/CDG child < 18 paid to caregiver; DG 18–59; SRD unemployed 18–59',
  },
  employment: {
    industryCode: Object.keys(SIC_SECTIONS),
    occupationMajorGroup: Object.keys(OFO_MAJOR_GROUPS),
    months: EMPLOYMENT_MONTHS,
    monthIsFirstDay: true,
  },
  health: {
    programme: [...HEALTH_PROGRAMMES],
    icd10Code: Object.values(ICD10_CODES).flatMap(Object.keys),
    days: HEALTH_DAYS,
  },
  education: { institutionType: [...INSTITUTION_TYPES], grade: [...SCHOOL_GRADES], outcome: [...ENROLMENT_OUTCOMES] },
  dirty: {
    rate: DIRTY_RATE,
    kinds: ['bad_check_digit', 'impossible_date', 'unknown_code', 'duplicate', 'broken_line (health CSV only)'],
  },
} as const;

/** Path of the health drop for one day (`$SDF_HOME/sources/health/visits-YYYY-MM-DD.csv`). */
export function healthDropPath(paths: SdfPaths, day: string): string {
  return join(paths.sources, 'health', `visits-${day}.csv`);
}

/** Yesterday (UTC) as `YYYY-MM-DD`: the default last day of generated history. */
export function defaultAsOf(now: Date = new Date()): string {
  return new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
}
