import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, revokeToken, type Role } from '../enclave-api/index.ts';
import { makeProject, makeUser, publishTestRelease, startTestEnclave, type TestEnclave } from './enclave-fixtures.ts';

type User = Awaited<ReturnType<typeof makeUser>>;

describe('enclave access control', () => {
  let enclave: TestEnclave;
  const users = {} as Record<'member' | 'outsider' | 'custodian' | 'policymaker' | 'admin' | 'spammer', User>;
  let project: string;
  let otherProject: string;
  let ownQuery: string;
  const newProject = {
    title: 'Child grants and school outcomes',
    purpose: 'research',
    legalBasis: 'POPIA s15',
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
    datasets: [{ id: 'grants', reason: 'needed for the grant analysis' }],
  };

  beforeAll(async () => {
    enclave = await startTestEnclave(
      async (pool, paths) => {
        await publishTestRelease(pool, paths, {
          dataset: 'grants',
          select: 'select range as person_id from range(50)',
          kind: 'synthetic',
        });
        const roles: Record<keyof typeof users, Role> = {
          member: 'researcher',
          outsider: 'researcher',
          custodian: 'custodian',
          policymaker: 'policymaker',
          admin: 'admin',
          spammer: 'researcher',
        };
        for (const [key, role] of Object.entries(roles)) users[key as keyof typeof users] = await makeUser(pool, role);
        project = await makeProject(pool, { datasets: ['grants'], members: [users.member.id] });
        otherProject = await makeProject(pool, { datasets: ['grants'], members: [users.outsider.id] });
      },
      { enclaveSettings: { rateLimitPerMinute: 100 } },
    );
    const submitted = await enclave.api('POST', '/api/v1/queries', users.member.token, {
      project,
      sql: 'select 1 as x',
      target: 'synthetic',
    });
    ownQuery = submitted.body.id;
  });
  afterAll(async () => enclave?.stop());

  const who = (name: keyof typeof users | 'nobody') => (name === 'nobody' ? null : users[name].token);

  // route, who, expected status
  const MATRIX: [string, string, () => unknown, keyof typeof users | 'nobody', number][] = [
    ['GET', '/api/v1/datasets', () => undefined, 'nobody', 401],
    ['GET', '/api/v1/datasets', () => undefined, 'member', 200],
    ['GET', '/api/v1/datasets', () => undefined, 'policymaker', 200],
    ['GET', '/api/v1/datasets/grants', () => undefined, 'outsider', 200],
    ['GET', '/api/v1/datasets/nope', () => undefined, 'member', 404],
    ['GET', '/api/v1/datasets/grants/dcat', () => undefined, 'member', 200],
    ['GET', '/api/v1/datasets/grants/ddi', () => undefined, 'policymaker', 200],
    ['GET', '/api/v1/datasets/grants/ddi', () => undefined, 'nobody', 401],
    ['POST', '/api/v1/projects', () => newProject, 'nobody', 401],
    ['POST', '/api/v1/projects', () => newProject, 'member', 403],
    ['POST', '/api/v1/projects', () => newProject, 'policymaker', 403],
    ['POST', '/api/v1/projects', () => newProject, 'custodian', 201],
    ['POST', '/api/v1/projects', () => newProject, 'admin', 201],
    ['GET', '/api/v1/projects/:project', () => undefined, 'nobody', 401],
    ['GET', '/api/v1/projects/:project', () => undefined, 'member', 200],
    ['GET', '/api/v1/projects/:project', () => undefined, 'outsider', 404],
    ['GET', '/api/v1/projects/:project', () => undefined, 'policymaker', 404],
    ['GET', '/api/v1/projects/:project', () => undefined, 'custodian', 200],
    ['GET', '/api/v1/projects/:project', () => undefined, 'admin', 200],
    ['GET', '/api/v1/projects/:other', () => undefined, 'member', 404],
    ['POST', '/api/v1/queries', () => ({ project, sql: 'select 1', target: 'synthetic' }), 'nobody', 401],
    ['POST', '/api/v1/queries', () => ({ project, sql: 'select 1', target: 'synthetic' }), 'outsider', 404],
    ['POST', '/api/v1/queries', () => ({ project, sql: 'select 1', target: 'synthetic' }), 'custodian', 403],
    ['POST', '/api/v1/queries', () => ({ project: otherProject, sql: 'select 1', target: 'synthetic' }), 'member', 404],
    ['POST', '/api/v1/queries', () => ({ project, sql: 'select 1', target: 'real' }), 'member', 409],
    ['GET', '/api/v1/queries/:query', () => undefined, 'nobody', 401],
    ['GET', '/api/v1/queries/:query', () => undefined, 'member', 200],
    ['GET', '/api/v1/queries/:query', () => undefined, 'outsider', 404],
    ['GET', '/api/v1/queries/:query', () => undefined, 'policymaker', 404],
    ['GET', '/api/v1/queries/:query', () => undefined, 'custodian', 200],
    ['GET', '/api/v1/dashboards', () => undefined, 'nobody', 401],
    ['GET', '/api/v1/dashboards', () => undefined, 'member', 403],
    ['GET', '/api/v1/dashboards', () => undefined, 'policymaker', 200],
    ['GET', '/api/v1/dashboards', () => undefined, 'custodian', 200],
    ['GET', '/api/v1/audit', () => undefined, 'nobody', 401],
    ['GET', '/api/v1/audit', () => undefined, 'member', 403],
    ['GET', '/api/v1/audit', () => undefined, 'policymaker', 403],
    ['GET', '/api/v1/audit', () => undefined, 'custodian', 200],
    ['GET', '/api/v1/audit/verify', () => undefined, 'admin', 200],
    ['GET', '/api/v1/audit/verify', () => undefined, 'member', 403],
    ['POST', '/api/v1/users', () => ({ name: `u${Math.random()}`, role: 'researcher' }), 'custodian', 403],
    ['POST', '/api/v1/users', () => ({ name: `u${Math.random()}`, role: 'researcher' }), 'admin', 201],
  ];

  const CASES = MATRIX.map(([method, route, body, user, status]) => ({ method, route, body, user, status }));

  it.each(CASES)('$method $route as $user answers $status', async ({ method, route, body, user, status }) => {
    const path = route.replace(':project', project).replace(':other', otherProject).replace(':query', ownQuery);
    const response = await enclave.api(method, path, who(user), body());
    expect(response.status).toBe(status);
    if (status >= 400) expect(response.body.error).toEqual({ code: expect.any(String), message: expect.any(String) });
  });

  it('refuses an expired token', async () => {
    const expired = await issueToken(enclave.db.pool, {
      userId: users.member.id,
      expiresAt: new Date(Date.now() - 1000),
    });
    const response = await enclave.api('GET', '/api/v1/me', expired.token);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthorized');
  });

  it('refuses a revoked token, also through the revoke route', async () => {
    const extra = await issueToken(enclave.db.pool, { userId: users.member.id });
    expect((await enclave.api('GET', '/api/v1/me', extra.token)).status).toBe(200);
    expect((await enclave.api('POST', `/api/v1/tokens/${extra.tokenId}/revoke`, extra.token)).status).toBe(200);
    expect((await enclave.api('GET', '/api/v1/me', extra.token)).status).toBe(401);
    const another = await issueToken(enclave.db.pool, { userId: users.member.id });
    await revokeToken(enclave.db.pool, another.tokenId);
    expect((await enclave.api('GET', '/api/v1/me', another.token)).status).toBe(401);
  });

  it('refuses a token that is case-altered or malformed', async () => {
    const token = users.member.token;
    const altered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect((await enclave.api('GET', '/api/v1/me', altered)).status).toBe(401);
    const response = await fetch(`${enclave.server.url}/api/v1/me`, { headers: { authorization: `Basic ${token}` } });
    expect(response.status).toBe(401);
  });

  it.each([
    ['ended', '2020-01-01', '2020-12-31'],
    ['not yet started', '2099-01-01', '2099-12-31'],
  ])('refuses queries in a project whose access window has %s', async (_label, startsOn, endsOn) => {
    const closed = await makeProject(enclave.db.pool, {
      datasets: ['grants'],
      members: [users.member.id],
      startsOn,
      endsOn,
    });
    const response = await enclave.api('POST', '/api/v1/queries', users.member.token, {
      project: closed,
      sql: 'select 1',
      target: 'synthetic',
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('outside_access_window');
  });

  it('shows a researcher only their own projects and queries', async () => {
    const projects = await enclave.api('GET', '/api/v1/projects', users.outsider.token);
    expect(projects.body.projects.map((p: { id: string }) => p.id)).toEqual([otherProject]);
    const queries = await enclave.api('GET', '/api/v1/queries', users.outsider.token);
    expect(queries.body.queries).toEqual([]);
  });

  it('names the bad field in a 400', async () => {
    const response = await enclave.api('POST', '/api/v1/queries', users.member.token, { project, target: 'synthetic' });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/^body\.sql:/);
    const malformed = await enclave.api('POST', '/api/v1/queries', users.member.token, '{not json');
    expect(malformed.status).toBe(400);
  });

  it('records grants as data with who granted them and why', async () => {
    const created = await enclave.api('POST', '/api/v1/projects', users.custodian.token, newProject);
    expect(created.body.datasets).toEqual([
      {
        id: 'grants',
        grantedBy: users.custodian.id,
        reason: 'needed for the grant analysis',
        grantedAt: expect.any(String),
      },
    ]);
  });

  it('serves health, the OpenAPI description and security headers without a token', async () => {
    const health = await enclave.api('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', postgres: { ok: true } });
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    const openapi = await enclave.api('GET', '/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/queries', '/api/v1/queries/{id}', '/api/v1/projects']),
    );
    expect(openapi.body.components.schemas.NewQuery.properties.target.enum).toEqual(['synthetic', 'real']);
  });

  it('rate-limits a user with 429 and Retry-After', async () => {
    let limited: Awaited<ReturnType<TestEnclave['api']>> | undefined;
    for (let i = 0; i < 110 && !limited; i += 1) {
      const response = await enclave.api('GET', '/api/v1/me', users.spammer.token);
      if (response.status === 429) limited = response;
    }
    expect(limited?.body.error.code).toBe('rate_limited');
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  // Last: afterwards this address is throttled for a minute.
  it('throttles an address after many failed sign-ins', async () => {
    let status = 0;
    for (let i = 0; i < 130 && status !== 429; i += 1)
      status = (await enclave.api('GET', '/api/v1/me', `sdf_guess${i}`)).status;
    expect(status).toBe(429);
    expect((await enclave.api('GET', '/api/v1/me', users.member.token)).status).toBe(429);
  });
});
