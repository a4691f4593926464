import { describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { noiseSql } from './index.ts';
import { applyNoise, bottomCode, dateShiftSql, noiseMeanStandardError, topCode, type NoiseSpec } from './noise.ts';

async function connect(): Promise<DuckDBConnection> {
  return (await DuckDBInstance.create(':memory:')).connect();
}

async function incomes(rows = 5000): Promise<DuckDBConnection> {
  const connection = await connect();
  await connection.run(
    `CREATE TABLE t AS SELECT range AS id, 1000 + (range * 37) % 5000 AS income, 20 + range % 60 AS age FROM range(${rows})`,
  );
  return connection;
}

async function one(connection: DuckDBConnection, sql: string): Promise<number[]> {
  return (await connection.runAndReadAll(sql)).getRows()[0]!.map((v) => (v === null ? NaN : Number(v)));
}

/** The published value of `x` (one row, key `id`) under `spec`. */
async function noised(connection: DuckDBConnection, spec: NoiseSpec, x: number | null, id = 1): Promise<number | null> {
  const [row] = (
    await connection.runAndReadAll(
      `SELECT ${noiseSql(spec, 'seed', ['id'])} AS y FROM (SELECT ${id} AS id, ${x === null ? 'NULL::DOUBLE' : x}::DOUBLE AS ${spec.column})`,
    )
  ).getRowObjectsJS();
  return row!.y === null ? null : Number(row!.y);
}

describe('noise', () => {
  it.each([
    ['multiplicative', 0.05],
    ['multiplicative', 0.02],
    ['additive', 100],
  ] as const)(
    'moves every value, within its bound, and the mean by less than 4 standard errors (%s ±%d)',
    async (kind, amount) => {
      const connection = await incomes();
      const values = Array.from({ length: 5000 }, (_, i) => 1000 + ((i * 37) % 5000));
      const before = values.reduce((a, b) => a + b, 0) / values.length;
      await connection.run('CREATE TABLE raw AS SELECT * FROM t');
      await applyNoise(connection, 't', [{ column: 'income', kind, amount }], 'seed-1', 'id');
      const bound = kind === 'multiplicative' ? `${amount} * r.income + 0.01` : `${amount} + 0.01`;
      const [mean, unchanged, outside] = await one(
        connection,
        `SELECT avg(t.income), count(*) FILTER (WHERE t.income = r.income),
        count(*) FILTER (WHERE abs(t.income - r.income) > ${bound}) FROM t JOIN raw r USING (id)`,
      );
      expect(unchanged).toBe(0);
      expect(outside).toBe(0);
      // the standard error from the variance of a uniform on ±amount (amount²/3), computed independently here
      const se =
        kind === 'multiplicative'
          ? ((amount / Math.sqrt(3)) * Math.sqrt(values.reduce((s, x) => s + x * x, 0))) / values.length
          : amount / Math.sqrt(3 * values.length);
      expect(noiseMeanStandardError({ kind, amount }, values)).toBeCloseTo(se, 9);
      expect(Math.abs(mean! - before)).toBeLessThan(4 * se);
      expect(Math.abs(mean! - before)).toBeGreaterThan(0);
    },
  );

  it('gives the same noise to the same key and value whatever else is in the table, and other noise under another seed', async () => {
    const small = await incomes(100);
    const large = await incomes(5000);
    const other = await incomes(100);
    await applyNoise(small, 't', [{ column: 'income', kind: 'multiplicative', amount: 0.05 }], 's', 'id');
    await applyNoise(large, 't', [{ column: 'income', kind: 'multiplicative', amount: 0.05 }], 's', 'id');
    await applyNoise(other, 't', [{ column: 'income', kind: 'multiplicative', amount: 0.05 }], 'other', 'id');
    const firstHundred = async (connection: DuckDBConnection) =>
      (await one(connection, 'SELECT sum(income * (id + 1)) FROM t WHERE id < 100'))[0];
    expect(await firstHundred(small)).toBe(await firstHundred(large));
    expect(await firstHundred(small)).not.toBe(await firstHundred(other));
  });

  it('draws new noise when the value changes for the same key', async () => {
    const connection = await connect();
    const spec: NoiseSpec = { column: 'x', kind: 'multiplicative', amount: 0.05 };
    const factors = [await noised(connection, spec, 1000), await noised(connection, spec, 2000)].map(
      (y, i) => y! / [1000, 2000][i]!,
    );
    expect(factors[0]).not.toBeCloseTo(factors[1]!, 6);
  });

  it.each<[Omit<NoiseSpec, 'column'>, number | null, number | null, number | null, string]>([
    [{ kind: 'multiplicative', amount: 0.05 }, 0, 0, 0, 'multiplicative noise on 0 is zero by design'],
    [{ kind: 'multiplicative', amount: 0.05 }, null, null, null, 'NULL stays NULL'],
    [{ kind: 'multiplicative', amount: 0.05 }, 0.01, 0.0, 0.02, 'a cent cannot be rounded back to itself'],
    [{ kind: 'multiplicative', amount: 0.05 }, -200, -210.01, -189.99, 'negative values'],
    [{ kind: 'multiplicative', amount: 0.05, topCode: 5000 }, 9000, 4749.99, 5250.01, 'top-coded before the noise'],
    [{ kind: 'multiplicative', amount: 0.05, topCode: 5000 }, 5000, 4749.99, 5250.01, 'a value at the cap'],
    [{ kind: 'multiplicative', amount: 0.05, bottomCode: 100 }, 3, 94.99, 105.01, 'bottom-coded before the noise'],
    [{ kind: 'additive', amount: 0.001 }, 7, 6.99, 7.01, 'additive noise below a cent still moves the value'],
    [{ kind: 'additive', amount: 10 }, 0, -10.01, 10.01, 'additive noise on 0'],
  ])('%j on %s gives a value in [%s, %s] and not the input (%s)', async (partial, x, low, high) => {
    const connection = await connect();
    for (const id of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const y = await noised(connection, { column: 'x', ...partial }, x, id);
      if (x === null) {
        expect(y).toBeNull();
        continue;
      }
      expect(y).toBeGreaterThanOrEqual(low!);
      expect(y).toBeLessThanOrEqual(high!);
      if (x === 0 && partial.kind === 'multiplicative') expect(y).toBe(0);
      else expect(y).not.toBe(x);
    }
  });

  it.each([0, -0.1, Number.NaN])('refuses a noise amount of %d', (amount) => {
    expect(() => noiseSql({ column: 'x', kind: 'additive', amount }, 's', ['id'])).toThrow(/must be > 0/);
  });

  it('shifts every date of one person by the same number of days, within the limit', async () => {
    const connection = await connect();
    await connection.run(
      `CREATE TABLE v AS SELECT range % 50 AS person, DATE '2024-01-01' + CAST(range AS INTEGER) AS visit FROM range(1000)`,
    );
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
