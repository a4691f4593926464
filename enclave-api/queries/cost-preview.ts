/**
 * The cost preview of a real query, computed without touching real data: the SQL's parse (which datasets, which
 * shape), the catalog's published row counts of the releases it would read, and a run of the same SQL on their
 * synthetic twins. Pure: the route gathers the inputs.
 *
 * Nothing here depends on a value of the real data (a release's row count is published in the catalog), so the
 * preview adds nothing to the researcher's closed surface on real queries.
 */
import type { QueryShape } from '../../output-checks/index.ts';

export interface PreviewRelease {
  dataset: string;
  version: string;
  versionId: string;
  /** Rows of the real (anonymised) release, as the catalog publishes them. */
  rows: number;
  /** Rows of its synthetic twin (null when it has none). */
  twinRows: number | null;
}

/**
 * Rows scanned (every row of each dataset read: DuckDB may skip row groups a filter rules out, so this is an
 * upper bound) and run time scaled from the twin's, linear in rows. Null run times when the twin did not run.
 */
export function estimateCost(
  releases: readonly PreviewRelease[],
  twinRunMs: number | null,
): { rowsScanned: number; realRunMs: number | null; basis: string } {
  const rowsScanned = releases.reduce((sum, r) => sum + r.rows, 0);
  const twinRows = releases.reduce((sum, r) => sum + (r.twinRows ?? 0), 0);
  if (twinRunMs === null || releases.length === 0) {
    return { rowsScanned, realRunMs: null, basis: 'no synthetic run to scale from' };
  }
  const scale = twinRows > 0 ? Math.max(1, rowsScanned / twinRows) : 1;
  return {
    rowsScanned,
    realRunMs: Math.round(twinRunMs * scale),
    basis: `the twin's run (${Math.round(twinRunMs)} ms over ${twinRows} rows) scaled by ${scale.toFixed(2)} to ${rowsScanned} published rows`,
  };
}

export type VersionPath = 'auto_release' | 'one_custodian' | 'two_custodians';

/**
 * Whether the output checks can judge an output of this shape cell by cell (aggregates, with or without groups,
 * nothing they flag), and who releases it: auto-release only for a project that allows it and an automatically
 * checkable shape; otherwise one or two custodians.
 */
export function reviewPath(
  analysis: { shape: QueryShape; reasons: readonly string[] },
  project: { autoReleasePass: boolean; requiresTwoCustodians: boolean },
): { automatic: boolean; release: VersionPath; reasons: string[] } {
  const reasons = [...analysis.reasons];
  if (analysis.shape === 'row-level')
    reasons.push('a row-level output (no aggregate) fails the output checks: aggregate with GROUP BY');
  const automatic = (analysis.shape === 'aggregate' || analysis.shape === 'group') && reasons.length === 0;
  const release: VersionPath =
    automatic && project.autoReleasePass
      ? 'auto_release'
      : project.requiresTwoCustodians
        ? 'two_custodians'
        : 'one_custodian';
  return { automatic, release, reasons };
}
