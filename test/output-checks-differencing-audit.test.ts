/**
 * The exact differencing audit end to end: outputs that each pass every rule, and pass the pairwise released-cells check, but
 * whose totals add and subtract to one person's value. On an in-process DuckDB through `checkQueryOutput`, then
 * through the HTTP API of a running enclave with custodians approving the earlier releases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  DEFAULT_PROFILE,
  checkQueryOutput,
  deriveCompanionQuery,
  releasedCellsAudit,
  releasedCellsDifferencing,
  outputAudit,
  populationsOf,
  type DatasetView,
  type ReleasedCell,
} from '../output-checks/index.ts';
import { makeProject, makeUser, publishTestRelease, startTestEnclave, type TestEnclave } from './enclave-fixtures.ts';

// District D1: 50 persons, D2: 40, D3: 30; one row each, incomes spread so dominance never fires.
const PEOPLE = `
  select 'd1_' || i as person_id, 'D1' as district, 1000.0 + 10 * i as income from range(50) t(i)
  union all select 'd2_' || i, 'D2', 1500.0 + 10 * i from range(40) t(i)
  union all select 'd3_' || i, 'D3', 2000.0 + 10 * i from range(30) t(i)`;
const total = (where: string) => `select count(*) as n, sum(income) as total from people where ${where}`;
const X = total("district = 'D1'");
const X_Y = total("district in ('D1', 'D2')");
const Y_P = total("district = 'D2' or person_id = 'd1_7'");
const Y_Z = total("district in ('D2', 'D3')");
const Z_P = total("district = 'D3' or person_id = 'd1_7'");

describe('the exact audit on DuckDB', () => {
  const DATASETS: DatasetView[] = [{ name: 'people', pseudonymColumn: 'person_id' }];
  let connection: DuckDBConnection;
  beforeAll(async () => {
    connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run(`create table people as ${PEOPLE}`);
  });
  afterAll(() => connection.closeSync());

  const run = async (sql: string) => {
    const reader = await connection.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRowObjectsJson() as Array<Record<string, unknown>> };
  };
  async function released(...sqls: string[]): Promise<ReleasedCell[]> {
    const cells: ReleasedCell[] = [];
    for (const sql of sqls) {
      const companion = await deriveCompanionQuery(sql, DATASETS);
      cells.push(
        ...populationsOf(companion, (await run(companion.sql!)).rows).map((p) => ({
          ...p,
          id: String(cells.length + 1),
        })),
      );
    }
    return cells;
  }
  async function check(releasedCells: ReleasedCell[], sql: string) {
    const input = { sql, datasets: DATASETS, result: await run(sql), runSql: run, profile: DEFAULT_PROFILE };
    return (
      await checkQueryOutput({
        ...input,
        differencing: releasedCellsDifferencing(releasedCells, run, 10),
        audit: releasedCellsAudit(releasedCells, run, 10),
      })
    ).report;
  }

  it.each([
    ['the three-release attack', [X, X_Y], Y_P, 'fail'],
    ['the four-release attack', [X, X_Y, Y_Z], Z_P, 'fail'],
    ['three of the four releases', [X, Y_Z], Z_P, 'pass'],
    ['a large difference (a whole district)', [X], X_Y, 'pass'],
    ['the same output again', [X, X_Y], X_Y, 'pass'],
    [
      'a grouped table whose other group differences with released totals',
      [Y_Z, total("district = 'D3'")],
      "select district = 'D3' as z, count(*) as n from people where district in ('D2', 'D3') or person_id = 'd1_7' group by 1",
      'fail',
    ],
  ])('%s', async (_name, releasedSql, sql, outcome) => {
    const report = await check(await released(...releasedSql), sql);
    expect(report.outcome).toBe(outcome);
    expect(report.findings.some((f) => f.rule === 'differencing' && f.verdict === 'fail')).toBe(outcome === 'fail');
  });

  it('leaves the pairwise released-cells check silent on the three-release attack (the gap it closes)', async () => {
    const releasedCells = await released(X, X_Y);
    const companion = await deriveCompanionQuery(Y_P, DATASETS);
    expect(await releasedCellsDifferencing(releasedCells, run, 10)(companion)).toEqual([]);
  });

  it('skips outputs with no linear statistic', async () => {
    const companion = await deriveCompanionQuery(
      "select max(income) as top from people where district = 'D2' or person_id = 'd1_7'",
      DATASETS,
    );
    expect(await releasedCellsAudit(await released(X, X_Y), run, 10)(companion)).toEqual([]);
  });

  // Two statistics of one output: the same family over nearly the same persons difference to a few persons.
  it.each([
    [
      'a total with and without one person',
      "select sum(income) as a, sum(income) filter (where person_id <> 'd1_7') as b from people",
      'fail',
    ],
    [
      'a total and the same total by CASE without one person',
      "select sum(income) as a, sum(case when person_id <> 'd1_7' then income end) as b from people",
      'fail',
    ],
    [
      'a count and a count without five persons, per district',
      "select district, count(*) as n, count(*) filter (where person_id not in ('d1_1', 'd1_2', 'd1_3', 'd1_4', 'd1_5')) as m from people group by district",
      'fail',
    ],
    [
      'a count of all and of a large part',
      "select count(*) as n, count(*) filter (where district <> 'D3') as m from people",
      'pass',
    ],
    [
      'a count and a total (different families)',
      "select count(*) as n, sum(case when person_id <> 'd1_7' then income end) as total from people",
      'pass',
    ],
    [
      'one statistic per family',
      'select district, count(*) as n, sum(income) as total from people group by district',
      'pass',
    ],
  ])('within one output: %s', async (_name, sql, outcome) => {
    const companion = await deriveCompanionQuery(sql, DATASETS);
    const findings = await outputAudit(run, 10)(companion);
    expect(findings.some((f) => f.rule === 'self-differencing' && f.verdict === 'fail')).toBe(outcome === 'fail');
  });

  it('fails the output when the audit query cannot run', async () => {
    const companion = await deriveCompanionQuery(Y_P, DATASETS);
    const broken = async () => {
      throw new Error('interrupted');
    };
    const findings = await releasedCellsAudit(await released(X), broken, 10)(companion);
    expect(findings).toMatchObject([{ verdict: 'fail', rule: 'differencing' }]);
  });
});

type User = Awaited<ReturnType<typeof makeUser>>;

describe('differencing attacks over HTTP', () => {
  let enclave: TestEnclave;
  let researcher: User;
  let custodianA: User;
  let custodianB: User;
  let three: string;
  let four: string;
  let late: string;

  beforeAll(async () => {
    enclave = await startTestEnclave(async (pool, paths) => {
      await publishTestRelease(pool, paths, { dataset: 'people', select: PEOPLE });
      researcher = await makeUser(pool, 'researcher');
      custodianA = await makeUser(pool, 'custodian');
      custodianB = await makeUser(pool, 'custodian');
      three = await makeProject(pool, { datasets: ['people'], members: [researcher.id] });
      four = await makeProject(pool, { datasets: ['people'], members: [researcher.id] });
      late = await makeProject(pool, { datasets: ['people'], members: [researcher.id] });
    });
  });
  afterAll(async () => {
    await enclave?.stop();
  });

  const real = async (project: string, sql: string) => {
    const query = await enclave.runQuery(researcher.token, { project, sql, target: 'real' });
    expect(query.body.status).toBe('succeeded');
    return query.body as { id: string; outcome: string };
  };
  const ask = (queryId: string) =>
    enclave.api('POST', `/api/v1/queries/${queryId}/release-requests`, researcher.token, {
      justification: 'district totals',
    });
  const vote = (token: string, id: string) =>
    enclave.api('POST', `/api/v1/release-requests/${id}/decision`, token, {
      decision: 'approve',
      reason: 'large cells',
    });
  const release = async (project: string, sql: string) => {
    const query = await real(project, sql);
    expect(query.outcome).toBe('pass');
    const asked = await ask(query.id);
    expect(asked.status).toBe(201);
    expect((await vote(custodianA.token, asked.body.id)).body.status).toBe('approved');
  };
  /** The custodian's view of a query's check: its failing differencing findings. */
  const differencingSeenByCustodian = async (queryId: string) => {
    const seen = await enclave.api('GET', `/api/v1/queries/${queryId}`, custodianB.token);
    expect(seen.status).toBe(200);
    return (seen.body.checkReport.findings as Array<{ verdict: string; rule: string; reason: string }>).filter(
      (f) => f.rule === 'differencing' && f.verdict === 'fail',
    );
  };

  it('fails the third output of the three-release attack and refuses its release', async () => {
    await release(three, X);
    await release(three, X_Y);
    const attack = await real(three, Y_P);
    expect(attack.outcome).toBe('fail');
    const refused = await ask(attack.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('output_fails_checks');
    const findings = await differencingSeenByCustodian(attack.id);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.reason).toMatch(/fewer than 10 persons/);
  });

  it('fails the fourth output of the four-release attack, every three of which pass', async () => {
    await release(four, X);
    await release(four, X_Y);
    await release(four, Y_Z);
    const attack = await real(four, Z_P);
    expect(attack.outcome).toBe('fail');
    expect((await ask(attack.id)).status).toBe(409);
    expect(await differencingSeenByCustodian(attack.id)).toHaveLength(1);
  });

  it('refuses to approve an output that a release approved after its check turned into an attack', async () => {
    await release(late, X);
    const middle = await real(late, X_Y);
    const attack = await real(late, Y_P);
    expect([middle.outcome, attack.outcome]).toEqual(['pass', 'pass']);
    const askedMiddle = await ask(middle.id);
    const askedAttack = await ask(attack.id);
    expect((await vote(custodianA.token, askedMiddle.body.id)).body.status).toBe('approved');
    const refused = await vote(custodianB.token, askedAttack.body.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('differencing');
    expect(refused.body.error.message).toMatch(/fewer than 10 persons/);
  });
});
