/**
 * Anonymisation: keyed pseudonyms, generalisation hierarchies, optimal k-anonymity, l-diversity, t-closeness,
 * noise and differential privacy, with risk and utility reports. Pure functions plus DuckDB-backed operators.
 */
export {};
