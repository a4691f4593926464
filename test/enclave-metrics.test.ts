/**
 * `/metrics` and request ids: the Prometheus text is readable only with an admin's token or the scraper's own,
 * each scrape is audited, and it shows the shared queue, query counts, the sandbox pool, HTTP requests by route
 * and rate-limit refusals. A request's id is echoed, audited and carried into the query job it submits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecorder, listAudit } from '../enclave-api/index.ts';
import { makeProject, makeUser, publishTestRelease, startTestEnclave, type TestEnclave } from './enclave-fixtures.ts';

const SCRAPER = 'scraper-secret-0123456789';

describe('enclave metrics and request ids', () => {
  let enclave: TestEnclave;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let researcher: Awaited<ReturnType<typeof makeUser>>;
  let project: string;

  beforeAll(async () => {
    enclave = await startTestEnclave(
      async (pool, paths) => {
        await publishTestRelease(pool, paths, {
          dataset: 'grants',
          select: 'select range as person_id from range(50)',
          kind: 'synthetic',
        });
        admin = await makeUser(pool, 'admin');
        researcher = await makeUser(pool, 'researcher');
        project = await makeProject(pool, { datasets: ['grants'], members: [researcher.id] });
      },
      // No worker: the submitted query stays in the queue, where the metrics and its payload can be seen.
      { runWorker: false, enclaveSettings: { rateLimitPerMinute: 5, metricsToken: SCRAPER } },
    );
  });
  afterAll(async () => {
    await enclave?.stop();
  });

  const scrape = (token?: string) => enclave.api('GET', '/metrics', token);

  it.each([
    { who: 'nobody', token: () => undefined, status: 401 },
    { who: 'a researcher', token: () => researcher.token, status: 403 },
    { who: 'a wrong token', token: () => 'sdf_not-a-token', status: 401 },
    { who: 'an admin', token: () => admin.token, status: 200 },
    { who: 'the scraper', token: () => SCRAPER, status: 200 },
  ])('answers $who with $status', async ({ token, status }) => {
    expect((await scrape(token())).status).toBe(status);
  });

  it('carries the request id into the audit entry and the query job', async () => {
    const submitted = await fetch(`${enclave.server.url}/api/v1/queries`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${researcher.token}`,
        'content-type': 'application/json',
        'x-request-id': 'trace-42',
      },
      body: JSON.stringify({ project, sql: 'select count(*) as n from grants', target: 'synthetic' }),
    });
    expect(submitted.status).toBe(202);
    expect(submitted.headers.get('x-request-id')).toBe('trace-42');
    const { rows } = await enclave.db.pool.query(`select payload from graphile_worker._private_jobs`);
    expect(rows.map((row) => row.payload)).toContainEqual({
      queryId: ((await submitted.json()) as { id: string }).id,
      requestId: 'trace-42',
    });
    const generated = await enclave.api('GET', '/api/v1/me', researcher.token);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await auditRecorder(enclave.server.app).drain();
    const audit = await listAudit(enclave.db.pool, { limit: 50 });
    expect(audit.map((entry) => (entry.details as { requestId?: string }).requestId)).toContain('trace-42');
  });

  it('shows the queue, the queries, the sandbox pool, requests by route and rate-limit refusals', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) statuses.push((await enclave.api('GET', '/api/v1/me', researcher.token)).status);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    const { status, body, headers } = await scrape(SCRAPER);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('text/plain');
    const text = String(body);
    expect(text).toMatch(/sdf_queue_jobs\{task="enclave_run_query",state="ready"\} 1/);
    expect(text).toMatch(/sdf_queries\{target="synthetic",status="queued",outcome=""\} 1/);
    expect(text).toMatch(/sdf_sandbox_workers\{state="(idle|starting)"\} 1/);
    expect(text).toMatch(/sdf_http_requests_total\{method="GET",route="\/api\/v1\/me",status="200"\} \d+/);
    expect(text).toMatch(
      /sdf_http_request_duration_seconds_bucket\{le="[^"]+",method="POST",route="\/api\/v1\/queries"\}/,
    );
    expect(text).toMatch(/sdf_rate_limit_refusals_total\{limiter="api-user"\} [1-9]/);
  });

  it('audits every scrape, with the scraper named', async () => {
    await auditRecorder(enclave.server.app).drain();
    const audit = await listAudit(enclave.db.pool, { limit: 200 });
    const scrapes = audit.filter((entry) => entry.route === '/metrics');
    expect(scrapes.map((entry) => entry.status).sort()).toEqual(expect.arrayContaining([200, 200, 401, 401, 403]));
    expect(
      scrapes.some((entry) => (entry.details as { scrapedWith?: string }).scrapedWith === 'SDF_METRICS_TOKEN'),
    ).toBe(true);
  });
});
