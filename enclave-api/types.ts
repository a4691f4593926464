/** Types shared across the enclave: people, projects, queries, the audit chain and the sandbox contract. */
import type { CurrentVersion } from '../catalog/index.ts';
import type { CheckReport, UncheckedReport } from '../output-checks/index.ts';

export const ROLES = ['researcher', 'custodian', 'policymaker', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const QUERY_TARGETS = ['synthetic', 'real'] as const;
export type QueryTarget = (typeof QUERY_TARGETS)[number];

export const QUERY_STATUSES = ['queued', 'running', 'checking', 'succeeded', 'failed'] as const;
export type QueryStatus = (typeof QUERY_STATUSES)[number];

export type Outcome = 'pass' | 'review' | 'fail';

/** Who is calling: set on the request by the auth middleware. */
export interface Principal {
  userId: string;
  name: string;
  role: Role;
  /** The API token used, or null for other authenticators (e.g. a UI session). */
  tokenId: string | null;
}

export interface DbUser {
  id: string;
  name: string;
  role: Role;
  created_at: Date;
  disabled_at: Date | null;
}

export interface DbProject {
  id: string;
  title: string;
  purpose: string;
  legal_basis: string;
  starts_on: string;
  ends_on: string;
  requires_two_custodians: boolean;
  auto_release_pass: boolean;
  disclosure_overrides: Record<string, unknown>;
  created_by: string | null;
  created_at: Date;
}

export interface DbDatasetGrant {
  project_id: string;
  dataset_id: string;
  granted_by: string | null;
  reason: string;
  granted_at: Date;
  revoked_at: Date | null;
}

/** A release a query read, pinned so the result can be reproduced. */
export interface PinnedVersion {
  datasetId: string;
  versionId: string;
  version: string;
  kind: CurrentVersion['kind'];
  files: { name: string; sha256: string }[];
}

export interface DbQuery {
  id: string;
  project_id: string;
  user_id: string;
  sql: string;
  sql_hash: string;
  target: QueryTarget;
  status: QueryStatus;
  error_code: string | null;
  error_message: string | null;
  submitted_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  /** The worker process that claimed it (`host:pid` unless `SDF_WORKER_ID` names it). */
  worker_id: string | null;
  /** Last renewal of the worker's lease while running or checking. */
  heartbeat_at: Date | null;
  datasets: PinnedVersion[] | null;
  columns: SandboxColumn[] | null;
  row_count: string | null;
  truncated: boolean;
  rows: Record<string, unknown>[] | null;
  result_path: string | null;
  outcome: Outcome | null;
  /** The full check report, or the placeholder stored when the checker crashed; null until checked. */
  check_report: CheckReport | UncheckedReport | null;
}

export interface SandboxColumn {
  name: string;
  type: string;
}

/** What the sandbox returns for one query. */
export interface SandboxResult {
  columns: SandboxColumn[];
  /** Rows as JSON-safe values (big integers and decimals as strings); empty when written to a file. */
  rows: Record<string, unknown>[];
  rowCount: number;
  /** More rows than the cap existed; only the first `maxRows` were kept. */
  truncated: boolean;
  durationMs: number;
  /** The Parquet file written, when `outputPath` was asked for. */
  outputPath: string | null;
}

/** What the output-checks module implements; called by the query job for `target: 'real'`. */
export interface OutputChecker {
  check(input: OutputCheckInput): Promise<{ outcome: Outcome; report: CheckReport }>;
}

export interface OutputCheckInput {
  queryId: string;
  projectId: string;
  sql: string;
  /** Absolute path of the result Parquet file inside the facility. */
  resultPath: string;
  columns: SandboxColumn[];
  rowCount: number;
  /** The releases the query read (mount them again with `runSandboxedQuery` for a companion query). */
  releases: CurrentVersion[];
  disclosureOverrides: Record<string, unknown>;
  autoReleasePass: boolean;
}
