/** Types shared by the asset framework, the worker tasks and the assets themselves. */
import type pg from 'pg';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SdfPaths, Logger, Settings } from '../platform/index.ts';

/** A daily partition, `YYYY-MM-DD` (UTC). */
export type Partition = string;

import { DISCLOSURE_FLOORS, type Verdict } from '../platform/index.ts';
export type { Verdict };

/** What a check says: a verdict as a value, and where the problem is when there is one. */
export interface CheckResult {
  verdict: Verdict;
  reason: string;
  /** The column at fault, if the check is about one. */
  column?: string;
  /** How many rows are at fault. */
  rows?: number;
  metadata?: Record<string, unknown>;
}

/** Tunables of a pipeline run. */
export interface PipelineConfig {
  /** k of k-anonymity on the declared quasi-identifiers (default 5). */
  k: number;
  /** Largest share of records the anonymiser may suppress (default 0.05). */
  suppressionLimit: number;
  /** l of distinct l-diversity on declared sensitive attributes (default 2). */
  l: number;
  /** Largest share of quarantined rows per source before the run is blocked (default 0.05). */
  maxQuarantineRate: number;
  /** Allowed relative change of the row count against the previous partition (default 0.5). */
  rowCountTolerance: number;
  /** Smallest cell published in dashboards and summaries (default 10). */
  cellThreshold: number;
  /**
   * Total ε of the privacy budget of each DP dashboard release (one budget per indicator and partition, shared by
   * its re-releases; default 2, i.e. room for one re-release at ε 1). A release that would overspend is refused.
   */
  dashEpsilonBudget: number;
  /**
   * Lifetime ε of each DP dashboard indicator over `dashBudgetPeriodDays` (default 30 over 365 days): every release
   * dated within one period of another counts against it, and a release that would overspend it is refused.
   */
  dashLifetimeEpsilon: number;
  /** The lifetime budget's period in days (default 365). */
  dashBudgetPeriodDays: number;
  /** Seed for noise and synthetic twins (default: derived from the partition). */
  seed?: number;
}

export const DEFAULT_CONFIG: PipelineConfig = {
  k: 5,
  suppressionLimit: 0.05,
  l: 2,
  maxQuarantineRate: 0.05,
  rowCountTolerance: 0.5,
  cellThreshold: DISCLOSURE_FLOORS.minPersonsPerCell,
  dashEpsilonBudget: 2,
  dashLifetimeEpsilon: 30,
  dashBudgetPeriodDays: 365,
};

/** The record of an upstream asset's materialisation, as seen by a downstream one. */
export interface UpstreamMaterialisation {
  id: string;
  assetKey: string;
  partition: Partition;
  rows: number | null;
  metadata: Record<string, unknown>;
}

/** What a materialise function (and its checks) receive. */
export interface AssetContext {
  assetKey: string;
  partition: Partition;
  runId: string;
  materialisationId: string;
  codeVersion: string;
  paths: SdfPaths;
  /** The facility's settings, parsed once at start. */
  settings: Settings;
  pool: pg.Pool;
  duck: DuckDBConnection;
  log: Logger;
  config: PipelineConfig;
  /** The materialisations of this asset's deps for the same partition, by asset key. */
  upstream: Record<string, UpstreamMaterialisation>;
  /** The previous successful materialisation of this asset for an earlier partition, if any. */
  previous: UpstreamMaterialisation | null;
}

/** What a materialise function returns: figures and metadata recorded on the materialisation. */
export interface MaterialiseResult {
  rows?: number;
  metadata?: Record<string, unknown>;
}

export interface AssetCheckSpec {
  name: string;
  /** A failing blocking check publishes nothing and stops everything downstream. */
  blocking: boolean;
  run(context: AssetContext, result: MaterialiseResult): Promise<CheckResult>;
}

/** An asset as declared in code (cf. Dagster's `@asset`). */
export interface AssetDefinition {
  key: string;
  deps: readonly string[];
  partitions: 'daily';
  codeVersion: string;
  description?: string;
  checks: readonly AssetCheckSpec[];
  materialise(context: AssetContext): Promise<MaterialiseResult>;
  /** Runs only once every blocking check passed; makes the result visible (rename + catalog flip). */
  publish?(context: AssetContext, result: MaterialiseResult): Promise<Record<string, unknown> | void>;
}

export type MaterialisationStatus = 'running' | 'succeeded' | 'failed' | 'retrying' | 'blocked' | 'upstream_failed';
export type RunStatus = 'running' | 'succeeded' | 'failed';
