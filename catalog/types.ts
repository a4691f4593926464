/** Catalog types shared with the pipelines (which write releases) and the enclave (which reads them). */
export type VariableRole = 'pseudonym' | 'quasi_identifier' | 'sensitive' | 'measure' | 'other';
export type ReleaseKind = 'anon' | 'synthetic';

export interface ReleaseFile {
  name: string;
  sha256: string;
  bytes: number;
  rows: number;
}

export interface DbDataset {
  id: string;
  title: string;
  description: string;
  record: Record<string, unknown>;
  current_version_id: string | null;
  current_synthetic_version_id: string | null;
}

export interface DbDatasetVersion {
  id: string;
  dataset_id: string;
  kind: ReleaseKind;
  version: string;
  path: string;
  files: ReleaseFile[];
  row_count: string;
  k: number | null;
  provenance: Record<string, unknown>;
  released_at: Date;
}

export interface DbVariable {
  dataset_id: string;
  name: string;
  position: number;
  label: string;
  type: string;
  role: VariableRole;
  value_labels: Record<string, string> | null;
  anonymisation: string | null;
  disclosure_class: string | null;
  summary: Record<string, unknown> | null;
}

/** What the enclave needs to mount a release: where its files are and how to prove which ones it read. */
export interface CurrentRelease {
  datasetId: string;
  versionId: string;
  version: string;
  kind: ReleaseKind;
  /** Absolute folder of the release. */
  dir: string;
  files: ReleaseFile[];
  k: number | null;
  /** Name of the person-pseudonym column (role `pseudonym`), if the dataset has one. */
  pseudonymColumn: string | null;
}
