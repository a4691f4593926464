/**
 * Study descriptions of the five research datasets, ready to pass as `record` to `upsertDataset`. Variable specs
 * stay with the pipelines that produce the columns (`pipelines/datasets/`).
 */
import type { StudyDescription } from '../types.ts';
import { POPULATION_STUDY } from './population.ts';
import { GRANTS_STUDY } from './grants.ts';
import { EMPLOYMENT_STUDY } from './employment.ts';
import { HEALTH_STUDY } from './health.ts';
import { EDUCATION_STUDY } from './education.ts';

export { POPULATION_STUDY, GRANTS_STUDY, EMPLOYMENT_STUDY, HEALTH_STUDY, EDUCATION_STUDY };
export * as LEGAL_BASIS from './legal-basis.ts';

/** By dataset id. */
export const STUDY_DESCRIPTIONS: Readonly<
  Record<'population' | 'grants' | 'employment' | 'health' | 'education', StudyDescription>
> = {
  population: POPULATION_STUDY,
  grants: GRANTS_STUDY,
  employment: EMPLOYMENT_STUDY,
  health: HEALTH_STUDY,
  education: EDUCATION_STUDY,
};
