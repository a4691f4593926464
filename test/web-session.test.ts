/**
 * The UI session over plain HTTP against the real enclave app: sign-in exchanges a token for an HttpOnly,
 * SameSite=Strict cookie; the API accepts the cookie for reads, demands the CSRF token for writes; sign-out,
 * token revocation and a wrong token all end or refuse the session. No browser needed.
 */
import { describe, expect, it } from 'vitest';
import { revokeToken } from '../enclave-api/index.ts';
import { useWebEnclave } from './web-harness.ts';

describe('web UI session over HTTP', () => {
  const web = useWebEnclave({ fixture: false, runWorker: false });

  async function signIn(token: string): Promise<{ cookie: string; csrf: string; setCookie: string }> {
    const res = await fetch(`${web.server.url}/ui/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(res.status).toBe(201);
    const setCookie = res.headers.get('set-cookie') ?? '';
    const body = (await res.json()) as { csrf: string };
    return { cookie: setCookie.split(';')[0]!, csrf: body.csrf, setCookie };
  }

  const get = (path: string, cookie: string) => fetch(`${web.server.url}${path}`, { headers: { cookie } });
  const post = (path: string, cookie: string, body: unknown, csrf?: string) =>
    fetch(`${web.server.url}${path}`, {
      method: 'POST',
      headers: { cookie, 'Content-Type': 'application/json', ...(csrf ? { 'X-CSRF-Token': csrf } : {}) },
      body: JSON.stringify(body),
    });

  it('serves the app shell, script, styles and map geometry without signing in', async () => {
    const shell = await fetch(`${web.server.url}/`);
    expect(shell.status).toBe(200);
    expect(await shell.text()).toContain('<script type="module" src="/ui/app.js">');
    const csp = shell.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/upgrade-insecure-requests/); // plain http: the script must still load
    const js = await fetch(`${web.server.url}/ui/app.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const etag = js.headers.get('etag')!;
    expect((await fetch(`${web.server.url}/ui/app.js`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const geo = (await (await fetch(`${web.server.url}/ui/za-geo.json`)).json()) as {
      districts: { features: unknown[] };
      provinces: { features: unknown[] };
    };
    expect(geo.districts.features).toHaveLength(52);
    expect(geo.provinces.features).toHaveLength(9);
  });

  it('refuses an unknown token with 401 and no cookie', async () => {
    const res = await fetch(`${web.server.url}/ui/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: 'sdf_nope' }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  });

  it('issues an HttpOnly SameSite=Strict cookie that the API accepts for reads', async () => {
    const { cookie, setCookie } = await signIn(web.demo.tokens.custodian);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/); // plain http here; Secure is added over https
    expect((await get('/api/v1/projects', cookie)).status).toBe(200);
    const me = (await (await get('/ui/session', cookie)).json()) as { user: { role: string } };
    expect(me.user.role).toBe('custodian');
  });

  it('demands the CSRF token for state-changing API requests made with the cookie', async () => {
    const { cookie, csrf } = await signIn(web.demo.tokens.custodian);
    const project = {
      title: 't',
      purpose: 'p',
      legalBasis: 'l',
      startsOn: '2026-01-01',
      endsOn: '2030-01-01',
      datasets: [],
      members: [],
    };
    const without = await post('/api/v1/projects', cookie, project);
    expect(without.status).toBe(403);
    expect(((await without.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
    expect((await post('/api/v1/projects', cookie, project, 'wrong-token')).status).toBe(403);
    const withToken = await post('/api/v1/projects', cookie, project, csrf);
    expect(withToken.status).toBe(201);
  });

  it('ends the session at sign-out', async () => {
    const { cookie, csrf } = await signIn(web.demo.tokens.researcher);
    expect((await post('/ui/session/end', cookie, {})).status).toBe(403);
    expect((await post('/ui/session/end', cookie, {}, csrf)).status).toBe(204);
    expect((await get('/api/v1/projects', cookie)).status).toBe(401);
    expect(await (await get('/ui/session', cookie)).json()).toEqual({ user: null });
  });

  it('ends the session when its API token is revoked', async () => {
    const { cookie } = await signIn(web.demo.tokens.policymaker);
    expect((await get('/api/v1/dashboards', cookie)).status).toBe(200);
    const { rows } = await web.db.pool.query<{ token_id: string }>(
      'select token_id from web.sessions order by created_at desc limit 1',
    );
    await revokeToken(web.db.pool, rows[0]!.token_id);
    expect((await get('/api/v1/dashboards', cookie)).status).toBe(401);
  });

  it('lists people only for custodians and admins', async () => {
    const custodian = await signIn(web.demo.tokens.custodian);
    const people = (await (await get('/ui/people', custodian.cookie)).json()) as { people: { name: string }[] };
    expect(people.people.map((p) => p.name)).toContain('demo-researcher');
    const researcher = await signIn(web.demo.tokens.researcher);
    expect((await get('/ui/people', researcher.cookie)).status).toBe(403);
  });
});
