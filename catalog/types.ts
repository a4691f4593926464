/** Catalog types shared with the pipelines (which write releases) and the enclave (which reads them). */
export type VariableRole = 'pseudonym' | 'quasi_identifier' | 'sensitive' | 'measure' | 'other';
export type VersionKind = 'anon' | 'synthetic';
import type { Verdict } from '../platform/index.ts';
export type { Verdict };

/**
 * How carefully a variable's values must be handled in outputs: `open` may appear in checked aggregates,
 * `restricted` only inside the enclave, `special` is POPIA s.26 special personal information (health, …)
 * and gets the strictest output checking.
 */
export type DisclosureClass = 'open' | 'restricted' | 'special';

/** Storage type of a variable as published (DuckDB/Parquet logical type family). */
export type VariableType = 'string' | 'integer' | 'decimal' | 'boolean' | 'date' | 'timestamp';

export interface VersionFile {
  name: string;
  sha256: string;
  bytes: number;
  rows: number;
}

/** A statute or regulation that permits processing, e.g. `{ instrument: 'POPIA (Act 4 of 2013)', provision: 's.15' }`. */
export interface LegalBasis {
  instrument: string;
  provision?: string;
  note?: string;
}

/** DDI-Codebook-shaped study description (stdyDscr): what the data are, about whom, when, where, and on what terms. */
export interface StudyDescription {
  title: string;
  abstract: string;
  /** Who is covered (DDI `universe`). */
  universe: string;
  /** What one row describes (DDI `anlyUnit`), e.g. "individual", "clinic visit". */
  unitOfAnalysis: string;
  /** ISO dates; `end` absent while the registry is still being extended. */
  temporalCoverage: { start: string; end?: string };
  /** `country` is ISO 3166-1 alpha-3 (`ZAF`); `levels` the finest geography published, e.g. ['province', 'district']. */
  spatialCoverage: { country: string; description: string; levels?: string[] };
  /** The administrative system the data were extracted from. */
  sourceSystem: string;
  /** The department that holds the source data (DDI producer / authorising agency). */
  custodian: string;
  legalBasis: LegalBasis[];
  accessConditions: string;
  citation: string;
  keywords?: string[];
  contact?: { name: string; email: string };
}

/** One variable as declared by the pipeline that publishes the dataset. */
export interface VariableSpec {
  name: string;
  label: string;
  type: VariableType;
  role: VariableRole;
  /** Code → label, e.g. `{ "OAG": "Old age grant" }`. */
  valueLabels?: Record<string, string>;
  /** How the published value was derived from the source: pseudonymisation, generalisation, noise… */
  anonymisation?: string;
  disclosureClass?: DisclosureClass;
}

export interface DatasetInput {
  id: string;
  title: string;
  description: string;
  record: StudyDescription;
  variables: VariableSpec[];
}

/** A pipeline check result as recorded on a release. */
export interface ProvenanceCheck {
  name: string;
  verdict: Verdict;
  reason: string;
  blocking?: boolean;
  column?: string;
  rows?: number;
}

/** The materialisation a release was derived from. */
export interface UpstreamRef {
  id: string;
  assetKey?: string;
  partition?: string;
}

/** Where a release came from and what was done to it. Extra keys are kept. */
export interface Provenance {
  runId: string;
  codeVersion: string;
  upstream: UpstreamRef[];
  checks: ProvenanceCheck[];
  risk: Record<string, unknown>;
  informationLoss: Record<string, unknown>;
  anonymisation: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface PublishVersionInput {
  datasetId: string;
  kind: VersionKind;
  version: string;
  /** Folder relative to `$SDF_HOME/data/releases`, e.g. `grants/2026-11-22`. */
  path: string;
  files: VersionFile[];
  rowCount: number;
  /** The k the release was made k-anonymous to; null for synthetic twins. */
  k: number | null;
  provenance: Provenance;
  /** Per-variable summaries (from `computeVariableSummaries`), keyed by variable name. */
  summaries?: Record<string, VariableSummary>;
}

export interface CategoryCount {
  value: string;
  label?: string;
  count: number;
}

/**
 * Summary statistics of one published variable. A figure resting on fewer than `threshold` persons is null
 * and named in `suppressed`.
 */
export interface VariableSummary {
  kind: 'numeric' | 'categorical' | 'key';
  threshold: number;
  /** Non-missing values. */
  count: number;
  missing: number | null;
  distinct: number | null;
  min?: number | null;
  max?: number | null;
  mean?: number | null;
  sd?: number | null;
  percentiles?: Record<string, number | null>;
  /** Published categories, largest first. */
  categories?: CategoryCount[];
  /** How many categories are not listed (too small, or beyond the list's length). */
  withheldCategories?: number;
  suppressed: string[];
}

/** A release as the catalog shows it. */
export interface VersionRecord {
  id: string;
  kind: VersionKind;
  version: string;
  path: string;
  files: VersionFile[];
  rowCount: number;
  k: number | null;
  releasedAt: string;
  current: boolean;
  provenance: Provenance;
}

export interface VariableRecord {
  name: string;
  label: string;
  type: string;
  role: VariableRole;
  valueLabels?: Record<string, string>;
  anonymisation?: string;
  disclosureClass?: string;
  summary?: VariableSummary;
}

/** `GET /api/v1/datasets/:id`: the whole catalog entry. */
export interface DatasetRecord {
  id: string;
  title: string;
  description: string;
  study: StudyDescription;
  currentVersion: VersionRecord | null;
  currentSyntheticVersion: VersionRecord | null;
  /** Every release of both kinds, newest first. */
  versions: VersionRecord[];
  variables: VariableRecord[];
  updatedAt: string;
}

/** `GET /api/v1/datasets`: one line per dataset. */
export interface DatasetSummary {
  id: string;
  title: string;
  description: string;
  currentVersion: { id: string; version: string; rowCount: number; k: number | null; releasedAt: string } | null;
  hasSynthetic: boolean;
  variableCount: number;
}

export type DashboardProtection =
  | { method: 'dp'; params: { epsilon: number; delta?: number; mechanism?: string; [extra: string]: unknown } }
  | { method: 'suppress_round'; params: { threshold: number; rounding: number; [extra: string]: unknown } };

/** A safe aggregate published for policymakers. */
export interface DashboardInput {
  id: string;
  title: string;
  description: string;
  /** What the figures count or measure, e.g. "beneficiaries", "ZAR per month". */
  unit: string;
  data: Array<Record<string, string | number | null>>;
  /** The columns of `data` that are dimensions (the rest are figures). */
  dimensions: string[];
  protection: DashboardProtection;
  /** Where the figures came from: run, materialisation and the releases read. */
  lineage: Record<string, unknown>;
  partition: string;
}

export interface Dashboard extends DashboardInput {
  updatedAt: string;
}

export type DashboardSummary = Omit<Dashboard, 'data'> & { rows: number };

export interface DbDataset {
  id: string;
  title: string;
  description: string;
  record: Record<string, unknown>;
  current_version_id: string | null;
  current_synthetic_version_id: string | null;
  updated_at: Date;
}

export interface DbDatasetVersion {
  id: string;
  dataset_id: string;
  kind: VersionKind;
  version: string;
  path: string;
  files: VersionFile[];
  row_count: string;
  k: number | null;
  provenance: Record<string, unknown>;
  summaries: Record<string, VariableSummary> | null;
  released_at: Date;
}

export interface DbVariable {
  dataset_id: string;
  name: string;
  position: number;
  label: string;
  type: string;
  role: VariableRole;
  /** `[code, label]` pairs in declared order (older rows: an object). */
  value_labels: Array<[string, string]> | Record<string, string> | null;
  anonymisation: string | null;
  disclosure_class: string | null;
  summary: Record<string, unknown> | null;
}

export interface DbDashboard {
  id: string;
  title: string;
  description: string;
  unit: string;
  data: DashboardInput['data'];
  dimensions: string[];
  protection: DashboardProtection;
  lineage: Record<string, unknown>;
  partition: string;
  updated_at: Date;
}

/** What the enclave needs to mount a release: where its files are and how to prove which ones it read. */
export interface CurrentVersion {
  datasetId: string;
  versionId: string;
  version: string;
  kind: VersionKind;
  /** Absolute folder of the release. */
  dir: string;
  files: VersionFile[];
  k: number | null;
  /** Name of the person-pseudonym column (role `pseudonym`), if the dataset has one. */
  pseudonymColumn: string | null;
  /** Every column with role `pseudonym` (the person key first, then e.g. a child's pseudonym). */
  pseudonymColumns?: string[];
}
