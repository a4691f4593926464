/**
 * Anonymisation: keyed pseudonyms, generalisation hierarchies, optimal k-anonymity, l-diversity, t-closeness,
 * noise and differential privacy, with risk and utility reports. Pure functions plus DuckDB-backed operators.
 */
import { migrationSet } from '../platform/index.ts';

/** The `anonymisation` schema: the privacy-budget ledger. */
export const migrations = migrationSet('anonymisation', import.meta.url);

export {
  loadOrCreateMasterKey,
  deriveKey,
  canonicaliseId,
  hmacPseudonym,
  hmacSha256Hex,
  hmacSha256Sql,
  pseudonymSqlExpression,
  registerPseudonymFunction,
  PSEUDONYM_HEX_LENGTH,
  type PseudonymKind,
} from './pseudonym.ts';
export type {
  Hierarchy,
  Verdict,
  QualityMetric,
  LDiversityCriterion,
  LDiversityVariant,
  TClosenessCriterion,
} from './types.ts';
export {
  validateHierarchy,
  assertValidHierarchy,
  parseArxHierarchy,
  readArxHierarchy,
  writeArxHierarchy,
  compileHierarchy,
  type HierarchyValidation,
  type CompiledHierarchy,
} from './hierarchy.ts';
export {
  mapHierarchy,
  icd10Chapter,
  icd10ChapterMacroSql,
  SUPPRESSED,
} from './hierarchy-builders.ts';
export {
  anonymiseTable,
  planAnonymisation,
  type AnonymisationPlan,
  type AnonymiseTableOptions,
  type QuasiIdentifier,
} from './anonymise-table.ts';
export type { AnonymisationReport, NoiseReport } from './report.ts';
export { riskFromClassSizes, riskWithPopulation, type PopulationClass, type RiskFigures } from './risk.ts';
export { checkKAnonymity, checkLDiversity, type KAnonymityCheck, type LDiversityCheck } from './check.ts';
export { distinctL, entropyL, grassbergerL, digamma, recursiveCl, equalDistanceEmd, hierarchicalEmd, orderedEmd } from './criteria.ts';
export { cryptoRandom, seededRandom, type RandomSource } from './random.ts';
export {
  laplaceInteger,
  geometricMechanism,
  discreteGaussian,
  gaussianMechanism,
  gaussianSigmaForZcdp,
  boundContributions,
  boundContributionsSql,
  toRational,
} from './dp.ts';
export {
  PrivacyBudgetLedger,
  makeMemoryBudgetStore,
  makePostgresBudgetStore,
  lifetimeWindow,
  fitsBudget,
  DEFAULT_LIFETIME_DAYS,
  type BudgetStore,
  type BudgetStatus,
  type BudgetCharge,
  type LifetimeBudget,
  type LifetimeStatus,
} from './ledger.ts';
export {
  noiseSql,
  noiseMeanStandardError,
  applyNoise,
  dateShiftSql,
  topCodeSql,
  bottomCodeSql,
  topCode,
  bottomCode,
  quantile,
  type NoiseSpec,
} from './noise.ts';
export { anonymiseMondrian } from './mondrian-table.ts';
/** @internal the histogram and the lattice search on their own, for the benchmark. */
export { loadHistogram } from './histogram.ts';
export { searchLattice } from './search.ts';
