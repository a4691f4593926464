import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { applyNoise, bottomCode, dateShiftSql, topCode } from './index.ts';

async function incomes() {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  await connection.run(`CREATE TABLE t AS SELECT range AS id, 1000 + (range * 37) % 5000 AS income, 20 + range % 60 AS age FROM range(5000)`);
  return connection;
}

async function one(connection: Awaited<ReturnType<typeof incomes>>, sql: string): Promise<number[]> {
  return (await connection.runAndReadAll(sql)).getRows()[0]!.map(Number);
}

describe('noise', () => {
  it.each(['additive', 'multiplicative'] as const)('keeps the mean exactly and changes values under %s noise', async (kind) => {
    const connection = await incomes();
    const [meanBefore] = await one(connection, 'SELECT avg(income) FROM t');
    const report = await applyNoise(connection, 't', [{ column: 'income', kind, amount: 0.1 }], 'seed-1', 'id');
    const [meanAfter, changed] = await one(connection, `SELECT avg(income), count(*) FILTER (WHERE income <> 1000 + (id * 37) % 5000) FROM t`);
    expect(meanAfter).toBeCloseTo(meanBefore!, 6);
    expect(changed).toBeGreaterThan(4900);
    expect(report[0]).toMatchObject({ column: 'income', parameters: { amount: 0.1 } });
  });

  it('gives the same noise for the same seed and different noise for another seed', async () => {
    const [a, b, c] = [await incomes(), await incomes(), await incomes()];
    await applyNoise(a, 't', [{ column: 'income', kind: 'additive', amount: 0.2 }], 's', 'id');
    await applyNoise(b, 't', [{ column: 'income', kind: 'additive', amount: 0.2 }], 's', 'id');
    await applyNoise(c, 't', [{ column: 'income', kind: 'additive', amount: 0.2 }], 'other', 'id');
    const sumOf = async (connection: typeof a) => (await one(connection, 'SELECT sum(abs(income) * id) FROM t'))[0];
    expect(await sumOf(a)).toBe(await sumOf(b));
    expect(await sumOf(a)).not.toBe(await sumOf(c));
  });

  it('shifts every date of one person by the same number of days, within the limit', async () => {
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run(`CREATE TABLE v AS SELECT range % 50 AS person, DATE '2024-01-01' + CAST(range AS INTEGER) AS visit FROM range(1000)`);
    const [offsets, largest] = await one(
      connection,
      `SELECT max(n), max(m) FROM (SELECT person, count(DISTINCT shifted - visit) AS n, max(abs(shifted - visit)) AS m
         FROM (SELECT person, visit, ${dateShiftSql('visit', 'person', 30, 'k')} AS shifted FROM v) GROUP BY person)`,
    );
    expect(offsets).toBe(1);
    expect(largest).toBeLessThanOrEqual(30);
  });

  it.each([
    [[1, 5, 10], 5, [1, 5, 5], [5, 5, 10]],
    [[], 3, [], []],
    [[-2, 0], 0, [-2, 0], [0, 0]],
  ])('top- and bottom-codes %j at %d', (values, threshold, top, bottom) => {
    expect(topCode(values, threshold)).toEqual(top);
    expect(bottomCode(values, threshold)).toEqual(bottom);
  });
});
