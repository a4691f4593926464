/**
 * The researcher-visible surface of `target: "real"` tested as a property: two facilities serve releases that
 * differ in one person (`PX00007`'s income and district); every hostile query of `HOSTILE_REAL_QUERIES` is run on
 * both, and every route and field a researcher can read must be identical apart from the declared channels — the
 * query's terminal status with its error code, the outcome, the cell verdicts and the timings. The declared
 * channels themselves must come from their closed lists, and nothing readable may contain a pseudonym or an
 * income of the release.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL_QUERY_ERRORS } from '../enclave-api/index.ts';
import { DEFAULT_PROFILE, RESEARCHER_RULES, researcherAdvice } from '../output-checks/index.ts';
import { HOSTILE_REAL_QUERIES, type HostileQuery } from './fixtures/hostile-real-queries.ts';
import {
  makeProject,
  makeUser,
  publishTestRelease,
  startTestEnclave,
  type ApiResponse,
  type TestEnclave,
} from './enclave-fixtures.ts';

const TARGET_INCOME = { a: 987654.25, b: 123456.75 } as const;

/** 400 persons in 4 districts and 3 industries; only the target's income and district differ between a and b. */
const employment = (variant: 'a' | 'b') => `
  select 'PX' || lpad(i::varchar, 5, '0') as person_id,
         case when i % 5 = 0 then 'PX' || lpad((i + 50000)::varchar, 5, '0') end as child_person_id,
         case when i = 7 then '${variant === 'a' ? 'D1' : 'D2'}' else 'D' || (1 + i % 4) end as district,
         'I' || (1 + i % 3) as industry,
         case when i = 7 then ${TARGET_INCOME[variant]} else 20000 + (i * 7919) % 60000 + 0.5 end as gross_income
    from range(400) t(i)`;

/** Attempts per project: the default daily budget of real queries is per project. */
const PER_PROJECT = 30;

interface Facility {
  enclave: TestEnclave;
  projects: { id: string; token: string }[];
}

async function startFacility(variant: 'a' | 'b'): Promise<Facility> {
  const projects: Facility['projects'] = [];
  const enclave = await startTestEnclave(async (pool, paths) => {
    await publishTestRelease(pool, paths, {
      dataset: 'employment',
      select: employment(variant),
      roles: { child_person_id: 'pseudonym' },
    });
    for (let p = 0; p * PER_PROJECT < HOSTILE_REAL_QUERIES.length; p++) {
      const researcher = await makeUser(pool, 'researcher', `researcher-${p}`);
      projects.push({
        id: await makeProject(pool, { datasets: ['employment'], members: [researcher.id] }),
        token: researcher.token,
      });
    }
  });
  return { enclave, projects };
}

/** Everything a researcher read about one attempt. */
interface Surface {
  submitted: ApiResponse;
  query: ApiResponse | null;
  release: ApiResponse | null;
}

async function attempt(facility: Facility, index: number, hostile: HostileQuery): Promise<Surface> {
  const { id: project, token } = facility.projects[Math.floor(index / PER_PROJECT)]!;
  const { enclave } = facility;
  const submitted = await enclave.api('POST', '/api/v1/queries', token, { project, sql: hostile.sql, target: 'real' });
  if (submitted.status !== 202) return { submitted, query: null, release: null };
  const query = await waitForQuery(enclave, token, submitted.body.id);
  const release =
    query.body.status === 'succeeded' && query.body.outcome !== 'fail'
      ? await enclave.api('POST', `/api/v1/queries/${query.body.id}/release-requests`, token, {
          justification: 'for the paper',
        })
      : null;
  return { submitted, query, release };
}

async function waitForQuery(enclave: TestEnclave, token: string, id: string): Promise<ApiResponse> {
  const deadline = Date.now() + 45_000;
  for (let delay = 50; ; delay = Math.min(500, Math.round(delay * 1.5))) {
    const current = await enclave.api('GET', `/api/v1/queries/${id}`, token);
    if (['succeeded', 'failed'].includes(current.body.status) || Date.now() > deadline) return current;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;
/** Fields that are declared channels (compared by `channels`, masked here) or differ by construction. */
const MASKED = new Set([
  'timings',
  'startedAt',
  'finishedAt',
  'submittedAt',
  'createdAt',
  'decidedAt',
  'checkedAt',
  'at',
  'outcome',
  'cells',
  'findings',
  'reasons',
  'error',
  'status',
]);

/** The surface with ids and times masked, and the declared channels too unless `channels` is false. */
function mask(value: unknown, channels = true, key = ''): unknown {
  if (channels && MASKED.has(key)) return '<channel>';
  if (typeof value === 'string') return value.replace(UUID, '<id>').replace(ISO_TIME, '<time>');
  if (Array.isArray(value)) return value.map((v) => mask(v, channels));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, channels, k)]));
  return value;
}

/** Whatever a researcher could read, as text, without the SQL they wrote themselves. */
function readable(surface: Surface): string {
  const strip = (body: unknown) => (body && typeof body === 'object' ? { ...(body as object), sql: undefined } : body);
  // Ids and hashes are hexadecimal and may hold any run of digits: they are not data.
  return JSON.stringify([surface.submitted.body, strip(surface.query?.body), strip(surface.release?.body)])
    .replace(UUID, '<id>')
    .replace(/[0-9a-f]{32,}/g, '<hash>');
}

const INCOME_DIGITS = [...new Set([...Array(400).keys()].map((i) => String(20000 + ((i * 7919) % 60000))))];
const ADVICE = new Set(Object.values(researcherAdvice(DEFAULT_PROFILE)));

describe('real queries: two releases that differ in one person look the same to a researcher', () => {
  let a: Facility;
  let b: Facility;
  const surfaces = new Map<number, [Surface, Surface]>();

  beforeAll(async () => {
    [a, b] = await Promise.all([startFacility('a'), startFacility('b')]);
    for (const [i, hostile] of HOSTILE_REAL_QUERIES.entries()) {
      surfaces.set(i, await Promise.all([attempt(a, i, hostile), attempt(b, i, hostile)]));
    }
  }, 600_000);
  afterAll(async () => {
    await Promise.all([a?.enclave.stop(), b?.enclave.stop()]);
  });

  it('has at least 80 hostile attempts across every channel class', () => {
    expect(HOSTILE_REAL_QUERIES.length).toBeGreaterThanOrEqual(80);
    expect(new Set(HOSTILE_REAL_QUERIES.map((h) => h.class)).size).toBe(7);
  });

  const cases = HOSTILE_REAL_QUERIES.map((h, i) => [`${h.class}: ${h.name}`, i] as const);

  it.each(cases)('%s — identical apart from the declared channels', (_, i) => {
    const [sa, sb] = surfaces.get(i)!;
    // A refusal at submission depends on the SQL alone: identical, message and all.
    expect(sa.submitted.status).toBe(sb.submitted.status);
    expect(mask(sa.submitted.body, false)).toEqual(mask(sb.submitted.body, false));
    expect(mask(sa.query?.body)).toEqual(mask(sb.query?.body));
    // A release request is asked for only when the outcome allows it, so it is compared when the outcomes agree;
    // its own refusal (the output fails after rounding) is the outcome again.
    if (sa.query?.body.outcome === sb.query?.body.outcome && sa.release?.status === sb.release?.status) {
      expect(mask(sa.release?.body)).toEqual(mask(sb.release?.body));
    } else if (sa.release && sb.release) {
      expect([sa.release.body?.error?.code, sb.release.body?.error?.code]).toContain('output_fails_checks');
    }
  });

  it.each(cases)('%s — the declared channels come from their closed lists', (_, i) => {
    for (const surface of surfaces.get(i)!) {
      const query = surface.query?.body;
      if (!query) {
        expect(surface.submitted.status).toBeGreaterThanOrEqual(400);
        continue;
      }
      expect(['succeeded', 'failed']).toContain(query.status);
      expect(query.rowCount).toBeNull();
      expect(query.truncated).toBeNull();
      expect(query.rows).toBeUndefined();
      if (query.error)
        expect(query.error.message).toBe(REAL_QUERY_ERRORS[query.error.code as keyof typeof REAL_QUERY_ERRORS]);
      if (query.status === 'succeeded') expect(['pass', 'review', 'fail']).toContain(query.outcome);
      const report = query.checkReport;
      if (!report) continue;
      const columns = (query.columns as { name: string }[]).map((c) => c.name);
      for (const finding of report.findings) {
        expect(RESEARCHER_RULES).toContain(finding.rule);
        expect(ADVICE).toContain(finding.reason);
      }
      for (const cell of report.cells) {
        expect(Object.keys(cell).sort()).toEqual(['column', 'row', 'verdict', 'verdicts']);
        expect([...columns, '(group)']).toContain(cell.column);
        for (const v of cell.verdicts) expect(ADVICE).toContain(v.reason);
      }
    }
  });

  it.each(cases)('%s — no pseudonym or income of the release is readable', (_, i) => {
    for (const surface of surfaces.get(i)!) {
      const text = readable(surface);
      expect(text).not.toMatch(/PX\d{5}/);
      expect(text).not.toContain('987654');
      expect(text).not.toContain('123456');
      for (const digits of INCOME_DIGITS) expect(text).not.toContain(digits);
    }
  });

  it('lists of queries and release requests are identical apart from the declared channels', async () => {
    for (const [p, { token, id }] of a.projects.entries()) {
      const other = b.projects[p]!;
      const [qa, qb] = await Promise.all([
        a.enclave.api('GET', `/api/v1/queries?project=${id}`, token),
        b.enclave.api('GET', `/api/v1/queries?project=${other.id}`, other.token),
      ]);
      expect(qa.status).toBe(200);
      expect(mask(qa.body)).toEqual(mask(qb.body));
      const [ra, rb] = await Promise.all([
        a.enclave.api('GET', '/api/v1/release-requests', token),
        b.enclave.api('GET', '/api/v1/release-requests', other.token),
      ]);
      expect(ra.status).toBe(rb.status);
      // Requests exist only where the outcome allowed one; compare the ones both facilities have.
      const byQuerySql = (body: { requests?: { sql: string }[] }) =>
        new Map((body.requests ?? []).map((r) => [r.sql, r]));
      const [ma, mb] = [byQuerySql(ra.body), byQuerySql(rb.body)];
      for (const [sql, request] of ma) if (mb.has(sql)) expect(mask(request)).toEqual(mask(mb.get(sql)));
    }
  });

  it('catalog routes a researcher reads differ only in the published files’ hashes and sizes', async () => {
    const { token } = a.projects[0]!;
    const other = b.projects[0]!.token;
    for (const path of ['/api/v1/datasets', '/api/v1/datasets/employment']) {
      const [ca, cb] = await Promise.all([a.enclave.api('GET', path, token), b.enclave.api('GET', path, other)]);
      expect(ca.status).toBe(200);
      const files = (text: string) => text.replace(/"(sha256|bytes)":("[0-9a-f]{64}"|\d+)/g, '"$1":"<file>"');
      expect(mask(JSON.parse(files(JSON.stringify(ca.body))))).toEqual(
        mask(JSON.parse(files(JSON.stringify(cb.body)))),
      );
    }
  });

  it('leaves both enclaves healthy and answering', async () => {
    for (const facility of [a, b]) {
      const health = await facility.enclave.api('GET', '/health');
      expect(health.status).toBe(200);
      const { id, token } = facility.projects.at(-1)!;
      const next = await facility.enclave.runQuery(token, {
        project: id,
        sql: 'select district, count(*) as n from employment group by district',
        target: 'real',
      });
      expect(next.body).toMatchObject({ status: 'succeeded', outcome: 'pass' });
    }
  });
});
