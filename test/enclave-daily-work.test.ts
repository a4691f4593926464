/**
 * The everyday routes over HTTP: notifications written with their events (a query finishing, a release request
 * waiting and decided, a probing alert, a dashboard refreshed) and read only by their owner; project
 * administration after creation (remove a member, revoke a grant, extend or close the window, the history); and
 * the cost preview, which reads no real data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDashboard } from '../catalog/index.ts';
import { makeProject, makeUser, publishTestRelease, startTestEnclave, type TestEnclave } from './enclave-fixtures.ts';

// 179 rows: GP 60 persons × 2 rows, WC 40 persons, NC 3 persons × 4 rows, FS 7 persons.
const GRANTS = `
  select 'gp' || i as person_id, 'GP' as province, 100.0 + i as amount from range(60) t(i), range(2) r(j)
  union all select 'wc' || i, 'WC', 200.0 + i from range(40) t(i)
  union all select 'nc' || i, 'NC', 50.0 from range(3) t(i), range(4) r(j)
  union all select 'fs' || i, 'FS', 70.0 from range(7) t(i)`;
const TWIN = `select 't' || i as person_id, case when i % 2 = 0 then 'GP' else 'WC' end as province, 10.0 + i as amount from range(50) t(i)`;
const SAFE = "select province, count(*) as n from grants where province in ('GP', 'WC') group by province";

type User = Awaited<ReturnType<typeof makeUser>>;

describe('everyday routes over HTTP', () => {
  let enclave: TestEnclave;
  let researcher: User;
  let other: User;
  let custodianA: User;
  let custodianB: User;
  let policymaker: User;
  let project: string;
  let probed: string;

  beforeAll(async () => {
    enclave = await startTestEnclave(async (pool, paths) => {
      await publishTestRelease(pool, paths, { dataset: 'grants', select: GRANTS });
      await publishTestRelease(pool, paths, { dataset: 'grants', select: TWIN, kind: 'synthetic' });
      await publishTestRelease(pool, paths, {
        dataset: 'health',
        select: "select 'p' || i as person_id, 'TB' as programme from range(30) t(i)",
      });
      researcher = await makeUser(pool, 'researcher');
      other = await makeUser(pool, 'researcher');
      custodianA = await makeUser(pool, 'custodian');
      custodianB = await makeUser(pool, 'custodian');
      policymaker = await makeUser(pool, 'policymaker');
      project = await makeProject(pool, { datasets: ['grants'], members: [researcher.id] });
      probed = await makeProject(pool, { datasets: ['grants'], members: [other.id] });
      await pool.query('update enclave.projects set requires_two_custodians = true where id = $1', [project]);
      await pool.query(
        `update enclave.projects set disclosure_overrides = '{"probeAlertThreshold": 1}' where id = $1`,
        [probed],
      );
    });
  });
  afterAll(async () => {
    await enclave?.stop();
  });

  const notifications = async (token: string) =>
    (await enclave.api('GET', '/api/v1/notifications', token)).body as {
      unread: number;
      notifications: Array<{
        id: string;
        kind: string;
        subject: string;
        title: string;
        link: string;
        readAt: string | null;
      }>;
    };
  const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    for (let i = 0; ; i++) {
      const value = await read();
      if (done(value) || i > 60) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  describe('notifications', () => {
    it('tell the owner that a query finished, and no one else', async () => {
      const query = await enclave.runQuery(researcher.token, { project, sql: SAFE, target: 'synthetic' });
      expect(query.body.status).toBe('succeeded');
      const mine = await notifications(researcher.token);
      const line = mine.notifications.find((n) => n.subject === query.body.id);
      expect(line).toMatchObject({
        kind: 'query_finished',
        title: 'Your query on the synthetic twin finished',
        readAt: null,
      });
      expect(line?.link).toBe(`#/editor/${project}`);
      expect((await notifications(other.token)).notifications.some((n) => n.subject === query.body.id)).toBe(false);
      // someone else's notification is not found, and does not get read
      expect((await enclave.api('POST', `/api/v1/notifications/${line!.id}/read`, other.token)).status).toBe(404);
      const read = await enclave.api('POST', `/api/v1/notifications/${line!.id}/read`, researcher.token);
      expect(read.status).toBe(200);
      expect(read.body.readAt).not.toBeNull();
      expect((await notifications(researcher.token)).unread).toBe(mine.unread - 1);
    });

    it('tell both custodians a request waits, the second one after the first vote, then the requester the decision', async () => {
      let query = await enclave.runQuery(researcher.token, { project, sql: SAFE, target: 'real' });
      query = await until(
        () => enclave.api('GET', `/api/v1/queries/${query.body.id}`, researcher.token),
        (q) => q.body.outcome !== null,
      );
      const asked = await enclave.api('POST', `/api/v1/queries/${query.body.id}/release-requests`, researcher.token, {
        justification: 'table 1 of the paper',
      });
      expect(asked.status).toBe(201);
      const request = asked.body.id as string;
      for (const custodian of [custodianA, custodianB]) {
        const waiting = (await notifications(custodian.token)).notifications.find((n) => n.subject === request);
        expect(waiting).toMatchObject({
          kind: 'release_waiting',
          title: 'A release request waits for review',
          link: `#/review/${request}`,
          readAt: null,
        });
      }
      expect(
        (
          await enclave.api('POST', `/api/v1/release-requests/${request}/decision`, custodianA.token, {
            decision: 'approve',
            reason: 'fine',
          })
        ).status,
      ).toBe(200);
      const second = (await notifications(custodianB.token)).notifications.filter(
        (n) => n.subject === request && n.readAt === null,
      );
      expect(second.map((n) => n.title)).toEqual(['A release request waits for a second custodian']);
      expect(
        (await notifications(custodianA.token)).notifications.filter((n) => n.subject === request && n.readAt === null),
      ).toEqual([]);
      expect((await notifications(researcher.token)).notifications.some((n) => n.kind === 'release_decided')).toBe(
        false,
      );

      expect(
        (
          await enclave.api('POST', `/api/v1/release-requests/${request}/decision`, custodianB.token, {
            decision: 'approve',
            reason: 'fine',
          })
        ).status,
      ).toBe(200);
      const decided = (await notifications(researcher.token)).notifications.find((n) => n.subject === request);
      expect(decided).toMatchObject({
        kind: 'release_decided',
        title: 'Your release request was approved: the output can be downloaded',
        link: '#/requests',
      });
      // nothing waits any more
      expect(
        (await notifications(custodianB.token)).notifications.filter((n) => n.subject === request && n.readAt === null),
      ).toEqual([]);
    });

    it('alert custodians once when refused real queries pass the project threshold', async () => {
      const refused = () =>
        enclave.api('POST', '/api/v1/queries', other.token, {
          project: probed,
          sql: 'select * from secrets',
          target: 'real',
        });
      expect((await refused()).status).toBe(422);
      // one refusal is at the threshold (1): no alert yet
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await notifications(custodianA.token)).notifications.some((n) => n.kind === 'probing_alert')).toBe(false);
      expect((await refused()).status).toBe(422);
      expect((await refused()).status).toBe(422);
      const alerts = await until(
        async () => (await notifications(custodianA.token)).notifications.filter((n) => n.kind === 'probing_alert'),
        (found) => found.length > 0,
      );
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.title).toBe(
        `Probing alert: ${(await enclave.db.pool.query('select name from enclave.users where id = $1', [other.id])).rows[0].name} had 2 failed or refused real queries today (threshold 1)`,
      );
      expect((await notifications(other.token)).notifications.some((n) => n.kind === 'probing_alert')).toBe(false);
    });

    it('tell policymakers a dashboard was refreshed, once per unread dashboard', async () => {
      const dashboard = {
        id: 'grants_by_province',
        title: 'Grants by province',
        description: 'rounded',
        unit: 'beneficiaries',
        data: [{ province: 'GP', beneficiaries: 1230 }],
        dimensions: ['province'],
        protection: { method: 'suppress_round' as const, params: { threshold: 10, rounding: 5 } },
        lineage: {},
        partition: '2026-11-22',
      };
      await publishDashboard(enclave.db.pool, dashboard);
      await publishDashboard(enclave.db.pool, { ...dashboard, partition: '2026-11-23' });
      const lines = (await notifications(policymaker.token)).notifications.filter(
        (n) => n.kind === 'dashboard_refreshed',
      );
      expect(lines.map((n) => n.title)).toEqual(['Dashboard “Grants by province” was refreshed (2026-11-23)']);
      expect((await notifications(researcher.token)).notifications.some((n) => n.kind === 'dashboard_refreshed')).toBe(
        false,
      );
    });
  });

  describe('project administration', () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

    it('removes a member, revokes a grant, moves and closes the window, each in the history', async () => {
      const created = await enclave.api('POST', '/api/v1/projects', custodianA.token, {
        title: 'Grant take-up',
        purpose: 'study',
        legalBasis: 'POPIA s15',
        startsOn: day(-1),
        endsOn: day(30),
        datasets: [
          { id: 'grants', reason: 'take-up' },
          { id: 'health', reason: 'outcomes' },
        ],
        members: [researcher.id, other.id],
      });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const post = (path: string, body: unknown, token = custodianA.token) =>
        enclave.api('POST', `/api/v1/projects/${id}${path}`, token, body);

      expect((await post(`/members/${other.id}/remove`, { reason: 'left the team' }, researcher.token)).status).toBe(
        403,
      );
      expect((await post(`/members/${other.id}/remove`, {})).body.error.message).toMatch(/^body\.reason/);
      expect((await post(`/members/${other.id}/remove`, { reason: 'left the team' })).status).toBe(200);
      expect((await post(`/members/${other.id}/remove`, { reason: 'again' })).status).toBe(404);
      expect((await post('/grants/health/revoke', { reason: 'not needed' })).status).toBe(200);
      expect((await post('/grants/health/revoke', { reason: 'again' })).status).toBe(404);
      const shown = await enclave.api('GET', `/api/v1/projects/${id}`, custodianA.token);
      expect(shown.body.members.map((m: { id: string }) => m.id)).toEqual([researcher.id]);
      expect(shown.body.datasets.map((d: { id: string }) => d.id)).toEqual(['grants']);

      const bad = await post('/access-window', { endsOn: day(-5), reason: 'typo' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/^body\.endsOn/);
      const extended = await post('/access-window', { endsOn: day(90), reason: 'analysis takes longer' });
      expect(extended.body).toEqual({ project: id, startsOn: day(-1), endsOn: day(90), open: true });
      const closed = await post('/access-window', { close: true, reason: 'study finished' });
      expect(closed.body).toEqual({ project: id, startsOn: day(-1), endsOn: day(-1), open: false });
      const refused = await enclave.api('POST', '/api/v1/queries', researcher.token, {
        project: id,
        sql: SAFE,
        target: 'synthetic',
      });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('outside_access_window');

      const history = await enclave.api('GET', `/api/v1/projects/${id}/history`, custodianB.token);
      expect(history.body.entries.map((e: { action: string }) => e.action)).toEqual([
        'project.access_window_closed',
        'project.access_window_changed',
        'dataset.revoked',
        'member.removed',
        'project.created',
      ]);
      expect(history.body.entries[3]).toMatchObject({
        actor: custodianA.id,
        details: { userId: other.id, reason: 'left the team' },
      });
      expect((await enclave.api('GET', `/api/v1/projects/${id}/history`, researcher.token)).status).toBe(403);
    });
  });

  describe('cost preview', () => {
    const preview = (token: string, sql: string, on = project) =>
      enclave.api('POST', '/api/v1/queries/preview', token, { project: on, sql });

    it('names the releases read with their published rows, estimates from the twin and says who reviews', async () => {
      const res = await preview(researcher.token, SAFE);
      expect(res.status).toBe(200);
      expect(res.body.policy).toEqual({ verdict: 'pass', reason: '', message: '' });
      expect(res.body.releases).toEqual([
        { dataset: 'grants', version: '2026-11-01', versionId: expect.any(String), rows: 179, twinRows: 50 },
      ]);
      expect(res.body.twin).toMatchObject({ ran: true, error: null });
      expect(res.body.estimate.rowsScanned).toBe(179);
      expect(res.body.estimate.realRunMs).toBeGreaterThanOrEqual(res.body.estimate.twinRunMs);
      expect(res.body.review).toEqual({ shape: 'aggregate', automatic: true, release: 'two_custodians', reasons: [] });
    });

    it('sends a row-level query to custodians, shows a refusal and lets only members preview', async () => {
      const rows = await preview(researcher.token, 'select person_id, amount from grants');
      expect(rows.body.review).toMatchObject({ shape: 'row-level', automatic: false });
      const refused = await preview(researcher.token, 'select count(*) from health');
      expect(refused.status).toBe(200);
      expect(refused.body.policy).toMatchObject({ verdict: 'fail', reason: 'forbidden_table' });
      expect(refused.body.twin.ran).toBe(false);
      expect((await preview(custodianA.token, SAFE)).status).toBe(403);
      expect((await preview(other.token, SAFE)).status).toBe(404);
    });

    it('does not change when the real data changes but its published row count does not', async () => {
      const before = await preview(researcher.token, SAFE);
      // same 179 rows, different values: a preview that read real data could differ
      await publishTestRelease(enclave.db.pool, enclave.home, {
        dataset: 'grants',
        version: '2026-11-02',
        select: "select 'x' || i as person_id, 'NC' as province, 1.0 as amount from range(179) t(i)",
      });
      const after = await preview(researcher.token, SAFE);
      const stable = (body: { releases: Array<Record<string, unknown>>; estimate: Record<string, unknown> }) => ({
        ...body,
        releases: body.releases.map(({ versionId: _id, version: _v, ...rest }) => rest),
        estimate: { rowsScanned: body.estimate.rowsScanned },
        budget: null,
      });
      expect(after.body.releases[0].version).toBe('2026-11-02');
      expect(stable(after.body)).toEqual(stable(before.body));
    });
  });

  it('describes the new routes in the OpenAPI document', async () => {
    const doc = await enclave.api('GET', '/openapi.json');
    for (const path of [
      '/api/v1/notifications',
      '/api/v1/notifications/{id}/read',
      '/api/v1/queries/preview',
      '/api/v1/projects/{id}/history',
      '/api/v1/projects/{id}/access-window',
      '/api/v1/projects/{id}/members/{userId}/remove',
      '/api/v1/projects/{id}/grants/{dataset}/revoke',
    ]) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
    expect(doc.body.components.schemas.QueryPreview).toBeDefined();
    expect(doc.body.components.schemas.Notification).toBeDefined();
  });
});
