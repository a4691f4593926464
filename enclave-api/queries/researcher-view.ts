/**
 * The one place that decides what a researcher reads of a query on the real (anonymised) releases. Everything
 * here is a closed list: a field is either independent of the data (the SQL, ids, the column names and types of
 * the prepared statement, the versions read), or one of the declared channels — the status and its coarse
 * timings, an error code from `REAL_QUERY_ERRORS` with its fixed sentence, the outcome, and the cell verdicts of
 * `researcherReport`. No value, message, count, hash or key computed from real data is copied. Custodians and
 * the audit log keep the full detail.
 */
import { DEFAULT_PROFILE, researcherReport } from '../../output-checks/index.ts';
import type { DbQuery, PinnedRelease } from '../types.ts';

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

const SECOND = 1000;
const toSecond = (date: Date | null): string | null => (date ? new Date(Math.floor(date.getTime() / SECOND) * SECOND).toISOString() : null);
const wholeSeconds = (from: Date | null, to: Date | null): number | null =>
  from && to ? Math.ceil((to.getTime() - from.getTime()) / SECOND) * SECOND : null;

/** The versions a real query read, without file hashes (a hash is computed from the data). */
const versionsOnly = (datasets: PinnedRelease[] | null) =>
  datasets?.map((d) => ({ datasetId: d.datasetId, versionId: d.versionId, version: d.version, kind: d.kind })) ?? null;

/** What a researcher reads of their own real query. */
export function researcherRealQueryView(query: DbQuery) {
  const code = query.error_code ? realQueryErrorCode(query.error_code) : null;
  return {
    id: query.id,
    project: query.project_id,
    user: query.user_id,
    target: query.target,
    status: query.status,
    sql: query.sql,
    sqlHash: query.sql_hash,
    submittedAt: query.submitted_at.toISOString(),
    // Timings are a channel: whole seconds only.
    startedAt: toSecond(query.started_at),
    finishedAt: toSecond(query.finished_at),
    timings: { queuedMs: wholeSeconds(query.submitted_at, query.started_at), runMs: wholeSeconds(query.started_at, query.finished_at) },
    datasets: versionsOnly(query.datasets),
    error: code ? { code, message: REAL_QUERY_ERRORS[code] } : null,
    outcome: query.status === 'succeeded' ? query.outcome : null,
    checkReport: query.status === 'succeeded' ? researcherReport(query.check_report, DEFAULT_PROFILE) : null,
    columns: query.columns,
    rowCount: null,
    truncated: null,
  };
}
