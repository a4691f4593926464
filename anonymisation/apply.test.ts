import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { writeAnonymised, type ApplyPlan } from './apply.ts';

let connection: DuckDBConnection;

beforeAll(async () => {
  connection = await (await DuckDBInstance.create(':memory:')).connect();
  await connection.run(`CREATE TABLE people AS SELECT * FROM (VALUES
    (1, '23', 'F', 'it''s'), (2, '27', 'M', 'a'), (3, '31', 'F', 'b'), (4, '38', 'F', 'a'), (5, '23', 'M', 'b'), (6, NULL, 'F', 'c'))
    t(id, age, sex, note)`);
});

afterAll(() => connection.closeSync());

const maps: ApplyPlan['maps'] = [
  {
    column: 'age',
    pairs: [
      ['23', '20-29'],
      ['27', '20-29'],
      ['31', '30-39'],
      ['38', '30-39'],
      ['NULL', '?'],
    ],
  },
  {
    column: 'sex',
    pairs: [
      ['F', 'F'],
      ['M', 'M'],
    ],
  },
];

async function rows(table: string): Promise<string[]> {
  const reader = await connection.runAndReadAll(`SELECT id, age, sex, note FROM ${table} ORDER BY id`);
  return reader.getRows().map((row) => row.map(String).join('|'));
}

describe('writeAnonymised', () => {
  it('generalises each quasi-identifier, drops the suppressed tuples and keeps the other columns', async () => {
    const written = await writeAnonymised(connection, {
      from: 'people',
      maps,
      suppressedTuples: [
        ['20-29', 'M'],
        ['?', 'F'],
      ],
      suppression: 'remove',
      outputTable: 'removed',
    });
    expect(written).toBe(3);
    expect(await rows('removed')).toEqual(["1|20-29|F|it's", '3|30-39|F|b', '4|30-39|F|a']);
  });

  it('masks the suppressed tuples with * instead when asked', async () => {
    const written = await writeAnonymised(connection, {
      from: 'people',
      maps,
      suppressedTuples: [['20-29', 'M']],
      suppression: 'mask',
      outputTable: 'masked',
    });
    expect(written).toBe(6);
    expect(await rows('masked')).toEqual([
      "1|20-29|F|it's",
      '2|*|*|a',
      '3|30-39|F|b',
      '4|30-39|F|a',
      '5|*|*|b',
      '6|?|F|c',
    ]);
  });

  it('drops a row whose value is missing from its map, as a join would', async () => {
    const written = await writeAnonymised(connection, {
      from: 'people',
      maps: [maps[0]!, { column: 'sex', pairs: [['F', 'F']] }],
      suppressedTuples: [],
      suppression: 'remove',
      outputTable: 'only_f',
    });
    expect(written).toBe(4);
    expect(await rows('only_f')).toEqual(["1|20-29|F|it's", '3|30-39|F|b', '4|30-39|F|a', '6|?|F|c']);
  });

  it("leaves the connection's preserve_insertion_order as it was", async () => {
    const setting = async () =>
      (await connection.runAndReadAll(`SELECT current_setting('preserve_insertion_order')`)).getRows()[0]![0];
    for (const before of [true, false]) {
      await connection.run(`SET SESSION preserve_insertion_order = ${before}`);
      await writeAnonymised(connection, { from: 'people', maps, suppressedTuples: [], suppression: 'remove' });
      expect(await setting()).toBe(before);
    }
  });
});
