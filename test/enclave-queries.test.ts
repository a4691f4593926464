import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDemoPrincipals,
  failOrphanedQueries,
  getProject,
  getQuery,
  type OutputCheckInput,
} from '../enclave-api/index.ts';
import { makeProject, makeUser, publishTestRelease, startTestEnclave, type TestEnclave } from './enclave-fixtures.ts';
import { DEFAULT_PROFILE } from '../output-checks/index.ts';

const GRANTS = `select range as person_id, ['EC','GP','WC','KZN'][1 + range % 4] as province,
                       (range % 7) * 100.0 as amount from range(2000)`;

describe('enclave queries', () => {
  let enclave: TestEnclave;
  let researcher: Awaited<ReturnType<typeof makeUser>>;
  let custodian: Awaited<ReturnType<typeof makeUser>>;
  let project: string;
  let anonSha: string;
  const checked: OutputCheckInput[] = [];

  beforeAll(async () => {
    enclave = await startTestEnclave(
      async (pool, paths) => {
        anonSha = (await publishTestRelease(pool, paths, { dataset: 'grants', select: GRANTS })).sha256;
        await publishTestRelease(pool, paths, { dataset: 'grants', select: `${GRANTS} limit 100`, kind: 'synthetic' });
        researcher = await makeUser(pool, 'researcher');
        custodian = await makeUser(pool, 'custodian');
        project = await makeProject(pool, { datasets: ['grants'], members: [researcher.id] });
      },
      {
        enclaveSettings: { queryQuota: 2 },
        outputChecker: {
          async check(input) {
            checked.push(input);
            return {
              outcome: 'pass',
              report: {
                outcome: 'pass',
                reasons: [],
                shape: `a fake check of ${input.rowCount} rows`,
                profile: DEFAULT_PROFILE,
                cells: [],
                columns: [],
                findings: [],
                checkedAt: new Date().toISOString(),
              },
            };
          },
        },
      },
    );
  });
  afterAll(async () => {
    await enclave?.stop();
  });

  it('runs a synthetic query through the queue and returns its rows with the pinned release', async () => {
    const result = await enclave.runQuery(researcher.token, {
      project,
      sql: 'select province, count(*) as n from grants group by province order by province',
      target: 'synthetic',
    });
    expect(result.body.status).toBe('succeeded');
    expect(result.body.rows).toEqual([
      { province: 'EC', n: '25' },
      { province: 'GP', n: '25' },
      { province: 'KZN', n: '25' },
      { province: 'WC', n: '25' },
    ]);
    expect(result.body.datasets[0]).toMatchObject({ datasetId: 'grants', kind: 'synthetic' });
    expect(result.body.timings.runMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps a real result inside the facility, returns no rows and hands it to output checking', async () => {
    const result = await enclave.runQuery(researcher.token, {
      project,
      sql: 'select province, sum(amount) as total from grants group by province',
      target: 'real',
    });
    expect(result.body.status).toBe('succeeded');
    expect(result.body.rows).toBeUndefined();
    // The owner sees no figure computed from the real data: no row count, no file hash; custodians see both.
    expect(result.body.rowCount).toBeNull();
    expect(result.body.datasets[0]).toEqual({
      datasetId: 'grants',
      kind: 'anon',
      versionId: expect.any(String),
      version: expect.any(String),
    });
    const full = await enclave.api('GET', `/api/v1/queries/${result.body.id}`, custodian.token);
    expect(full.body.rowCount).toBe(4);
    expect(full.body.datasets[0]).toMatchObject({
      datasetId: 'grants',
      kind: 'anon',
      files: [{ name: 'part-0.parquet', sha256: anonSha }],
    });
    expect(existsSync(join(enclave.home.results, `${result.body.id}.parquet`))).toBe(true);
    expect(result.body.outcome).toBe('pass');
    expect(checked.at(-1)).toMatchObject({ queryId: result.body.id, rowCount: 4 });
  });

  it('answers 202 with an id and status queued', async () => {
    const submitted = await enclave.api('POST', '/api/v1/queries', researcher.token, {
      project,
      sql: 'select 1 as one',
      target: 'synthetic',
    });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toEqual({ id: expect.any(String), status: 'queued' });
  });

  it('records a failed query with its reason code when the SQL fails at run time', async () => {
    const unknownColumn = await enclave.runQuery(researcher.token, {
      project,
      sql: 'select no_such_column from grants',
      target: 'synthetic',
    });
    expect(unknownColumn.body).toMatchObject({ status: 'failed', error: { code: 'query_error' } });
    expect(unknownColumn.body.error.message).toContain('no_such_column');
    const failing = await enclave.runQuery(researcher.token, {
      project,
      sql: "select cast('x' as int) from grants",
      target: 'synthetic',
    });
    expect(failing.body).toMatchObject({ status: 'failed', error: { code: 'query_error' } });
  });

  it('refuses a real query whose result exceeds the row cap', async () => {
    const result = await enclave.runQuery(researcher.token, { project, sql: 'select * from grants', target: 'real' });
    expect(result.body).toMatchObject({ status: 'failed', error: { code: 'resource_limit' } });
    const full = await enclave.api('GET', `/api/v1/queries/${result.body.id}`, custodian.token);
    expect(full.body).toMatchObject({ status: 'failed', error: { code: 'too_many_rows' } });
  });

  it('answers 429 with Retry-After once a user has too many queries queued or running', async () => {
    const slow = 'select count(*) from range(1000000000) a, grants';
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i += 1) {
      const response = await enclave.api('POST', '/api/v1/queries', researcher.token, {
        project,
        sql: slow,
        target: 'synthetic',
      });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('lets a custodian read any query of any project', async () => {
    const listed = await enclave.api('GET', '/api/v1/queries', researcher.token);
    const id = listed.body.queries[0].id;
    expect((await enclave.api('GET', `/api/v1/queries/${id}`, custodian.token)).status).toBe(200);
  });

  it('creates demo principals whose tokens work, reusing the demo project on a rerun', async () => {
    const demo = await createDemoPrincipals(enclave.db.pool, { datasets: ['grants', 'not_published'] });
    const again = await createDemoPrincipals(enclave.db.pool, { datasets: ['grants'] });
    expect(again.project).toBe(demo.project);
    expect(again.tokens.researcher).not.toBe(demo.tokens.researcher);
    expect((await getProject(enclave.db.pool, demo.project))?.requires_two_custodians).toBe(true);
    const result = await enclave.runQuery(demo.tokens.researcher, {
      project: demo.project,
      sql: 'select count(*) as n from grants',
      target: 'synthetic',
    });
    expect(result.body).toMatchObject({ status: 'succeeded', rows: [{ n: '100' }] });
    for (const role of ['custodian', 'custodian2', 'policymaker', 'admin'] as const) {
      expect((await enclave.api('GET', '/api/v1/me', demo.tokens[role])).body.role).toBe(
        role === 'custodian2' ? 'custodian' : role,
      );
    }
  });

  it('fails a query left running by a stopped enclave, and only that one', async () => {
    const submitted = await enclave.runQuery(researcher.token, {
      project,
      sql: 'select 1 as one',
      target: 'synthetic',
    });
    const { rows } = await enclave.db.pool.query<{ id: string }>(
      `insert into enclave.queries (project_id, user_id, sql, sql_hash, target, status, started_at)
       values ($1, $2, 'select 1', 'x', 'synthetic', 'running', now() - interval '1 hour') returning id`,
      [project, researcher.id],
    );
    // The enclave's own periodic sweep may have failed it first.
    expect(await failOrphanedQueries(enclave.db.pool, 600_000)).not.toContain(submitted.body.id);
    expect(await getQuery(enclave.db.pool, rows[0]!.id)).toMatchObject({ status: 'failed', error_code: 'interrupted' });
    expect((await getQuery(enclave.db.pool, submitted.body.id))?.status).toBe('succeeded');
  });
});
