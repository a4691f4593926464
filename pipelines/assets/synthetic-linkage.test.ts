import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { protectPatterns, twinPersonsSql, type Linkage } from './synthetic-linkage.ts';

describe('protected membership patterns', () => {
  it.each([
    [
      [{ datasets: ['b', 'a'], persons: 12 }],
      [{ datasets: ['a', 'b'], persons: 10, first: 0 }],
      'rounded to 5, datasets sorted',
    ],
    [[{ datasets: ['a'], persons: 13 }], [{ datasets: ['a'], persons: 15, first: 0 }], 'rounded up from 13'],
    [[{ datasets: ['a'], persons: 10 }], [{ datasets: ['a'], persons: 10, first: 0 }], 'at the threshold'],
    [[{ datasets: ['a'], persons: 9 }], [], 'threshold − 1 dropped'],
    [[{ datasets: ['a'], persons: 0 }], [], 'zero dropped'],
    [[], [], 'no persons'],
    [
      [
        { datasets: ['b'], persons: 20 },
        { datasets: ['a'], persons: 31 },
      ],
      [
        { datasets: ['a'], persons: 30, first: 0 },
        { datasets: ['b'], persons: 20, first: 30 },
      ],
      'blocks numbered in dataset order',
    ],
  ])('%j → %j (%s)', (counts, expected) => {
    expect(protectPatterns(counts, 10)).toEqual(expected);
  });

  it('gives each twin the persons of every pattern holding its dataset, so a pair shares their common patterns', async () => {
    const linkage: Linkage = {
      seed: 1,
      patterns: protectPatterns(
        [
          { datasets: ['a'], persons: 100 },
          { datasets: ['a', 'b'], persons: 40 },
          { datasets: ['b'], persons: 60 },
        ],
        10,
      ),
    };
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const persons = async (d: string) =>
      (
        await duck.runAndReadAll(`select list(p order by j) as ps from (${twinPersonsSql(linkage, d)})`)
      ).getRowObjectsJS()[0]!.ps as bigint[];
    const [a, b, c] = [await persons('a'), await persons('b'), await persons('c')];
    expect(a.length).toBe(140);
    expect(b.length).toBe(100);
    expect(a.filter((p) => b.includes(p)).length).toBe(40);
    expect(c ?? []).toEqual([]);
    duck.closeSync();
  });
});
