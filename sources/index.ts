/**
 * Source registries: the departments' own systems (synthetic by default) that the pipelines extract from —
 * population, grants and employment as PostgreSQL schemas, health as daily CSV drops, education behind a
 * DCI Social Registry sync search API.
 */
import { migrationSet } from '../platform/index.ts';

export const migrations = migrationSet('sources', import.meta.url);

export { generateRegistries, lastGeneration } from './synth/generate.ts';
export type { SynthSummary } from './synth/types.ts';
export { DEPARTMENT_TABLES } from './synth/tables.ts';
export { HEALTH_CSV_HEADER } from './synth/health.ts';
export { HEALTH_DAYS } from './synth/context.ts';
export { isValidSaId, luhnCheckDigit, parseSaId } from './sa-id.ts';
export { PROVINCES, DISTRICTS, LOCAL_MUNICIPALITIES } from './reference/geography.ts';
export {
  GRANT_TYPES,
  GRANT_STATUSES,
  SIC_SECTIONS,
  HEALTH_PROGRAMMES,
  ICD10_CODES,
  POPULATION_GROUPS,
  AGE_PYRAMID,
  INSTITUTION_TYPES,
  ENROLMENT_OUTCOMES,
} from './reference/domains.ts';

export { defaultAsOf } from './facts.ts';

export { DEFAULT_MAX_PAGE_SIZE, resolveMaxPageSize } from './education-registry/router.ts';
export {
  startEducationRegistry,
  educationRegistrySecret,
  type EducationRegistry,
} from './education-registry/service.ts';
export { signDciEnvelope, verifyDciEnvelope } from './education-registry/signature.ts';
export { REG_TYPE as EDUCATION_REG_TYPE } from './education-registry/envelope.ts';
export type { SearchResponseItem, EnrolmentRecord } from './education-registry/search.ts';
