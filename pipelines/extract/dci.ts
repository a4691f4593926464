/**
 * The DCI Social Registry sync search connector (education): a signed envelope per page, a predicate query on
 * `updated_at` for the partition window, paging until `total_count`, the purpose of the search sent as
 * `authorize.purpose` and recorded as the legal basis, a fresh `message_id` per request (recorded, never
 * reused), `rjct.*` codes turned into errors that say what the registry refused. A response is taken once per
 * message id (a repeated correlation is ignored); duplicate records are left to validation, which quarantines
 * them, so none is dropped silently.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { SdfError } from '../../platform/index.ts';
import type { ExtractWindow } from './connectors.ts';

export interface DciClientOptions {
  url: string;
  /** Signs `{ header, message }`; returns the envelope's `signature`. */
  sign: (body: { header: Record<string, unknown>; message: Record<string, unknown> }) => string;
  senderId: string;
  receiverId: string;
  purpose: string;
  pageSize: number;
  /** Pages requested at once once the first page told the total (default 4). */
  concurrency?: number;
  fetch?: typeof fetch;
}

interface DciSearchResponse {
  header?: { status?: string; status_reason_code?: string; status_reason_message?: string };
  message?: {
    search_response?: Array<{
      status?: string;
      status_reason_code?: string;
      status_reason_message?: string;
      data?: { reg_records?: Record<string, unknown>[] };
      pagination?: { page_size?: number; page_number?: number; total_count?: number };
    }>;
  };
}

/** One search request envelope (exported for tests). */
export function makeSearchEnvelope(options: DciClientOptions, window: ExtractWindow, pageNumber: number) {
  const now = new Date().toISOString();
  const query = [
    // full timestamps, not bare dates: the bounds are UTC midnights whatever the registry makes of a date
    ...(window.from ? [{ attribute_name: 'updated_at', operator: 'ge', attribute_value: `${window.from}T00:00:00Z` }] : []),
    { attribute_name: 'updated_at', operator: 'lt', attribute_value: `${window.to}T00:00:00Z` },
  ];
  const header = {
    version: '1.0.0',
    message_id: randomUUID(),
    message_ts: now,
    action: 'search',
    sender_id: options.senderId,
    receiver_id: options.receiverId,
    total_count: 1,
    is_msg_encrypted: false,
  };
  const message = {
    transaction_id: randomUUID(),
    search_request: [
      {
        reference_id: randomUUID(),
        timestamp: now,
        search_criteria: {
          version: '1.0.0',
          reg_type: 'ns:org:RegistryType:Education',
          query_type: 'predicate',
          query,
          sort: [{ attribute_name: 'updated_at', sort_order: 'asc' }],
          pagination: { page_size: options.pageSize, page_number: pageNumber },
          authorize: { purpose: options.purpose },
        },
      },
    ],
  };
  return { signature: options.sign({ header, message }), header, message };
}

interface PageResult {
  records: Record<string, unknown>[];
  total: number;
  correlation: string;
}

async function requestPage(
  pool: pg.Pool,
  options: DciClientOptions,
  window: ExtractWindow,
  partition: string,
  page: number,
): Promise<PageResult> {
  const envelope = makeSearchEnvelope(options, window, page);
  const response = await (options.fetch ?? fetch)(`${options.url.replace(/\/$/, '')}/registry/sync/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(envelope),
  });
  const body = (await response.json().catch(() => ({}))) as DciSearchResponse;
  const result = body.message?.search_response?.[0];
  const status = result?.status ?? body.header?.status ?? (response.ok ? 'succ' : 'rjct');
  await pool.query(
    `insert into pipelines.dci_messages (message_id, source, partition, page, purpose, status)
     values ($1, 'education', $2, $3, $4, $5)`,
    [envelope.header.message_id, partition, page, options.purpose, status],
  );
  if (status !== 'succ' || !response.ok) {
    const code = result?.status_reason_code ?? body.header?.status_reason_code ?? `http.${response.status}`;
    const why = result?.status_reason_message ?? body.header?.status_reason_message ?? '';
    throw new SdfError('dci_rejected', `education registry rejected page ${page}: ${code}${why ? ` (${why})` : ''}`, 502);
  }
  const records = result?.data?.reg_records ?? [];
  return {
    records,
    total: result?.pagination?.total_count ?? records.length,
    correlation: String((body.message as { correlation_id?: string } | undefined)?.correlation_id ?? envelope.header.message_id),
  };
}

/**
 * Pages through every record changed in the window. Each request's message id and outcome is recorded in
 * `pipelines.dci_messages`.
 */
export async function searchAll(
  pool: pg.Pool,
  options: DciClientOptions,
  window: ExtractWindow,
  partition: string,
  firstPage?: PageResult,
): Promise<{ records: Record<string, unknown>[]; pages: number; ignoredResponses: number }> {
  const first = firstPage ?? (await requestPage(pool, options, window, partition, 1));
  // the first page tells the total: the remaining pages are fetched a few at a time, kept in page order
  const pageSize = Math.max(first.records.length, 1);
  const planned = first.records.length === 0 ? 1 : Math.ceil(first.total / pageSize);
  const results: PageResult[] = [first];
  let next = 2;
  const worker = async () => {
    for (let page = next++; page <= planned; page = next++) results[page - 1] = await requestPage(pool, options, window, partition, page);
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, Math.max(planned - 1, 0)) }, worker));
  // records added while paging move later pages on: continue one page at a time until the total is reached
  let page = planned;
  let fetched = results.reduce((n, r) => n + r.records.length, 0);
  let total = results[results.length - 1]!.total;
  while (fetched < total && results[results.length - 1]!.records.length > 0) {
    page += 1;
    const result = await requestPage(pool, options, window, partition, page);
    results.push(result);
    fetched += result.records.length;
    total = result.total;
  }
  const records: Record<string, unknown>[] = [];
  const answered = new Set<string>();
  let ignoredResponses = 0;
  for (const result of results) {
    if (answered.has(result.correlation)) ignoredResponses += 1;
    else {
      answered.add(result.correlation);
      records.push(...result.records);
    }
  }
  return { records, pages: results.length, ignoredResponses };
}

const EARLIEST = '1990-01-01';
const DAY_MS = 86_400_000;

/**
 * Like {@link searchAll}, but a window holding more than `splitAt` records is halved (by time) until each part
 * is small: the registry pages with OFFSET, so one long paging run costs quadratic time on its side.
 */
export async function searchAdaptive(
  pool: pg.Pool,
  options: DciClientOptions,
  window: ExtractWindow,
  partition: string,
  splitAt = 20_000,
): Promise<{ records: Record<string, unknown>[]; pages: number; ignoredResponses: number; windows: number }> {
  const first = await requestPage(pool, options, window, partition, 1);
  const from = Date.parse(`${window.from ?? EARLIEST}T00:00:00Z`);
  const to = Date.parse(`${window.to}T00:00:00Z`);
  const days = Math.round((to - from) / DAY_MS);
  if (first.total <= splitAt || days <= 1) return { ...(await searchAll(pool, options, window, partition, first)), windows: 1 };
  const mid = new Date(from + Math.floor(days / 2) * DAY_MS).toISOString().slice(0, 10);
  const left = await searchAdaptive(pool, options, { from: window.from, to: mid }, partition, splitAt);
  const right = await searchAdaptive(pool, options, { from: mid, to: window.to }, partition, splitAt);
  return {
    records: [...left.records, ...right.records],
    pages: left.pages + right.pages + 1,
    ignoredResponses: left.ignoredResponses + right.ignoredResponses,
    windows: left.windows + right.windows,
  };
}
