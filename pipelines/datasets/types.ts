/** How an anonymised dataset is declared: its source SQL, variables with catalog roles, QIs, sensitive attributes and noise. */
import type { StudyDescription, VariableSpec, VariableType } from '../../catalog/index.ts';

export type { StudyDescription, VariableSpec };

/** The DuckDB type a published variable of each catalog type has in the Parquet file (the schema contract). */
export const DUCKDB_TYPES: Record<VariableType, string> = {
  string: 'VARCHAR',
  integer: 'INTEGER',
  decimal: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP WITH TIME ZONE',
};

/** A quasi-identifier: its generalisation levels as SQL over the base table, from original (0) to `'*'`. */
export interface QuasiIdentifierSpec {
  column: string;
  /** The base columns the level expressions read (person-level: one value per person). */
  inputs: readonly string[];
  levels: readonly string[];
}

export interface NoiseSpec {
  column: string;
  /** Half-width of the uniform multiplicative noise, e.g. 0.05 for ±5 %. */
  relative: number;
  /** Top-code at this quantile before noise (e.g. 0.99). */
  topCodeQuantile?: number;
}

export interface AnonDatasetSpec {
  id: string;
  title: string;
  description: string;
  study: StudyDescription;
  /** Raw sources read, as asset keys (`raw/grants`); the spine is always a dep. */
  sources: readonly string[];
  /**
   * SQL (a query) producing the base table: `person_id`, the QI base columns, and the published non-QI columns.
   * Can use the temp views `spine`, `district_province` and `raw_<source>` (snapshots as of the partition).
   */
  baseSql(partition: string): string;
  variables: readonly VariableSpec[];
  quasiIdentifiers: readonly QuasiIdentifierSpec[];
  /** One row per person by construction (a register): k-anonymity is searched on the rows as they are. */
  rowsArePersons?: boolean;
  /**
   * The release's persons are a subset of the population register (grant recipients, patients, students): its
   * journalist and marketer risk are estimated from the register's sizes of the released classes. Otherwise the
   * release is taken as its own population and journalist risk equals prosecutor risk.
   */
  subsetOfRegister?: boolean;
  sensitive: readonly { column: string; l?: number }[];
  noise: readonly NoiseSpec[];
}
