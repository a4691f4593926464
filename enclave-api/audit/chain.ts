/**
 * The audit log as a hash chain: each entry's hash covers its fields and the previous entry's hash, and entries
 * are numbered without gaps, so an edited, inserted or deleted entry breaks verification.
 */
import { createHash } from 'node:crypto';

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a caller records; `appendAudit` adds the sequence number, time and hashes. */
export interface AuditEvent {
  userId: string | null;
  tokenId: string | null;
  method: string;
  route: string;
  projectId: string | null;
  sqlHash: string | null;
  datasets: string[] | null;
  status: number;
  bytes: number;
  durationMs: number;
  details: Record<string, unknown> | null;
}

export interface AuditEntry extends AuditEvent {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted, so jsonb's key reordering does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The hash of an entry given its fields and the previous hash. */
export function hashEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const fields = [
    entry.seq,
    entry.at,
    entry.userId,
    entry.tokenId,
    entry.method,
    entry.route,
    entry.projectId,
    entry.sqlHash,
    entry.datasets,
    entry.status,
    entry.bytes,
    entry.durationMs,
    entry.details,
    entry.prevHash,
  ];
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

/** Builds the next entry after `previous` (or the first one). */
export function chainEntry(event: AuditEvent, previous: { seq: number; hash: string } | null, at: Date): AuditEntry {
  const body = {
    ...event,
    durationMs: Math.round(event.durationMs * 1000) / 1000,
    seq: (previous?.seq ?? 0) + 1,
    at: at.toISOString(),
    prevHash: previous?.hash ?? GENESIS_HASH,
  };
  return { ...body, hash: hashEntry(body) };
}

export type ChainVerdict =
  | { verdict: 'pass'; reason: ''; checked: number; headHash: string }
  | { verdict: 'fail'; reason: 'edited' | 'deleted_or_reordered' | 'broken_link'; seq: number; checked: number };

/**
 * Verifies entries in sequence order, continuing from `previous` (for batched verification).
 */
export function verifyEntries(
  entries: readonly AuditEntry[],
  previous: { seq: number; hash: string } | null = null,
  checkedBefore = 0,
): ChainVerdict {
  let last = previous;
  let checked = checkedBefore;
  for (const entry of entries) {
    const expectedSeq = (last?.seq ?? 0) + 1;
    if (entry.seq !== expectedSeq)
      return { verdict: 'fail', reason: 'deleted_or_reordered', seq: expectedSeq, checked };
    if (entry.prevHash !== (last?.hash ?? GENESIS_HASH))
      return { verdict: 'fail', reason: 'broken_link', seq: entry.seq, checked };
    if (hashEntry(entry) !== entry.hash) return { verdict: 'fail', reason: 'edited', seq: entry.seq, checked };
    last = { seq: entry.seq, hash: entry.hash };
    checked += 1;
  }
  return { verdict: 'pass', reason: '', checked, headHash: last?.hash ?? GENESIS_HASH };
}
