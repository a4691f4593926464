/**
 * Anonymisation: keyed pseudonyms, generalisation hierarchies, optimal k-anonymity, l-diversity, t-closeness,
 * noise and differential privacy, with risk and utility reports. Pure functions plus DuckDB-backed operators.
 */
import { migrationSet } from '../platform/index.ts';

/** The `anonymisation` schema: the privacy-budget ledger. */
export const migrations = migrationSet('anonymisation', import.meta.url);

export { loadOrCreateMasterKey, deriveKey, registerPseudonymFunction } from './pseudonym.ts';
export type { Hierarchy, QualityMetric, LDiversityCriterion, TClosenessCriterion } from './types.ts';
export { readArxHierarchy, compileHierarchy } from './hierarchy.ts';
export { mapHierarchy, icd10ChapterMacroSql } from './hierarchy-builders.ts';
export { anonymiseTable, planAnonymisation, type AnonymisationPlan, type QuasiIdentifier } from './anonymise-table.ts';
export type { AnonymisationReport } from './report.ts';
export { riskWithPopulation, type PopulationClass } from './risk.ts';
export { checkKAnonymity, checkLDiversity } from './check.ts';

export { geometricMechanism } from './dp.ts';
export { PrivacyBudgetLedger, makePostgresBudgetStore, type LifetimeBudget } from './ledger.ts';
export { noiseSql } from './noise.ts';
export { anonymiseMondrian } from './mondrian-table.ts';
/** @internal the histogram and the lattice search on their own, for the benchmark. */
export { loadHistogram } from './histogram.ts';
export { searchLattice } from './search.ts';
