/**
 * The one place that decides what a researcher reads of a query on the real (anonymised) releases. Everything
 * here is a closed list: a field is either independent of the data (the SQL, ids, the column names and types of
 * the prepared statement, the versions read), or one of the declared channels — the status and its coarse
 * timings, an error code from `REAL_QUERY_ERRORS` with its fixed sentence, the outcome, and the cell verdicts of
 * `researcherReport`. No value, message, count, hash or key computed from real data is copied. Custodians and
 * the audit log keep the full detail.
 */
import type { z } from 'zod';
import { DEFAULT_PROFILE, researcherReport, type researcherReportSchema } from '../../output-checks/index.ts';
import type { DbQuery, PinnedVersion } from '../types.ts';

/** Error codes a researcher may see for a real query, each with the only sentence shown for it. */
export const REAL_QUERY_ERRORS = {
  sql_error: 'the query failed while it ran on the real data; run it on the synthetic twin to find the cause',
  timeout: 'the query ran past its time limit and was stopped',
  resource_limit: 'the query needed more memory or produced more rows than the enclave allows: aggregate further',
  sql_refused: 'the SQL was refused by the enclave policy; submit it again to see why',
  interrupted: 'the enclave stopped while the query was running; submit it again',
  outside_access_window: 'the project is outside its access window',
  internal: 'the query could not be run because of an internal error',
} as const;

export type RealQueryError = keyof typeof REAL_QUERY_ERRORS;

/** Maps a stored (full) error code to the researcher's closed vocabulary. */
export function realQueryErrorCode(code: string): RealQueryError {
  if (code === 'query_error') return 'sql_error';
  if (code === 'out_of_memory' || code === 'too_many_rows') return 'resource_limit';
  if (code.startsWith('sql_')) return 'sql_refused';
  if (code in REAL_QUERY_ERRORS) return code as RealQueryError;
  return 'internal';
}

/** What every view of a query shows: who ran what, on which target, and where it stands. */
export const queryIdentity = (query: DbQuery) => ({
  id: query.id,
  project: query.project_id,
  user: query.user_id,
  target: query.target,
  status: query.status,
  sql: query.sql,
  sqlHash: query.sql_hash,
  submittedAt: query.submitted_at.toISOString(),
});

/** Start, finish, queue and run times at `resolutionMs` (1 for the exact times). */
export function queryTimings(query: DbQuery, resolutionMs: number) {
  const at = (date: Date | null) =>
    date ? new Date(Math.floor(date.getTime() / resolutionMs) * resolutionMs).toISOString() : null;
  const span = (from: Date | null, to: Date | null) =>
    from && to ? Math.ceil((to.getTime() - from.getTime()) / resolutionMs) * resolutionMs : null;
  return {
    startedAt: at(query.started_at),
    finishedAt: at(query.finished_at),
    timings: { queuedMs: span(query.submitted_at, query.started_at), runMs: span(query.started_at, query.finished_at) },
  };
}

/** The versions a real query read, without file hashes (a hash is computed from the data). */
const versionsOnly = (datasets: PinnedVersion[] | null) =>
  datasets?.map((d) => ({ datasetId: d.datasetId, versionId: d.versionId, version: d.version, kind: d.kind })) ?? null;

/** What a researcher reads of their own real query. */
export function researcherRealQueryView(query: DbQuery) {
  const code = query.error_code ? realQueryErrorCode(query.error_code) : null;
  return {
    ...queryIdentity(query),
    // Timings are a channel: whole seconds only.
    ...queryTimings(query, 1000),
    datasets: versionsOnly(query.datasets),
    error: code ? { code, message: REAL_QUERY_ERRORS[code] } : null,
    outcome: query.status === 'succeeded' ? query.outcome : null,
    // Only the closed researcher report, as the API schema declares it (a full report would fail the typecheck).
    checkReport: (query.status === 'succeeded'
      ? researcherReport(query.check_report, DEFAULT_PROFILE)
      : null) satisfies z.infer<typeof researcherReportSchema> | null,
    columns: query.columns,
    rowCount: null,
    truncated: null,
  };
}
