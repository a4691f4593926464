import { describe, it, expect } from 'vitest';
import type pg from 'pg';
import { makeSearchEnvelope, searchWindow, windowRange, type DciClientOptions, type DciPage } from './dci.ts';

type Sent = {
  header: { message_id: string };
  message: {
    search_request: Array<{
      search_criteria: {
        query: unknown;
        pagination: { page_number: number; page_size: number };
        authorize: { purpose: string };
      };
    }>;
  };
};
type Bound = { operator: string; attribute_value: string };

const DAY = 86_400_000;
const daily = (n: number, start = '2026-01-01T12:00:00Z') =>
  Array.from({ length: n }, (_, i) => new Date(Date.parse(start) + i * DAY).toISOString());

/** A fake registry over records with the given `updated_at`s, paged by `page_size`; or a rejection. */
function fakeRegistry(
  updated: string[],
  options: { reject?: string; repeatCorrelation?: boolean; pageSize?: number } = {},
) {
  const sent: Sent[] = [];
  const totals: Array<{ page: number; total: number }> = [];
  const recorded: unknown[][] = [];
  let lastCorrelation = '';
  const pool = {
    query: async (_sql: string, params: unknown[]) => (recorded.push(params), { rows: [], rowCount: 1 }),
  } as unknown as pg.Pool;
  const fetchFake = (async (_url: string, init: { body: string }) => {
    const body = JSON.parse(init.body) as Sent;
    sent.push(body);
    const criteria = body.message.search_request[0]!.search_criteria;
    const bounds = criteria.query as Bound[];
    const ge = Date.parse(bounds.find((b) => b.operator === 'ge')?.attribute_value ?? '0001-01-01T00:00:00Z');
    const lt = Date.parse(bounds.find((b) => b.operator === 'lt')!.attribute_value);
    const all = updated
      .map((at, i) => ({ enrolment_id: `e${i}`, updated_at: at }))
      .filter((r) => Date.parse(r.updated_at) >= ge && Date.parse(r.updated_at) < lt);
    const { page_number: page, page_size: size } = criteria.pagination;
    const records = all.slice((page - 1) * size, page * size);
    totals.push({ page, total: all.length });
    const status = options.reject ? 'rjct' : 'succ';
    const correlation = options.repeatCorrelation && lastCorrelation ? lastCorrelation : body.header.message_id;
    lastCorrelation = correlation;
    const response = {
      header: { status },
      message: {
        correlation_id: correlation,
        search_response: [
          {
            status,
            ...(options.reject ? { status_reason_code: options.reject } : {}),
            data: { reg_records: records },
            pagination: { total_count: all.length },
          },
        ],
      },
    };
    return {
      ok: !options.reject,
      status: options.reject ? 401 : 200,
      text: async () => JSON.stringify(response, null, page % 2 ? 0 : 2),
    };
  }) as unknown as typeof fetch;
  const client: DciClientOptions = {
    url: 'http://registry',
    sign: () => 'sig',
    senderId: 's',
    receiverId: 'r',
    purpose: 'research',
    pageSize: options.pageSize ?? 3,
    fetch: fetchFake,
  };
  return { pool, client, sent, recorded, totals };
}

/** The records the sink received, read back from the stored page texts (as the loader does). */
function collect() {
  const pages: DciPage[] = [];
  const ids = () =>
    pages.flatMap((p) => {
      expect(p.text).not.toContain('\n');
      const body = JSON.parse(p.text) as {
        message: { search_response: Array<{ data: { reg_records: Array<{ enrolment_id: string }> } }> };
      };
      return body.message.search_response[0]!.data.reg_records.map((r) => r.enrolment_id);
    });
  return { sink: (page: DciPage) => void pages.push(page), pages, ids };
}

const sorted = (n: number) => Array.from({ length: n }, (_, i) => `e${i}`).sort();

describe('DCI search connector', () => {
  it('signs each request, states the purpose and sends the window as timestamps', () => {
    const { client } = fakeRegistry([]);
    const envelope = makeSearchEnvelope(client, windowRange({ from: '2026-01-02', to: '2026-01-05' }), 2);
    expect(envelope.signature).toBe('sig');
    const criteria = envelope.message.search_request[0]!.search_criteria;
    expect(criteria.authorize).toEqual({ purpose: 'research' });
    expect(criteria.query).toEqual([
      { attribute_name: 'updated_at', operator: 'ge', attribute_value: '2026-01-02T00:00:00Z' },
      { attribute_name: 'updated_at', operator: 'lt', attribute_value: '2026-01-05T00:00:00Z' },
    ]);
    expect(criteria.pagination).toEqual({ page_size: 3, page_number: 2 });
  });

  it('pages until the total is reached with a fresh message id per request, each recorded, each page passed on once', async () => {
    const { pool, client, sent, recorded } = fakeRegistry(daily(8));
    const { sink, pages, ids } = collect();
    const outcome = await searchWindow(
      pool,
      { ...client, sliceTarget: 100 },
      { from: '2026-01-01', to: '2027-01-01' },
      '2026-12-31',
      sink,
    );
    expect(ids().sort()).toEqual(sorted(8));
    expect(outcome).toMatchObject({ records: 8, pages: 3, slices: 1, ignoredResponses: 0 });
    expect(pages).toHaveLength(3);
    expect(new Set(sent.map((s) => s.header.message_id)).size).toBe(3);
    expect(recorded.map((params) => params[4])).toEqual(['succ', 'succ', 'succ']);
  });

  it('turns a rejection into an error naming the rjct code', async () => {
    const { pool, client } = fakeRegistry(daily(5), { reject: 'rjct.jwt.invalid' });
    await expect(
      searchWindow(pool, client, { from: null, to: '2027-01-01' }, '2026-12-31', () => undefined),
    ).rejects.toThrow(/rjct\.jwt\.invalid/);
  });

  it('cuts a large window into slices of a few pages, never paging through a far fuller one, and passes every record once', async () => {
    // dense in the last weeks, as a school year is
    const updated = [
      ...daily(30, '2025-03-01T08:00:00Z'),
      ...Array.from({ length: 200 }, (_, i) =>
        new Date(Date.parse('2026-11-01T00:00:00Z') + i * 3_600_000).toISOString(),
      ),
    ];
    const { pool, client, totals } = fakeRegistry(updated);
    const { sink, ids } = collect();
    const outcome = await searchWindow(
      pool,
      { ...client, sliceTarget: 9 },
      { from: null, to: '2026-12-01' },
      '2026-11-30',
      sink,
    );
    expect(ids().sort()).toEqual(sorted(230));
    expect(outcome.records).toBe(230);
    expect(outcome.slices).toBeGreaterThan(10);
    expect(totals.filter((t) => t.page > 1).every((t) => t.total <= 36)).toBe(true);
  });

  it('takes records older than 1990 when the window has no start', async () => {
    const { pool, client } = fakeRegistry(['1985-06-01T00:00:00.000Z', ...daily(3)]);
    const { sink, ids } = collect();
    await searchWindow(pool, { ...client, sliceTarget: 3 }, { from: null, to: '2027-01-01' }, '2026-12-31', sink);
    expect(ids().sort()).toEqual(sorted(4));
  });

  it('ignores a response repeating a correlation it has already taken', async () => {
    const { pool, client } = fakeRegistry(daily(6), { repeatCorrelation: true });
    const { sink, ids } = collect();
    const outcome = await searchWindow(
      pool,
      { ...client, sliceTarget: 100, concurrency: 1 },
      { from: '2026-01-01', to: '2027-01-01' },
      '2026-12-31',
      sink,
    );
    expect(outcome.ignoredResponses).toBe(1);
    expect(ids()).toEqual(['e0', 'e1', 'e2']);
  });
});
