/** Appending to and reading the hash-chained audit log in PostgreSQL. */
import type pg from 'pg';
import { inTransaction, type Db } from '../db/queryable.ts';
import { chainEntry, verifyEntries, type AuditEntry, type AuditEvent, type ChainVerdict } from './chain.ts';

/** Advisory-lock key that serialises appends (so two entries never claim the same predecessor). */
const AUDIT_LOCK = 6_006_001;

interface DbAuditRow {
  seq: string;
  at: Date;
  user_id: string | null;
  token_id: string | null;
  method: string;
  route: string;
  project_id: string | null;
  sql_hash: string | null;
  datasets: string[] | null;
  status: number;
  bytes: string;
  duration_ms: number;
  details: Record<string, unknown> | null;
  prev_hash: string;
  hash: string;
}

const toEntry = (row: DbAuditRow): AuditEntry => ({
  seq: Number(row.seq),
  at: row.at.toISOString(),
  userId: row.user_id,
  tokenId: row.token_id,
  method: row.method,
  route: row.route,
  projectId: row.project_id,
  sqlHash: row.sql_hash,
  datasets: row.datasets,
  status: row.status,
  bytes: Number(row.bytes),
  durationMs: row.duration_ms,
  details: row.details,
  prevHash: row.prev_hash,
  hash: row.hash,
});

/**
 * Appends an event inside the caller's transaction (so a state change and its audit entry commit together).
 * The client must already be in a transaction.
 */
export async function appendAuditInTransaction(client: pg.PoolClient, event: AuditEvent): Promise<AuditEntry> {
  const [entry] = await appendAuditBatchInTransaction(client, [event]);
  return entry!;
}

/** Appends several events in order under one lock (the request recorder batches its entries this way). */
export async function appendAuditBatchInTransaction(
  client: pg.PoolClient,
  events: readonly AuditEvent[],
): Promise<AuditEntry[]> {
  await client.query('select pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
  const { rows } = await client.query<{ seq: string; hash: string }>(
    'select seq, hash from enclave.audit_log order by seq desc limit 1',
  );
  let previous: { seq: number; hash: string } | null = rows[0]
    ? { seq: Number(rows[0].seq), hash: rows[0].hash }
    : null;
  const entries: AuditEntry[] = [];
  for (const event of events) {
    // JS dates have millisecond precision, which timestamptz stores exactly, so the entry reads back as hashed.
    const entry = chainEntry(event, previous, new Date());
    entries.push(entry);
    previous = entry;
  }
  await client.query(
    `insert into enclave.audit_log (seq, at, user_id, token_id, method, route, project_id, sql_hash, datasets,
       status, bytes, duration_ms, details, prev_hash, hash)
     select * from jsonb_to_recordset($1::jsonb) as e(seq bigint, at timestamptz, user_id uuid, token_id uuid,
       method text, route text, project_id text, sql_hash text, datasets jsonb, status int, bytes bigint,
       duration_ms double precision, details jsonb, prev_hash text, hash text)`,
    [JSON.stringify(entries.map(toRow))],
  );
  return entries;
}

const toRow = (entry: AuditEntry) => ({
  seq: entry.seq,
  at: entry.at,
  user_id: entry.userId,
  token_id: entry.tokenId,
  method: entry.method,
  route: entry.route,
  project_id: entry.projectId,
  sql_hash: entry.sqlHash,
  datasets: entry.datasets,
  status: entry.status,
  bytes: entry.bytes,
  duration_ms: entry.durationMs,
  details: entry.details,
  prev_hash: entry.prevHash,
  hash: entry.hash,
});

/** Appends one event in its own transaction. */
export function appendAudit(pool: pg.Pool, event: AuditEvent): Promise<AuditEntry> {
  return inTransaction(pool, (client) => appendAuditInTransaction(client, event));
}

/** Entries, newest first, optionally filtered. */
export async function listAudit(
  db: Db,
  filter: { limit?: number; beforeSeq?: number; userId?: string; projectId?: string } = {},
): Promise<AuditEntry[]> {
  const { rows } = await db.query<DbAuditRow>(
    `select * from enclave.audit_log
      where ($1::bigint is null or seq < $1) and ($2::uuid is null or user_id = $2) and ($3::text is null or project_id = $3)
      order by seq desc limit $4`,
    [filter.beforeSeq ?? null, filter.userId ?? null, filter.projectId ?? null, filter.limit ?? 100],
  );
  return rows.map(toEntry);
}

/** Walks the whole chain in batches and reports the first edited, deleted or re-linked entry. */
export async function verifyAudit(db: Db, batchSize = 5_000): Promise<ChainVerdict> {
  let previous: { seq: number; hash: string } | null = null;
  let checked = 0;
  for (;;) {
    const { rows }: { rows: DbAuditRow[] } = await db.query<DbAuditRow>(
      'select * from enclave.audit_log where seq > $1 order by seq limit $2',
      [previous?.seq ?? 0, batchSize],
    );
    if (rows.length === 0) return verifyEntries([], previous, checked);
    const verdict = verifyEntries(rows.map(toEntry), previous, checked);
    if (verdict.verdict === 'fail') return verdict;
    const last: DbAuditRow = rows[rows.length - 1]!;
    previous = { seq: Number(last.seq), hash: last.hash };
    checked = verdict.checked;
  }
}
