/**
 * What people see of a release request: the custodian's view (full report, SQL, dataset versions, justification,
 * per-column summary, the votes they may see) and the machine-readable disclosure-control record that travels
 * with every download (checks, parameters, decisions, dataset versions, hashes).
 */
import { createHash } from 'node:crypto';
import { visibleVotes } from './workflow.ts';
import type { z } from 'zod';
import { researcherReport } from './researcher-report.ts';
import type { checkReportSchema, researcherReportSchema } from './report-schemas.ts';
import type { DbReleaseRequest, DbStatusChange, DbVote } from './db/types.ts';

/** The query fields shown with a request. */
export interface RequestQuery {
  id: string;
  sql: string;
  sql_hash: string;
  datasets: unknown;
  columns: unknown;
  row_count: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A status change as both the request's view and its disclosure record show it. */
const statusChangeView = (h: DbStatusChange) => ({
  from: h.from_status,
  to: h.to_status,
  by: h.actor_id,
  reason: h.reason,
  at: h.at.toISOString(),
});

/** The versions a query read, without file hashes (computed from the data; custodians see them). */
const versionsOnly = (datasets: unknown) =>
  Array.isArray(datasets)
    ? datasets.map((d: { datasetId?: unknown; versionId?: unknown; version?: unknown; kind?: unknown }) => ({
        datasetId: d.datasetId,
        versionId: d.versionId,
        version: d.version,
        kind: d.kind,
      }))
    : null;

/** A request as `viewerId` may see it (other custodians' votes hidden while it is open). */
export function requestView(
  request: DbReleaseRequest,
  query: RequestQuery | null,
  votes: readonly DbVote[],
  history: readonly DbStatusChange[],
  viewer: { userId: string; overseer: boolean },
) {
  const viewerId = viewer.userId;
  // Researchers see verdicts and what to change; figures from the data are for custodians.
  const report = viewer.overseer ? request.report : researcherReport(request.report, request.report.profile)!;
  // Before approval nothing about the output is released: its size and hash are computed from the data.
  const released = viewer.overseer || request.status === 'approved';
  const shown = visibleVotes(
    votes.map((v) => ({ ...v, custodianId: v.custodian_id })),
    request.status,
    viewerId,
  );
  return {
    id: request.id,
    query: request.query_id,
    project: request.project_id,
    requester: request.requester_id,
    status: request.status,
    justification: request.justification,
    requiresTwoCustodians: request.requires_two_custodians,
    round: request.round,
    protection: request.protection,
    outcome: request.outcome,
    autoReleased: request.auto_released,
    sql: query?.sql ?? null,
    sqlHash: query?.sql_hash ?? null,
    datasets: viewer.overseer ? (query?.datasets ?? null) : versionsOnly(query?.datasets),
    output: {
      columns: query?.columns ?? null,
      rows: !released || query?.row_count === null || query === null ? null : Number(query.row_count),
      sha256: released ? request.output_sha256 : null,
    },
    columnSummary: 'columns' in report ? report.columns : null,
    // The API declares the report by these schemas: a report that drifts from them fails the typecheck here.
    checkReport: report satisfies z.infer<typeof checkReportSchema> | z.infer<typeof researcherReportSchema>,
    votes: shown.map((v) => ({
      custodian: v.custodian_id,
      round: v.round,
      decision: v.decision,
      reason: v.reason,
      votedAt: v.voted_at.toISOString(),
    })),
    votesCast: votes.filter((v) => v.round === request.round).length,
    history: history.map(statusChangeView),
    createdAt: request.created_at.toISOString(),
    decidedAt: iso(request.decided_at),
    ...(request.status === 'approved' && request.requester_id === viewerId
      ? {
          downloads: ['csv', 'json', 'xml', 'parquet', 'arrow', 'record.json'].map(
            (f) => `/api/v1/release-requests/${request.id}/${f === 'record.json' ? f : `output.${f}`}`,
          ),
        }
      : {}),
  };
}

/** JSON with sorted keys, so the record's hash does not depend on key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value instanceof Date ? value.toISOString() : value);
}

/**
 * The disclosure-control record of an approved release (schema `sdf.disclosure-record/1`) and its SHA-256 over
 * canonical JSON. Deterministic: the same release always gives the same record and hash.
 */
export function disclosureRecord(
  request: DbReleaseRequest,
  query: RequestQuery | null,
  votes: readonly DbVote[],
  history: readonly DbStatusChange[],
) {
  // The record travels with the released output: verdicts and parameters, no figures beyond what is released.
  const report = request.report;
  const closed = researcherReport(report, report.profile)!;
  // Cells of groups the output does not print, and passed, are not part of what was released.
  const cells = report.cells.filter((c) => c.row !== null || c.verdict !== 'pass');
  const record = {
    schema: 'sdf.disclosure-record/1',
    release: {
      id: request.id,
      status: request.status,
      decidedAt: iso(request.decided_at),
      autoReleased: request.auto_released,
      justification: request.justification,
      requester: request.requester_id,
      project: request.project_id,
    },
    query: {
      id: request.query_id,
      sql: query?.sql ?? null,
      sqlHash: query?.sql_hash ?? null,
      datasets: query?.datasets ?? null,
    },
    output: {
      sha256: request.output_sha256,
      format: 'parquet',
      rows: query?.row_count === null || query === null ? null : Number(query.row_count),
      protection: request.protection,
      rounding: request.report.rounding ?? null,
    },
    checks: {
      outcome: report.outcome,
      shape: report.shape,
      parameters: report.profile,
      findings: closed.findings,
      reasons: closed.reasons,
      columns: report.columns.map((c) => ({ ...c, minPersons: null })),
      cells: {
        total: cells.length,
        pass: cells.filter((c) => c.verdict === 'pass').length,
        review: cells.filter((c) => c.verdict === 'review').length,
        fail: cells.filter((c) => c.verdict === 'fail').length,
      },
      checkedAt: report.checkedAt,
    },
    decisions: votes.map((v) => ({
      custodian: v.custodian_id,
      round: v.round,
      decision: v.decision,
      reason: v.reason,
      at: v.voted_at.toISOString(),
    })),
    history: history.map(statusChangeView),
  };
  const text = canonical(record);
  return { record, text, sha256: createHash('sha256').update(text).digest('hex') };
}
