/** The education registry's DCI sync search API: signatures, replay protection, validation and paging. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  DEFAULT_MAX_PAGE_SIZE,
  EDUCATION_REG_TYPE,
  generateRegistries,
  resolveMaxPageSize,
  signDciEnvelope,
  startEducationRegistry,
  verifyDciEnvelope,
  type EducationRegistry,
  type EnrolmentRecord,
  type SearchResponseItem,
} from '../sources/index.ts';
import { makeTestDatabase, makeTestHome, type TestDatabase } from './helpers.ts';

const SECRET = 'registry-test-secret';
let db: TestDatabase;
let home: ReturnType<typeof makeTestHome>;
let registry: EducationRegistry;

interface SearchResponse {
  signature: string;
  header: { status: string; status_reason_code?: string; total_count: number; completed_count: number; action: string };
  message: { transaction_id: string; correlation_id: string; search_response: SearchResponseItem[] };
}

function criteria(query_type: 'predicate' | 'idtype-value', query: unknown, page_size = 100, page_number = 1) {
  return {
    version: '1.0.0',
    reg_type: EDUCATION_REG_TYPE,
    query_type,
    query,
    pagination: { page_size, page_number },
    authorize: { purpose: 'statistics' },
  };
}

function envelope(searchCriteria: unknown[], referenceIds?: string[]) {
  return {
    header: {
      version: '1.0.0',
      message_id: randomUUID(),
      message_ts: new Date().toISOString(),
      action: 'search',
      sender_id: 'sdf-pipelines',
      receiver_id: 'education-registry',
      total_count: searchCriteria.length,
      is_msg_encrypted: false,
    },
    message: {
      transaction_id: randomUUID(),
      search_request: searchCriteria.map((search_criteria, i) => ({
        reference_id: referenceIds?.[i] ?? `ref-${i}`,
        timestamp: new Date().toISOString(),
        search_criteria,
      })),
    },
  };
}

async function post(body: unknown): Promise<{ status: number; body: SearchResponse }> {
  const response = await fetch(`${registry.url}/registry/sync/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as SearchResponse };
}

const search = (searchCriteria: unknown[], referenceIds?: string[]) =>
  post(signDciEnvelope(envelope(searchCriteria, referenceIds), SECRET));
const RECENT = [
  { attribute_name: 'updated_at', operator: 'ge', attribute_value: '2026-10-01' },
  { attribute_name: 'updated_at', operator: 'le', attribute_value: '2026-11-22' },
];

beforeAll(async () => {
  db = await makeTestDatabase();
  home = makeTestHome();
  await generateRegistries({ pool: db.pool, paths: home, persons: 3_000, seed: 11, asOf: '2026-11-22' });
  registry = await startEducationRegistry({ pool: db.pool, port: 0, secret: SECRET });
}, 120_000);

afterAll(async () => {
  await registry?.close();
  await db?.drop();
  home?.remove();
});

describe('education registry (DCI sync search)', () => {
  it('pages through an updated_at range without gaps or overlaps, and signs its answer', async () => {
    const { rows } = await db.pool.query<{ n: string }>(
      `select count(*) as n from education.enrolments where updated_at >= '2026-10-01T00:00:00Z' and updated_at < '2026-11-23T00:00:00Z'`,
    );
    const expected = Number(rows[0]!.n);
    expect(expected).toBeGreaterThan(60);
    const records: EnrolmentRecord[] = [];
    for (let page = 1; ; page += 1) {
      const { status, body } = await search([criteria('predicate', RECENT, 25, page)]);
      expect(status).toBe(200);
      expect(verifyDciEnvelope(body, SECRET)).toBe(true);
      const item = body.message.search_response[0]!;
      expect(item.status).toBe('succ');
      expect(item.pagination).toEqual({ page_size: 25, page_number: page, total_count: expected });
      records.push(...item.data!.reg_records);
      if (item.data!.reg_records.length < 25) break;
    }
    expect(records).toHaveLength(expected);
    const keys = records.map((r) => JSON.stringify(r));
    const { rows: all } = await db.pool.query<{ n: string }>(
      `select count(distinct (e.*)::text) as n from education.enrolments e where updated_at >= '2026-10-01T00:00:00Z' and updated_at < '2026-11-23T00:00:00Z'`,
    );
    expect(new Set(keys).size).toBe(Number(all[0]!.n));
    expect(records.every((r) => r.updated_at >= '2026-10-01' && r.updated_at < '2026-11-23')).toBe(true);
  });

  const DAY = '2026-11-15';
  const BOUNDS: Record<string, [string, string]> = {
    // [date-only semantics over whole UTC days, SQL for the same bound as a full timestamp]
    eq: [`updated_at >= '${DAY}T00:00:00Z' and updated_at < '2026-11-16T00:00:00Z'`, `updated_at = '${DAY}T00:00:00Z'`],
    ge: [`updated_at >= '${DAY}T00:00:00Z'`, `updated_at >= '${DAY}T00:00:00Z'`],
    gt: [`updated_at >= '2026-11-16T00:00:00Z'`, `updated_at > '${DAY}T00:00:00Z'`],
    le: [`updated_at < '2026-11-16T00:00:00Z'`, `updated_at <= '${DAY}T00:00:00Z'`],
    lt: [`updated_at < '${DAY}T00:00:00Z'`, `updated_at < '${DAY}T00:00:00Z'`],
  };
  for (const [operator, [dateSql, timestampSql]] of Object.entries(BOUNDS)) {
    for (const [form, value, sql] of [
      ['date-only', DAY, dateSql],
      ['full-timestamp', `${DAY}T00:00:00Z`, timestampSql],
    ] as const) {
      it(`answers updated_at ${operator} with a ${form} value, alone and after a ge bound`, async () => {
        for (const query of [
          [{ attribute_name: 'updated_at', operator, attribute_value: value }],
          [
            { attribute_name: 'updated_at', operator: 'ge', attribute_value: '2026-01-01' },
            { attribute_name: 'updated_at', operator, attribute_value: value },
          ],
        ]) {
          const extra = query.length === 2 ? ` and updated_at >= '2026-01-01T00:00:00Z'` : '';
          const { rows } = await db.pool.query<{ n: string }>(
            `select count(*) as n from education.enrolments where ${sql}${extra}`,
          );
          const { status, body } = await search([criteria('predicate', query, 10)]);
          expect(status).toBe(200);
          const item = body.message.search_response[0]!;
          expect(item.status).toBe('succ');
          expect(item.pagination!.total_count).toBe(Number(rows[0]!.n));
        }
      });
    }
  }

  it('caps page_size at the default 5000', async () => {
    const { body } = await search([
      criteria('predicate', [{ attribute_name: 'year', operator: 'ge', attribute_value: 2000 }], 8000),
    ]);
    const item = body.message.search_response[0]!;
    expect(item.pagination!.page_size).toBe(DEFAULT_MAX_PAGE_SIZE);
    expect(item.data!.reg_records).toHaveLength(Math.min(DEFAULT_MAX_PAGE_SIZE, item.pagination!.total_count));
  });

  it('takes the page size cap from the option, else SDF_DCI_MAX_PAGE_SIZE, and refuses a nonsense cap', () => {
    expect(resolveMaxPageSize(250)).toBe(250);
    expect(resolveMaxPageSize(undefined)).toBe(DEFAULT_MAX_PAGE_SIZE);
    expect(() => resolveMaxPageSize(0)).toThrow(/page size cap/);
    expect(() => resolveMaxPageSize(2.5)).toThrow(/page size cap/);
  });

  it('serves pages of a registry-configured size', async () => {
    const small = await startEducationRegistry({ pool: db.pool, port: 0, secret: SECRET, maxPageSize: 7 });
    try {
      const response = await fetch(`${small.url}/registry/sync/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(signDciEnvelope(envelope([criteria('predicate', RECENT, 50)]), SECRET)),
      });
      const item = ((await response.json()) as SearchResponse).message.search_response[0]!;
      expect(item.pagination!.page_size).toBe(7);
      expect(item.data!.reg_records).toHaveLength(7);
    } finally {
      await small.close();
    }
  });

  it('pages with an index range scan on (updated_at, enrolment_id), not a sort of the whole range', async () => {
    // At test size the planner rightly prefers a bitmap scan + sort; forbid that to show the index serves the order.
    const client = await db.pool.connect();
    let plan: string;
    try {
      await client.query('begin');
      await client.query('set local enable_bitmapscan = off');
      await client.query('set local enable_seqscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `explain select * from education.enrolments where updated_at >= '2026-10-01' and updated_at < '2026-11-23'
          order by updated_at, enrolment_id, ctid limit 100 offset 200`,
      );
      plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await client.query('rollback');
      client.release();
    }
    expect(plan).toMatch(/Index Scan using enrolments_updated_at_id/);
    expect(plan).toMatch(/Incremental Sort/);
  });

  it('finds a learner by national ID (idtype-value)', async () => {
    const { rows } = await db.pool.query<{ learner_id_number: string; n: string }>(
      `select learner_id_number, count(*) as n from education.enrolments group by 1 order by 2 desc, 1 limit 1`,
    );
    const { body } = await search([
      criteria('idtype-value', { type: 'NATIONAL_ID', value: rows[0]!.learner_id_number }),
    ]);
    const item = body.message.search_response[0]!;
    expect(item.pagination!.total_count).toBe(Number(rows[0]!.n));
    expect(item.data!.reg_records.every((r) => r.learner_id_number === rows[0]!.learner_id_number)).toBe(true);
  });

  it('answers each search request on its own, rejecting bad ones with a reason code', async () => {
    const { status, body } = await search(
      [
        criteria('predicate', RECENT, 5),
        criteria('predicate', [{ attribute_name: 'surname', operator: 'eq', attribute_value: 'Dlamini' }]),
        { ...criteria('predicate', RECENT), reg_type: 'ns:org:RegistryType:Civil' },
        criteria('predicate', RECENT),
      ],
      ['a', 'b', 'c', ' '],
    );
    expect(status).toBe(200);
    expect(body.header).toMatchObject({ action: 'on-search', status: 'succ', total_count: 4, completed_count: 1 });
    expect(body.message.search_response.map((r) => [r.reference_id, r.status, r.status_reason_code])).toEqual([
      ['a', 'succ', undefined],
      ['b', 'rjct', 'rjct.search_criteria.invalid'],
      ['c', 'rjct', 'rjct.search_criteria.invalid'],
      [' ', 'rjct', 'rjct.reference_id.invalid'],
    ]);
  });

  it('rejects an envelope with a bad signature as rjct.jwt.invalid', async () => {
    const forged = signDciEnvelope(envelope([criteria('predicate', RECENT)]), 'not-the-secret');
    const { status, body } = await post(forged);
    expect(status).toBe(401);
    expect(body.header).toMatchObject({ status: 'rjct', status_reason_code: 'rjct.jwt.invalid' });
    expect(body.message.search_response).toEqual([]);
  });

  it('rejects a repeated message_id as rjct.message_id.duplicate', async () => {
    const signed = signDciEnvelope(envelope([criteria('predicate', RECENT)]), SECRET);
    expect((await post(signed)).status).toBe(200);
    const replay = await post(signed);
    expect(replay.status).toBe(409);
    expect(replay.body.header).toMatchObject({ status: 'rjct', status_reason_code: 'rjct.message_id.duplicate' });
  });

  it('rejects a malformed envelope with 400 and names the field', async () => {
    const bad = envelope([criteria('predicate', RECENT)]);
    const { status, body } = await post(signDciEnvelope({ ...bad, header: { ...bad.header, version: '0.9' } }, SECRET));
    expect(status).toBe(400);
    expect(body.header).toMatchObject({ status: 'rjct', status_reason_code: 'rjct.version.invalid' });
  });

  it('answers an internal error as a signed DCI envelope (rjct.internal.error), not a bare 500', async () => {
    const broken = {
      query: async () => {
        throw new Error('database is gone');
      },
    } as unknown as pg.Pool;
    const failing = await startEducationRegistry({ pool: broken, port: 0, secret: SECRET });
    try {
      const response = await fetch(`${failing.url}/registry/sync/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(signDciEnvelope(envelope([criteria('predicate', RECENT)]), SECRET)),
      });
      expect(response.status).toBe(500);
      const body = (await response.json()) as SearchResponse;
      expect(body.header).toMatchObject({
        action: 'on-search',
        status: 'rjct',
        status_reason_code: 'rjct.internal.error',
      });
      expect(JSON.stringify(body)).not.toContain('database is gone');
      expect(verifyDciEnvelope(body, SECRET)).toBe(true);
    } finally {
      await failing.close();
    }
  });

  it('answers a body that is not JSON with a 400 DCI envelope', async () => {
    const response = await fetch(`${registry.url}/registry/sync/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"header": ',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as SearchResponse).header).toMatchObject({
      status: 'rjct',
      status_reason_code: 'rjct.request.invalid',
    });
  });
});
