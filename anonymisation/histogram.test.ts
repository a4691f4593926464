import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { compileHierarchy } from './hierarchy.ts';
import { loadHistogram } from './histogram.ts';

let connection: DuckDBConnection;

beforeAll(async () => {
  connection = await (await DuckDBInstance.create(':memory:')).connect();
});

afterAll(() => connection.closeSync());

// Level 0 in this order gives the codes: x → 0, y → 1, z → 2, "it's" → 3, NULL → 4
const letters = compileHierarchy({
  column: 'letter',
  levels: [
    ['x', 'y', 'z', "it's", 'NULL'],
    ['*', '*', '*', '*', '*'],
  ],
});
const sizes = compileHierarchy({
  column: 'size',
  levels: [
    ['s', 'm', 'l'],
    ['small', 'big', 'big'],
  ],
});

describe('loadHistogram', () => {
  it('groups rows into coded tuples with their counts, a NULL as the value "NULL", a quote kept', async () => {
    await connection.run(
      `CREATE TABLE small AS SELECT * FROM (VALUES ('z', 's'), ('x', 'l'), ('z', 's'), (NULL, 'm'), ('it''s', 'l'), ('x', 'l'), ('z', 's')) t(letter, size)`,
    );
    const histogram = await loadHistogram(connection, 'small', [letters, sizes]);
    const tuples = Array.from(
      { length: histogram.groups },
      (_, g) => `${histogram.qi[0]![g]},${histogram.qi[1]![g]}:${histogram.counts[g]}`,
    ).sort();
    expect(tuples).toEqual(['0,2:2', '2,0:3', '3,2:1', '4,1:1']);
    expect(histogram.records).toBe(7);
    // first appearance: z, x, NULL, it's / s, l, m
    expect(Array.from(histogram.valueOrder![0]!)).toEqual([2, 0, 4, 3]);
    expect(Array.from(histogram.valueOrder![1]!)).toEqual([0, 2, 1]);
  });

  it('orders values by first appearance also when one first appears after the first 100 000 rows', async () => {
    // y everywhere but: z at row 130 000, x at row 120 000 (0-based), in a table scanned in insertion order
    await connection.run(`CREATE TABLE long AS SELECT CASE range WHEN 120000 THEN 'x' WHEN 130000 THEN 'z' ELSE 'y' END AS letter,
      's' AS size FROM range(150000) ORDER BY range`);
    const histogram = await loadHistogram(connection, 'long', [letters, sizes]);
    expect(Array.from(histogram.valueOrder![0]!)).toEqual([1, 0, 2]);
    expect(histogram.records).toBe(150000);
  });

  it('names the values missing from a hierarchy', async () => {
    await connection.run(
      `CREATE TABLE stray AS SELECT * FROM (VALUES ('x', 's'), ('w', 's'), ('v', 'm')) t(letter, size)`,
    );
    await expect(loadHistogram(connection, 'stray', [letters, sizes])).rejects.toMatchObject({
      code: 'bad_hierarchy',
      message: expect.stringMatching(/^letter: 2 values not in the hierarchy, e\.g\. "[vw]", "[vw]"$/),
    });
  });

  it('keeps sensitive columns as a dictionary per column', async () => {
    await connection.run(
      `CREATE TABLE sens AS SELECT * FROM (VALUES ('x', 's', 'flu'), ('x', 's', 'cold'), ('x', 's', 'flu')) t(letter, size, illness)`,
    );
    const histogram = await loadHistogram(connection, 'sens', [letters, sizes], ['illness']);
    const pairs = Array.from(
      { length: histogram.groups },
      (_, g) => `${histogram.sensitiveLabels[0]![histogram.sensitive[0]![g]!]}:${histogram.counts[g]}`,
    ).sort();
    expect(pairs).toEqual(['cold:1', 'flu:2']);
  });

  it("gives each group its first row in the input only when asked (Grassberger's arrival order)", async () => {
    await connection.run(
      `CREATE TABLE firsts AS SELECT * FROM (VALUES ('y', 's', 'flu'), ('x', 's', 'cold'), ('y', 's', 'cold'), ('x', 's', 'cold'), ('y', 's', 'flu')) t(letter, size, illness)`,
    );
    expect((await loadHistogram(connection, 'firsts', [letters, sizes], ['illness'])).firstRow).toBeUndefined();
    const histogram = await loadHistogram(connection, 'firsts', [letters, sizes], ['illness'], { firstRows: true });
    const firsts = Array.from(
      { length: histogram.groups },
      (_, g) =>
        `${letters.labels[0]![histogram.qi[0]![g]!]}:${histogram.sensitiveLabels[0]![histogram.sensitive[0]![g]!]}:${histogram.firstRow![g]}`,
    ).sort();
    expect(firsts).toEqual(['x:cold:1', 'y:cold:2', 'y:flu:0']);
  });
});
