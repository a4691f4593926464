/**
 * Release policy through HTTP: loosening (auto-release on, one custodian, a less strict profile) needs two
 * distinct custodians; custodians cannot be project members; a project's daily budget of real queries; failed or
 * refused real queries counted per researcher for custodians, with an alert past the threshold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, makeUser, publishTestRelease, startTestEnclave, type TestEnclave } from './enclave-fixtures.ts';

const GRANTS = `select 'p' || i as person_id, case when i % 2 = 0 then 'GP' else 'WC' end as province, 100.0 + i as amount from range(60) t(i)`;
type User = Awaited<ReturnType<typeof makeUser>>;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('release policy, separation of duties and probing controls over HTTP', () => {
  let enclave: TestEnclave;
  let researcher: User;
  let custodianA: User;
  let custodianB: User;
  let admin: User;
  let budgeted: string;

  beforeAll(async () => {
    enclave = await startTestEnclave(async (pool, paths) => {
      await publishTestRelease(pool, paths, { dataset: 'grants', select: GRANTS });
      researcher = await makeUser(pool, 'researcher');
      custodianA = await makeUser(pool, 'custodian');
      custodianB = await makeUser(pool, 'custodian');
      admin = await makeUser(pool, 'admin');
      budgeted = await makeProject(pool, { datasets: ['grants'], members: [researcher.id] });
      await pool.query(
        `update enclave.projects set disclosure_overrides = '{"realQueriesPerDay": 3, "probeAlertThreshold": 1}' where id = $1`,
        [budgeted],
      );
    });
  });
  afterAll(async () => {
    await enclave?.stop();
  });

  const newProject = (token: string, extra: Record<string, unknown> = {}) =>
    enclave.api('POST', '/api/v1/projects', token, {
      title: 'Policy test',
      purpose: 'testing',
      legalBasis: 'test',
      startsOn: day(-1),
      endsOn: day(365),
      datasets: [{ id: 'grants', reason: 'test' }],
      members: [researcher.id],
      ...extra,
    });

  it('refuses custodians and admins as project members (separation of duties)', async () => {
    for (const overseer of [custodianA, admin]) {
      const created = await newProject(custodianA.token, { members: [researcher.id, overseer.id] });
      expect(created.status).toBe(409);
      expect(created.body.error.code).toBe('custodian_not_member');
    }
    const project = await newProject(custodianA.token);
    expect(project.status).toBe(201);
    const added = await enclave.api('POST', `/api/v1/projects/${project.body.id}/members`, custodianA.token, {
      userId: custodianB.id,
    });
    expect(added.status).toBe(409);
    expect(added.body.error.code).toBe('custodian_not_member');
    const members = (await enclave.api('GET', `/api/v1/projects/${project.body.id}`, custodianA.token)).body.members;
    expect(members.map((m: { id: string }) => m.id)).toEqual([researcher.id]);
  });

  it('creates projects needing two custodians by default', async () => {
    const created = await newProject(custodianA.token);
    expect(created.body).toMatchObject({
      requiresTwoCustodians: true,
      autoReleasePass: false,
      pendingPolicyChange: null,
    });
  });

  it('lets one custodian not turn auto-release on alone: a second approves, the proposer cannot', async () => {
    const created = await newProject(custodianA.token, { autoReleasePass: true });
    expect(created.status).toBe(201);
    expect(created.body.autoReleasePass).toBe(false);
    const pending = created.body.pendingPolicyChange;
    expect(pending).toMatchObject({
      status: 'pending',
      change: { autoReleasePass: true },
      loosens: ['autoReleasePass'],
      proposedBy: custodianA.id,
    });
    const approve = (token: string) =>
      enclave.api('POST', `/api/v1/projects/${created.body.id}/policy-changes/${pending.id}/approve`, token);

    const self = await approve(custodianA.token);
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('self_approval');
    expect((await approve(researcher.token)).status).toBe(403);
    expect(
      (await enclave.api('GET', `/api/v1/projects/${created.body.id}`, custodianA.token)).body.autoReleasePass,
    ).toBe(false);

    const approved = await approve(custodianB.token);
    expect(approved.status).toBe(200);
    expect(approved.body.change).toMatchObject({ status: 'approved', approvedBy: custodianB.id });
    expect(
      (await enclave.api('GET', `/api/v1/projects/${created.body.id}`, custodianA.token)).body.autoReleasePass,
    ).toBe(true);
    expect((await approve(custodianB.token)).status).toBe(409);

    const { rows } = await enclave.db.pool.query(
      `select route from enclave.audit_log where project_id = $1 and route like 'project.%' order by seq`,
      [created.body.id],
    );
    expect(rows.map((r) => r.route)).toEqual([
      'project.created',
      'project.policy_change_proposed',
      'project.policy_change_approved',
    ]);
  });

  it('applies a tightening from one custodian at once and holds a loosening for a second', async () => {
    const project = (await newProject(custodianA.token)).body.id as string;
    const path = `/api/v1/projects/${project}/policy-changes`;
    const tighter = await enclave.api('POST', path, custodianA.token, { disclosureOverrides: { threshold: 20 } });
    expect(tighter.status).toBe(200);
    expect(tighter.body.policy.disclosureOverrides).toEqual({ threshold: 20 });
    const oneCustodian = await enclave.api('POST', path, custodianA.token, {
      requiresTwoCustodians: false,
      reason: 'small team',
    });
    expect(oneCustodian.status).toBe(202);
    expect(oneCustodian.body.pending.loosens).toEqual(['requiresTwoCustodians']);
    // Through the profile route too: back from 20 to 15 is looser than the project's profile, though above the default.
    const looser = await enclave.api('PUT', `/api/v1/projects/${project}/disclosure-profile`, custodianA.token, {
      threshold: 15,
    });
    expect(looser.status).toBe(202);
    expect(looser.body.pending.loosens).toEqual(['disclosureOverrides.threshold']);
    expect(
      (await enclave.api('GET', `/api/v1/projects/${project}/disclosure-profile`, custodianA.token)).body.profile
        .threshold,
    ).toBe(20);
    const listed = await enclave.api('GET', path, custodianB.token);
    expect(listed.body.changes.map((c: { status: string }) => c.status)).toEqual(['pending', 'pending']);
    expect((await enclave.api('GET', path, researcher.token)).status).toBe(403);
    await enclave.api('POST', `${path}/${looser.body.pending.id}/approve`, custodianB.token);
    expect(
      (await enclave.api('GET', `/api/v1/projects/${project}/disclosure-profile`, custodianA.token)).body.profile
        .threshold,
    ).toBe(15);
  });

  it('refuses real queries past the project budget for the day, and shows failures and refusals to custodians', async () => {
    const submit = (sql: string) =>
      enclave.api('POST', '/api/v1/queries', researcher.token, { project: budgeted, sql, target: 'real' });
    expect(
      (
        await enclave.runQuery(researcher.token, {
          project: budgeted,
          sql: 'select count(*) as n from grants',
          target: 'real',
        })
      ).body.status,
    ).toBe('succeeded');
    const failing = await enclave.runQuery(researcher.token, {
      project: budgeted,
      sql: 'select cast(province as integer) as n from grants',
      target: 'real',
    });
    expect(failing.body.status).toBe('failed');
    expect((await submit('select count(*) as m from grants')).status).toBe(202);
    const refused = await submit('select count(*) as k from grants');
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('real_query_budget');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    expect((await enclave.api('GET', '/api/v1/access-patterns/probing', researcher.token)).status).toBe(403);
    // The refusal reaches the audit log just after its response: wait for it.
    let row: { failed: number; refused: number; alert: boolean; threshold: number } | undefined;
    for (let i = 0; i < 40 && !(row && row.refused >= 1); i++) {
      const probing = await enclave.api('GET', '/api/v1/access-patterns/probing?days=1', custodianA.token);
      expect(probing.status).toBe(200);
      row = probing.body.rows.find(
        (r: { user: string; project: string }) => r.user === researcher.id && r.project === budgeted,
      );
      if (!(row && row.refused >= 1)) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(row).toMatchObject({ failed: 1, refused: 1, threshold: 1, alert: true });
  });
});
