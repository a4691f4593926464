/** The five anonymised research datasets. */
import { POPULATION_DATASET } from './population.ts';
import { GRANTS_DATASET } from './grants.ts';
import { EMPLOYMENT_DATASET } from './employment.ts';
import { HEALTH_DATASET } from './health.ts';
import { EDUCATION_DATASET } from './education.ts';
import type { AnonDatasetSpec } from './types.ts';

export const DATASETS: readonly AnonDatasetSpec[] = [
  POPULATION_DATASET,
  GRANTS_DATASET,
  EMPLOYMENT_DATASET,
  HEALTH_DATASET,
  EDUCATION_DATASET,
];
export { ICD10_CHAPTER_MACRO } from './health.ts';
export type * from './types.ts';
export { DUCKDB_TYPES } from './types.ts';
