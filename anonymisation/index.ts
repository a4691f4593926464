/**
 * Anonymisation: keyed pseudonyms, generalisation hierarchies, optimal k-anonymity, l-diversity, t-closeness,
 * noise and differential privacy, with risk and utility reports. Pure functions plus DuckDB-backed operators.
 */
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
