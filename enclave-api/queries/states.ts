/** The query life cycle as a table: which status may follow which, and who moves it there. */
import type { QueryStatus } from '../types.ts';

export const QUERY_TRANSITIONS: Readonly<Record<QueryStatus, readonly QueryStatus[]>> = {
  queued: ['running', 'failed'],
  running: ['checking', 'succeeded', 'failed'],
  // A real query's output is checked before the query is done; only then are outcome and status stored together.
  checking: ['succeeded', 'failed'],
  succeeded: [],
  failed: [],
};

/** Who moves a query into each status: the researcher submits; the job runner does the rest. */
export const QUERY_STATUS_OWNERS: Readonly<Record<QueryStatus, 'researcher' | 'job'>> = {
  queued: 'researcher',
  running: 'job',
  checking: 'job',
  succeeded: 'job',
  failed: 'job',
};

export function canTransition(from: QueryStatus, to: QueryStatus): boolean {
  return QUERY_TRANSITIONS[from].includes(to);
}

/** Statuses from which `to` may be reached (used in guarded UPDATEs). */
export function sourcesOf(to: QueryStatus): QueryStatus[] {
  return (Object.keys(QUERY_TRANSITIONS) as QueryStatus[]).filter((from) => canTransition(from, to));
}
