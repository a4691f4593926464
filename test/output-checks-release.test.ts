/**
 * The release workflow through HTTP on a running enclave: the true verdict whatever the researcher printed, the
 * two-person rule with blind votes, self-approval refused, downloads in five formats only once approved, each
 * with its disclosure-control record, and every state change in the audit chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { XMLParser } from 'fast-xml-parser';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeProject, makeUser, publishTestRelease, startTestEnclave, type TestEnclave } from './enclave-fixtures.ts';

// GP 60 persons × 2 rows, WC 40 persons, NC 3 persons × 4 rows, FS 7 persons.
const GRANTS = `
  select 'gp' || i as person_id, 'GP' as province, 100.0 + i as amount from range(60) t(i), range(2) r(j)
  union all select 'wc' || i, 'WC', 200.0 + i from range(40) t(i)
  union all select 'nc' || i, 'NC', 50.0 from range(3) t(i), range(4) r(j)
  union all select 'fs' || i, 'FS', 70.0 from range(7) t(i)`;
const SAFE =
  "select province, count(*) as n, sum(amount) as total from grants where province in ('GP', 'WC') group by province";

type User = Awaited<ReturnType<typeof makeUser>>;

describe('release requests over HTTP', () => {
  let enclave: TestEnclave;
  let researcher: User;
  let other: User;
  let custodianA: User;
  let custodianB: User;
  let memberCustodian: User;
  let single: string;
  let twoPerson: string;
  let autoRelease: string;
  let strict: string;
  let race: string;

  beforeAll(async () => {
    enclave = await startTestEnclave(async (pool, paths) => {
      await publishTestRelease(pool, paths, { dataset: 'grants', select: GRANTS });
      researcher = await makeUser(pool, 'researcher');
      other = await makeUser(pool, 'researcher');
      custodianA = await makeUser(pool, 'custodian');
      custodianB = await makeUser(pool, 'custodian');
      memberCustodian = await makeUser(pool, 'custodian');
      single = await makeProject(pool, {
        datasets: ['grants'],
        members: [researcher.id, other.id, memberCustodian.id],
      });
      twoPerson = await makeProject(pool, { datasets: ['grants'], members: [researcher.id] });
      autoRelease = await makeProject(pool, { datasets: ['grants'], members: [researcher.id] });
      strict = await makeProject(pool, { datasets: ['grants'], members: [researcher.id] });
      race = await makeProject(pool, { datasets: ['grants'], members: [researcher.id] });
      await pool.query('update enclave.projects set requires_two_custodians = true where id = $1', [twoPerson]);
      await pool.query('update enclave.projects set auto_release_pass = true where id = $1', [autoRelease]);
    });
  });
  afterAll(async () => {
    await enclave?.stop();
  });

  const real = async (token: string, project: string, sql: string) => {
    let query = await enclave.runQuery(token, { project, sql, target: 'real' });
    expect(query.body.status).toBe('succeeded');
    // The job marks the query succeeded, then records the output check: wait for the outcome.
    for (let i = 0, delay = 50; i < 100 && query.body.outcome === null; i++, delay = Math.min(500, delay * 2)) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      query = await enclave.api('GET', `/api/v1/queries/${query.body.id}`, token);
    }
    return query.body as {
      id: string;
      outcome: string;
      checkReport: { cells: Array<{ group: Record<string, unknown>; verdict: string }> };
    };
  };
  const ask = (token: string, queryId: string, body: unknown) =>
    enclave.api('POST', `/api/v1/queries/${queryId}/release-requests`, token, body);
  const vote = (token: string, id: string, decision: string, reason = 'checked the report') =>
    enclave.api('POST', `/api/v1/release-requests/${id}/decision`, token, { decision, reason });

  it('gives the true verdict for count(*) under an alias, a HAVING on rows and a CASE mask', async () => {
    const alias = await real(
      researcher.token,
      single,
      'select province as region, count(*) as households from grants group by 1',
    );
    expect(alias.outcome).toBe('fail');
    const having = await real(
      researcher.token,
      single,
      'select province, count(*) as people from grants group by province having count(*) >= 10',
    );
    expect(having.outcome).toBe('fail');
    // Custodians see the hidden group and its figures; the researcher only that a hidden group breaks a rule.
    const full = await enclave.api('GET', `/api/v1/queries/${having.id}`, custodianA.token);
    expect(
      full.body.checkReport.cells.find((c: { group: Record<string, unknown> }) => c.group.province === 'NC')?.verdict,
    ).toBe('fail');
    expect(having.checkReport.cells.every((c) => c.group === undefined)).toBe(true);
    // The researcher's report says which rule and what to change, but not the true figures or the hidden group.
    const text = JSON.stringify(having.checkReport);
    expect(text).not.toMatch(/3 person|7 person|"persons":[0-9]|"FS"/);
    const masked = await real(
      researcher.token,
      single,
      'select province, case when count(*) < 10 then 10 else count(*) end as n from grants group by province',
    );
    expect(masked.outcome).toBe('fail');
    const viaCte = await real(
      researcher.token,
      single,
      "with x as (select * from grants where province = 'NC') select count(*) as n from x",
    );
    expect(viaCte.outcome).toBe('fail');
    const refused = await ask(researcher.token, masked.id, { justification: 'for the paper' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('output_fails_checks');
  });

  it('releases a failing table once suppression (with complements) is asked for, after a re-check', async () => {
    const query = await real(researcher.token, single, 'select province, count(*) as n from grants group by province');
    const asked = await ask(researcher.token, query.id, { justification: 'table 1', protection: { suppress: true } });
    expect(asked.status).toBe(201);
    expect(asked.body.outcome).not.toBe('fail');
    const approved = await vote(custodianA.token, asked.body.id, 'approve');
    expect(approved.body.status).toBe('approved');
    const csv = await enclave.api('GET', `/api/v1/release-requests/${asked.body.id}/output.csv`, researcher.token);
    const lines = String(csv.body)
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const blanked = lines.filter(([, n]) => n === '').map(([p]) => p);
    expect(blanked).toEqual(expect.arrayContaining(['NC', 'FS']));
    expect(blanked.length).toBeGreaterThanOrEqual(2);
  });

  it('rounds counts to base 5 when asked, in the released file', async () => {
    const query = await real(
      researcher.token,
      single,
      "select province, count(*) filter (where amount > 105) as n from grants where province in ('GP', 'WC') group by province order by province",
    );
    const asked = await ask(researcher.token, query.id, {
      justification: 'rounded table',
      protection: { roundBase: 5 },
    });
    expect(asked.status).toBe(201);
    await vote(custodianA.token, asked.body.id, 'approve');
    const json = await enclave.api('GET', `/api/v1/release-requests/${asked.body.id}/output.json`, researcher.token);
    expect(json.body.rows).toEqual([
      { province: 'GP', n: 110 },
      { province: 'WC', n: 40 },
    ]);
  });

  it('needs two distinct custodians whose votes stay blind until both are in', async () => {
    const query = await real(researcher.token, twoPerson, SAFE);
    expect(query.outcome).toBe('pass');
    const asked = await ask(researcher.token, query.id, { justification: 'descriptive statistics for chapter 2' });
    expect(asked.status).toBe(201);
    const id = asked.body.id as string;
    const first = await vote(custodianA.token, id, 'approve', 'cells are large');
    expect(first.body.status).toBe('partially_reviewed');
    expect((await vote(custodianA.token, id, 'approve')).status).toBe(409);
    const seenByB = await enclave.api('GET', `/api/v1/release-requests/${id}`, custodianB.token);
    expect(seenByB.body.votes).toEqual([]);
    const seenByA = await enclave.api('GET', `/api/v1/release-requests/${id}`, custodianA.token);
    expect(seenByA.body.votes).toHaveLength(1);
    expect(seenByA.body.rows).toHaveLength(2);
    expect(seenByA.body.columnSummary.find((c: { column: string }) => c.column === 'n').minPersons).toBe(40);
    const seenByRequester = await enclave.api('GET', `/api/v1/release-requests/${id}`, researcher.token);
    expect(seenByRequester.body.rows).toBeUndefined();
    expect(seenByRequester.body.votes).toEqual([]);
    expect(seenByRequester.body.columnSummary).toBeNull();
    expect(seenByRequester.body.output).toMatchObject({ rows: null, sha256: null });
    expect((await enclave.api('GET', `/api/v1/release-requests/${id}/output.csv`, researcher.token)).status).toBe(409);
    const second = await vote(custodianB.token, id, 'approve', 'agree');
    expect(second.body.status).toBe('approved');
    expect(second.body.votes).toHaveLength(2);
  });

  it('never lets a custodian analyse, even with a membership row (separation of duties), nor a requester approve their own output', async () => {
    // `memberCustodian` was given a membership row directly in the database, bypassing the API's refusal.
    const refused = await enclave.api('POST', '/api/v1/queries', memberCustodian.token, {
      project: single,
      sql: SAFE,
      target: 'real',
    });
    expect(refused.status).toBe(403);
    const query = await real(researcher.token, single, SAFE);
    const asked = await ask(researcher.token, query.id, { justification: 'mine' });
    const self = await vote(researcher.token, asked.body.id, 'approve');
    expect(self.status).toBe(403);
    expect(self.body.error.message).toMatch(/own output/);
    expect((await vote(memberCustodian.token, asked.body.id, 'reject')).body.status).toBe('rejected');
  });

  it('downloads an approved output in five formats with its disclosure record, and nothing unapproved', async () => {
    const query = await real(researcher.token, single, SAFE);
    expect((await ask(researcher.token, query.id, { justification: '' })).status).toBe(400);
    const asked = await ask(researcher.token, query.id, { justification: 'figures for the report' });
    const id = asked.body.id as string;
    for (const format of ['csv', 'json', 'xml', 'parquet', 'arrow']) {
      expect(
        (await enclave.api('GET', `/api/v1/release-requests/${id}/output.${format}`, researcher.token)).status,
      ).toBe(409);
    }
    expect((await enclave.api('GET', `/api/v1/release-requests/${id}/record.json`, researcher.token)).status).toBe(409);
    await vote(custodianA.token, id, 'approve', 'fine');
    expect((await enclave.api('GET', `/api/v1/release-requests/${id}/output.csv`, other.token)).status).toBe(404);
    expect((await enclave.api('GET', `/api/v1/release-requests/${id}/output.csv`, custodianA.token)).status).toBe(404);

    const record = await enclave.api('GET', `/api/v1/release-requests/${id}/record.json`, researcher.token);
    expect(record.body).toMatchObject({
      schema: 'sdf.disclosure-record/1',
      checks: { outcome: 'pass', parameters: { threshold: 10 } },
    });
    expect(record.body.decisions).toHaveLength(1);
    const recordHash = record.headers.get('x-sdf-disclosure-record-sha256');

    const raw = async (format: string) => {
      const response = await fetch(`${enclave.server.url}/api/v1/release-requests/${id}/output.${format}`, {
        headers: { authorization: `Bearer ${researcher.token}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-sdf-disclosure-record')).toContain(`sha256=${recordHash}`);
      return Buffer.from(await response.arrayBuffer());
    };
    expect((await raw('csv')).toString().split('\n')[0]).toBe('province,n,total');
    expect(JSON.parse((await raw('json')).toString()).rows).toHaveLength(2);
    expect(new XMLParser().parse((await raw('xml')).toString()).output.row).toHaveLength(2);
    expect(tableFromIPC(await raw('arrow')).numRows).toBe(2);
    const parquet = await raw('parquet');
    expect(parquet.subarray(0, 4).toString()).toBe('PAR1');
    const dir = mkdtempSync(join(tmpdir(), 'sdf-oc-'));
    writeFileSync(join(dir, 'out.parquet'), parquet);
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (
      await connection.runAndReadAll(`select * from read_parquet('${join(dir, 'out.parquet')}') order by province`)
    ).getRowObjectsJson();
    expect(rows.map((r) => r.province)).toEqual(['GP', 'WC']);
    connection.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns a request to the researcher, who answers it; custodians then vote afresh', async () => {
    const query = await real(
      researcher.token,
      twoPerson,
      "select province, count(*) as n from grants where province = 'WC' group by province",
    );
    const asked = await ask(researcher.token, query.id, { justification: 'first try' });
    const id = asked.body.id as string;
    await vote(custodianA.token, id, 'approve', 'fine by me');
    const split = await vote(custodianB.token, id, 'return', 'say which chapter this is for');
    expect(split.body.status).toBe('returned');
    expect(split.body.votes.map((v: { reason: string }) => v.reason)).toEqual([
      'fine by me',
      'say which chapter this is for',
    ]);
    expect((await vote(custodianA.token, id, 'approve')).status).toBe(409);
    const again = await enclave.api('POST', `/api/v1/release-requests/${id}/resubmit`, researcher.token, {
      justification: 'chapter 3, table 2',
    });
    expect(again.body).toMatchObject({ status: 'submitted', round: 2, justification: 'chapter 3, table 2' });
    await vote(custodianA.token, id, 'approve', 'ok now');
    expect((await vote(custodianB.token, id, 'approve', 'ok now')).body.status).toBe('approved');
  });

  it('lets only the requester withdraw, and lists pending requests for custodians', async () => {
    const query = await real(researcher.token, single, "select count(*) as n from grants where province = 'GP'");
    const asked = await ask(researcher.token, query.id, { justification: 'one number' });
    const queue = await enclave.api('GET', '/api/v1/release-requests?status=pending', custodianA.token);
    expect(queue.body.requests.map((r: { id: string }) => r.id)).toContain(asked.body.id);
    expect(
      (await enclave.api('POST', `/api/v1/release-requests/${asked.body.id}/withdraw`, custodianA.token, {})).status,
    ).toBe(403);
    const withdrawn = await enclave.api(
      'POST',
      `/api/v1/release-requests/${asked.body.id}/withdraw`,
      researcher.token,
      { reason: 'not needed' },
    );
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await vote(custodianA.token, asked.body.id, 'approve')).status).toBe(409);
  });

  it('releases a passing output at once under auto-release-pass, audited', async () => {
    const query = await real(researcher.token, autoRelease, SAFE);
    const asked = await ask(researcher.token, query.id, { justification: 'routine' });
    expect(asked.body).toMatchObject({ status: 'approved', autoReleased: true });
    const { rows } = await enclave.db.pool.query(
      "select route, details from enclave.audit_log where route like 'release_request.%' and details->>'requestId' = $1 order by seq",
      [asked.body.id],
    );
    expect(rows.map((r) => r.route)).toEqual(['release_request.submitted', 'release_request.approved']);
  });

  it('rounds every released number, even unasked: low-order digits carrying one person come out as zeros', async () => {
    // gp3's amount hidden in the 7th decimal of a passing total: it must not survive into the download.
    const sql =
      "select province, count(*) as n, sum(round(amount) + case when person_id = 'gp3' then amount * 1e-7 else 0 end) as total, avg(amount) as mean from grants where province in ('GP', 'WC') group by province order by province";
    const query = await real(researcher.token, autoRelease, sql);
    expect(query.outcome).toBe('pass');
    const asked = await ask(researcher.token, query.id, { justification: 'rounded by default' });
    expect(asked.body).toMatchObject({ status: 'approved', autoReleased: true });
    const json = await enclave.api('GET', `/api/v1/release-requests/${asked.body.id}/output.json`, researcher.token);
    // GP: 120 rows, total 15 540.0000103, mean 129.5; WC: 40 rows, total 8 780, mean 219.5.
    expect(json.body.rows).toEqual([
      { province: 'GP', n: 120, total: 15_500, mean: 130 },
      { province: 'WC', n: 40, total: 8_780, mean: 220 },
    ]);
    const record = await enclave.api('GET', `/api/v1/release-requests/${asked.body.id}/record.json`, researcher.token);
    expect(record.body.output.rounding).toEqual({
      countBase: 5,
      significantFigures: 3,
      columns: { n: { base: 5, figures: null }, total: { base: null, figures: 3 }, mean: { base: null, figures: 3 } },
    });
  });

  it('auto-releases only what passed every rule after rounding: a protected table goes to custodians', async () => {
    const query = await real(
      researcher.token,
      autoRelease,
      'select province, count(*) as n from grants group by province',
    );
    const asked = await ask(researcher.token, query.id, {
      justification: 'suppressed table',
      protection: { suppress: true },
    });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'submitted', autoReleased: false });
  });

  it('lets custodians tighten a project profile but never loosen it', async () => {
    const path = `/api/v1/projects/${strict}/disclosure-profile`;
    const looser = await enclave.api('PUT', path, custodianA.token, { threshold: 5 });
    expect(looser.status).toBe(400);
    expect(looser.body.error.code).toBe('profile_loosened');
    expect((await enclave.api('PUT', path, researcher.token, { threshold: 50 })).status).toBe(403);
    expect((await enclave.api('PUT', path, custodianA.token, { threshold: 50 })).body.profile.threshold).toBe(50);
    const query = await real(researcher.token, strict, SAFE);
    expect(query.outcome).toBe('fail');
    const full = await enclave.api('GET', `/api/v1/queries/${query.id}`, custodianA.token);
    expect(
      full.body.checkReport.cells
        .filter((c: { verdict: string }) => c.verdict === 'fail')
        .map((c: { group: Record<string, unknown> }) => c.group.province),
    ).toEqual(['WC', 'WC']);
  });

  it('refuses to approve an output that differences with one approved after it was checked', async () => {
    const first = await real(researcher.token, race, "select count(*) as n from grants where province = 'GP'");
    const second = await real(
      researcher.token,
      race,
      "select count(*) as n from grants where province = 'GP' and person_id <> 'gp3'",
    );
    expect(second.outcome).toBe('pass');
    const a = await ask(researcher.token, first.id, { justification: 'GP total' });
    const b = await ask(researcher.token, second.id, { justification: 'GP total without one' });
    expect((await vote(custodianA.token, a.body.id, 'approve')).body.status).toBe('approved');
    const refused = await vote(custodianA.token, b.body.id, 'approve');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('differencing');
  });

  it('fails a second output that differs from a released one by one person', async () => {
    const first = await real(researcher.token, single, "select count(*) as n from grants where province = 'WC'");
    const asked = await ask(researcher.token, first.id, { justification: 'WC total' });
    await vote(custodianA.token, asked.body.id, 'approve');
    const second = await real(
      researcher.token,
      single,
      "select count(*) as n from grants where province = 'WC' and person_id <> 'wc7'",
    );
    expect(second.outcome).toBe('fail');
  });
});
