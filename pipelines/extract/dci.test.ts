import { describe, it, expect } from 'vitest';
import type pg from 'pg';
import { makeSearchEnvelope, searchAdaptive, searchAll, type DciClientOptions } from './dci.ts';

type Sent = { header: { message_id: string }; message: { search_request: Array<{ search_criteria: { query: unknown; pagination: { page_number: number }; authorize: { purpose: string } } }> } };

/** A fake registry: `total` records updated one per day from 2026-01-01, paged; or a rejection. */
function fakeRegistry(total: number, reject?: string) {
  const sent: Sent[] = [];
  const recorded: unknown[][] = [];
  const pool = { query: async (_sql: string, params: unknown[]) => (recorded.push(params), { rows: [], rowCount: 1 }) } as unknown as pg.Pool;
  const fetchFake = (async (_url: string, init: { body: string }) => {
    const body = JSON.parse(init.body) as Sent;
    sent.push(body);
    const criteria = body.message.search_request[0]!.search_criteria;
    const bounds = criteria.query as Array<{ operator: string; attribute_value: string }>;
    const ge = bounds.find((b) => b.operator === 'ge')?.attribute_value ?? '0000';
    const lt = bounds.find((b) => b.operator === 'lt')!.attribute_value;
    const all = Array.from({ length: total }, (_, i) => ({
      enrolment_id: `e${i}`,
      updated_at: new Date(Date.parse('2026-01-01T12:00:00Z') + i * 86_400_000).toISOString(),
    })).filter((r) => r.updated_at >= ge && r.updated_at < lt);
    const page = criteria.pagination.page_number;
    const records = all.slice((page - 1) * 3, page * 3);
    const status = reject ? 'rjct' : 'succ';
    return {
      ok: !reject,
      status: reject ? 401 : 200,
      json: async () => ({
        header: { status },
        message: {
          correlation_id: body.header.message_id,
          search_response: [{ status, ...(reject ? { status_reason_code: reject } : {}), data: { reg_records: records }, pagination: { total_count: all.length } }],
        },
      }),
    };
  }) as unknown as typeof fetch;
  const options: DciClientOptions = { url: 'http://registry', sign: () => 'sig', senderId: 's', receiverId: 'r', purpose: 'research', pageSize: 3, fetch: fetchFake };
  return { pool, options, sent, recorded };
}

describe('DCI search connector', () => {
  it('signs each request, states the purpose and sends the window as timestamps', () => {
    const { options } = fakeRegistry(0);
    const envelope = makeSearchEnvelope(options, { from: '2026-01-02', to: '2026-01-05' }, 2);
    expect(envelope.signature).toBe('sig');
    const criteria = envelope.message.search_request[0]!.search_criteria;
    expect(criteria.authorize).toEqual({ purpose: 'research' });
    expect(criteria.query).toEqual([
      { attribute_name: 'updated_at', operator: 'ge', attribute_value: '2026-01-02T00:00:00Z' },
      { attribute_name: 'updated_at', operator: 'lt', attribute_value: '2026-01-05T00:00:00Z' },
    ]);
    expect(criteria.pagination).toEqual({ page_size: 3, page_number: 2 });
  });

  it('pages until the total is reached with a fresh message id per request, each recorded', async () => {
    const { pool, options, sent, recorded } = fakeRegistry(8);
    const result = await searchAll(pool, options, { from: null, to: '2027-01-01' }, '2026-12-31');
    expect(result.records.map((r) => r.enrolment_id)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']);
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((s) => s.header.message_id)).size).toBe(3);
    expect(recorded.map((params) => params[4])).toEqual(['succ', 'succ', 'succ']);
  });

  it('turns a rejection into an error naming the rjct code', async () => {
    const { pool, options } = fakeRegistry(5, 'rjct.jwt.invalid');
    await expect(searchAll(pool, options, { from: null, to: '2027-01-01' }, '2026-12-31')).rejects.toThrow(/rjct\.jwt\.invalid/);
  });

  it('halves a window holding more than the split size and still returns every record once', async () => {
    const { pool, options, sent } = fakeRegistry(40);
    const result = await searchAdaptive(pool, options, { from: '2026-01-01', to: '2026-03-01' }, '2026-02-28', 10);
    expect(result.records.map((r) => r.enrolment_id).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `e${i}`).sort());
    expect(result.windows).toBeGreaterThan(3);
    expect(sent.length).toBeGreaterThan(14);
  });
});
