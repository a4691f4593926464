/**
 * The DCI Social Registry sync search connector (education): a signed envelope per page, a predicate query on
 * `updated_at` for the partition window, paging until `total_count`, the purpose of the search sent as
 * `authorize.purpose` and recorded as the legal basis, a fresh `message_id` per request (recorded, never
 * reused), `rjct.*` codes turned into errors that say what the registry refused. A response is taken once per
 * message id (a repeated correlation is ignored); duplicate records are left to validation, which quarantines
 * them, so none is dropped silently.
 *
 * The window is walked as consecutive time slices sized from the totals the registry reports (a few pages
 * each), so the registry never counts or OFFSETs through more than a slice, and every page is handed to a sink
 * as it arrives: the connector never holds more than the pages in flight.
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
  /** Records aimed for per time slice (default 4 pages). */
  sliceTarget?: number;
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

/** `[from, to)` on `updated_at` as full ISO timestamps (`from` null: everything before `to`). */
export interface TimeRange {
  from: string | null;
  to: string;
}

/** A partition window's range: full timestamps, not bare dates, so the bounds are UTC midnights whatever the registry makes of a date. */
export function windowRange(window: ExtractWindow): TimeRange {
  return { from: window.from ? `${window.from}T00:00:00Z` : null, to: `${window.to}T00:00:00Z` };
}

/** One search request envelope (exported for tests). */
export function makeSearchEnvelope(options: DciClientOptions, range: TimeRange, pageNumber: number) {
  const now = new Date().toISOString();
  const query = [
    ...(range.from ? [{ attribute_name: 'updated_at', operator: 'ge', attribute_value: range.from }] : []),
    { attribute_name: 'updated_at', operator: 'lt', attribute_value: range.to },
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

/** One answered page: its text as received (one line), how many records it holds, and the total it reported. */
export interface DciPage {
  /** The response envelope as JSON text without line breaks (what the sink stores). */
  text: string;
  records: number;
  total: number;
  correlation: string;
}

/** Receives each accepted page once, in no particular order. */
export type DciPageSink = (page: DciPage) => void | Promise<void>;

async function requestPage(
  pool: pg.Pool,
  options: DciClientOptions,
  range: TimeRange,
  partition: string,
  page: number,
): Promise<DciPage> {
  const envelope = makeSearchEnvelope(options, range, page);
  const response = await (options.fetch ?? fetch)(`${options.url.replace(/\/$/, '')}/registry/sync/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(envelope),
  });
  let text = await response.text().catch(() => '');
  let body: DciSearchResponse = {};
  try {
    body = JSON.parse(text) as DciSearchResponse;
  } catch {
    text = '{}';
  }
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
    throw new SdfError(
      'dci_rejected',
      `education registry rejected page ${page}: ${code}${why ? ` (${why})` : ''}`,
      502,
    );
  }
  const records = result?.data?.reg_records?.length ?? 0;
  return {
    // a registry that pretty-prints is re-serialised: the sink stores one envelope per line
    text: text.includes('\n') ? JSON.stringify(body) : text,
    records,
    total: result?.pagination?.total_count ?? records,
    correlation: String(
      (body.message as { correlation_id?: string } | undefined)?.correlation_id ?? envelope.header.message_id,
    ),
  };
}

/** What a search took: pages and slices requested, records handed to the sink, repeated responses ignored. */
export interface DciSearchOutcome {
  records: number;
  pages: number;
  slices: number;
  ignoredResponses: number;
}

/**
 * Pages through every record of one range, starting from its already fetched first page: the remaining pages a
 * few at a time, then (if records were added while paging) one page at a time until the total is reached.
 */
async function pageRange(
  pool: pg.Pool,
  options: DciClientOptions,
  range: TimeRange,
  partition: string,
  first: DciPage,
  take: (page: DciPage) => Promise<void>,
): Promise<number> {
  await take(first);
  const pageSize = Math.max(first.records, 1);
  const planned = first.records === 0 ? 1 : Math.ceil(first.total / pageSize);
  let next = 2;
  let fetched = first.records;
  let last = first;
  const worker = async () => {
    for (let page = next++; page <= planned; page = next++) {
      const result = await requestPage(pool, options, range, partition, page);
      fetched += result.records;
      if (page === planned) last = result;
      await take(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, Math.max(planned - 1, 0)) }, worker));
  let page = planned;
  let total = Math.max(first.total, last.total);
  while (fetched < total && last.records > 0) {
    page += 1;
    last = await requestPage(pool, options, range, partition, page);
    await take(last);
    fetched += last.records;
    total = last.total;
  }
  return page;
}

const EARLIEST = Date.parse('1990-01-01T00:00:00Z');

/**
 * Every record changed in the window, handed page by page to `sink`. The window is cut into consecutive
 * `[from, to)` slices of about `sliceTarget` records, each slice sized from the totals reported so far (a slice
 * that turns out far too full is cut smaller before its pages are fetched), because the registry counts a
 * query's matches on every page and pages with OFFSET: both stay bounded by the slice. Each request's message id
 * and outcome is recorded in `pipelines.dci_messages`.
 */
export async function searchWindow(
  pool: pg.Pool,
  options: DciClientOptions,
  window: ExtractWindow,
  partition: string,
  sink: DciPageSink,
): Promise<DciSearchOutcome> {
  const range = windowRange(window);
  const end = Date.parse(range.to);
  const target = options.sliceTarget ?? options.pageSize * 4;
  const answered = new Set<string>();
  const outcome: DciSearchOutcome = { records: 0, pages: 0, slices: 0, ignoredResponses: 0 };
  const take = async (page: DciPage) => {
    if (answered.has(page.correlation)) {
      outcome.ignoredResponses += 1;
      return;
    }
    answered.add(page.correlation);
    outcome.records += page.records;
    await sink(page);
  };
  let from = range.from ? Date.parse(range.from) : EARLIEST;
  let span = end - from;
  // the first slice has no lower bound when the window has none, so nothing older than EARLIEST is missed
  let openStart = range.from === null;
  while (from < end) {
    const to = Math.min(end, from + Math.max(1, span));
    const slice: TimeRange = { from: openStart ? null : new Date(from).toISOString(), to: new Date(to).toISOString() };
    const first = await requestPage(pool, options, slice, partition, 1);
    outcome.pages += 1;
    const width = to - from;
    if (first.total > target * 4 && width > 1) {
      // far too full: a narrower slice, sized for the target at this density (its first page is not used)
      span = Math.max(1, Math.floor((width * target) / first.total));
      continue;
    }
    outcome.slices += 1;
    outcome.pages += (await pageRange(pool, options, slice, partition, first, take)) - 1;
    from = to;
    openStart = false;
    span = Math.min(width * 4, Math.max(1, Math.floor((width * target) / Math.max(first.total, 1))));
  }
  return outcome;
}
