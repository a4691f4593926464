import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecorder, hashSql, listAudit, verifyAudit } from '../enclave-api/index.ts';
import { makeProject, makeUser, publishTestRelease, startTestEnclave, type TestEnclave } from './enclave-fixtures.ts';

describe('the audit chain', () => {
  let enclave: TestEnclave;
  let researcher: Awaited<ReturnType<typeof makeUser>>;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let project: string;

  beforeAll(async () => {
    enclave = await startTestEnclave(async (pool, paths) => {
      await publishTestRelease(pool, paths, {
        dataset: 'grants',
        select: 'select range as person_id from range(10)',
        kind: 'synthetic',
      });
      researcher = await makeUser(pool, 'researcher');
      admin = await makeUser(pool, 'admin');
      project = await makeProject(pool, { datasets: ['grants'], members: [researcher.id] });
    });
  });
  afterAll(async () => enclave?.stop());

  const drain = () => auditRecorder(enclave.server.app).drain();

  it('records who, which token, route, project, SQL hash, datasets, status, bytes and duration', async () => {
    const sql = 'select count(*) as n from grants';
    const submitted = await enclave.api('POST', '/api/v1/queries', researcher.token, {
      project,
      sql,
      target: 'synthetic',
    });
    expect(submitted.status).toBe(202);
    await drain();
    const [entry] = await listAudit(enclave.db.pool, { limit: 1, userId: researcher.id });
    expect(entry).toMatchObject({
      userId: researcher.id,
      tokenId: researcher.tokenId,
      method: 'POST',
      route: '/api/v1/queries',
      projectId: project,
      sqlHash: hashSql(sql),
      datasets: ['grants'],
      status: 202,
    });
    expect(entry!.bytes).toBeGreaterThan(0);
    expect(entry!.durationMs).toBeGreaterThan(0);
  });

  it('records refused requests too, without a user', async () => {
    await enclave.api('GET', '/api/v1/projects', 'sdf_not-a-real-token');
    await drain();
    const [entry] = await listAudit(enclave.db.pool, { limit: 1 });
    expect(entry).toMatchObject({ userId: null, status: 401, route: '/api/v1/projects' });
  });

  it('verifies an untouched chain, over HTTP and directly', async () => {
    await drain();
    const verdict = await enclave.api('GET', '/api/v1/audit/verify', admin.token);
    expect(verdict.body).toMatchObject({ verdict: 'pass', checked: expect.any(Number) });
    expect(verdict.body.checked).toBeGreaterThanOrEqual(2);
  });

  it('keeps the chain intact under concurrent requests', async () => {
    await Promise.all(Array.from({ length: 20 }, () => enclave.api('GET', '/api/v1/me', researcher.token)));
    await drain();
    expect((await verifyAudit(enclave.db.pool)).verdict).toBe('pass');
  });

  it('detects an edited entry', async () => {
    await drain();
    const { rows } = await enclave.db.pool.query<{ seq: string }>(
      'select seq from enclave.audit_log order by seq limit 1 offset 2',
    );
    const seq = Number(rows[0]!.seq);
    await enclave.db.pool.query('update enclave.audit_log set status = 200 where seq = $1', [seq]);
    await enclave.db.pool.query('update enclave.audit_log set user_id = null where seq = $1', [seq]);
    const verdict = await verifyAudit(enclave.db.pool);
    expect(verdict).toMatchObject({ verdict: 'fail', reason: 'edited', seq });
    const overHttp = await enclave.api('GET', '/api/v1/audit/verify', admin.token);
    expect(overHttp.body).toMatchObject({ verdict: 'fail', reason: 'edited', seq });
  });

  it('detects a deleted entry, even when the next entry is re-linked to hide it', async () => {
    await enclave.db.pool.query('truncate enclave.audit_log');
    for (let i = 0; i < 5; i += 1) await enclave.api('GET', '/api/v1/me', researcher.token);
    await drain();
    expect((await verifyAudit(enclave.db.pool)).verdict).toBe('pass');
    const { rows } = await enclave.db.pool.query<{ seq: string; prev_hash: string }>(
      'select seq, prev_hash from enclave.audit_log order by seq limit 2 offset 1',
    );
    const [victim, next] = rows;
    await enclave.db.pool.query('delete from enclave.audit_log where seq = $1', [victim!.seq]);
    expect(await verifyAudit(enclave.db.pool)).toMatchObject({ verdict: 'fail', reason: 'deleted_or_reordered' });
    // Renumber and re-link the successor: its own hash no longer matches.
    await enclave.db.pool.query('update enclave.audit_log set seq = seq - 1, prev_hash = $2 where seq = $1', [
      next!.seq,
      victim!.prev_hash,
    ]);
    expect(await verifyAudit(enclave.db.pool)).toMatchObject({ verdict: 'fail', reason: 'edited' });
  });
});
