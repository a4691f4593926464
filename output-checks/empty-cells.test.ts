import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, tightenProfile } from './index.ts';
import { absentCells, categoriesOf, keyDependencies, type GroupGrid } from './empty-cells.ts';

const grid = (keys: string[], groups: unknown[][]): GroupGrid => ({
  groupKeys: keys,
  groups: groups.map((g) => Object.fromEntries(g.map((v, k) => [`__g${k}`, v]))),
  columns: [{ name: 'n', kind: 'count' }],
});

describe('absent combinations of printed categories', () => {
  it.each<[string, GroupGrid, number]>([
    ['a one-way table has none', grid(['sex'], [['F'], ['M']]), 0],
    ['an empty output has none', grid(['sex', 'programme'], []), 0],
    [
      'a full 2 × 2 table has none',
      grid(
        ['sex', 'programme'],
        [
          ['F', 'a'],
          ['F', 'b'],
          ['M', 'a'],
          ['M', 'b'],
        ],
      ),
      0,
    ],
    [
      'a 2 × 2 table missing one combination has one',
      grid(
        ['sex', 'programme'],
        [
          ['F', 'a'],
          ['F', 'b'],
          ['M', 'a'],
        ],
      ),
      1,
    ],
    [
      'a diagonal 2 × 2 table has two',
      grid(
        ['sex', 'programme'],
        [
          ['F', 'a'],
          ['M', 'b'],
        ],
      ),
      2,
    ],
    [
      'a NULL category is a category of its own',
      grid(
        ['sex', 'programme'],
        [
          ['F', null],
          ['M', 'a'],
          ['M', null],
        ],
      ),
      1,
    ],
    [
      'a 2 × 2 × 2 table with four groups has four',
      grid(
        ['a', 'b', 'c'],
        [
          [1, 1, 1],
          [1, 2, 2],
          [2, 1, 2],
          [2, 2, 1],
        ],
      ),
      4,
    ],
    [
      'districts within provinces are a hierarchy, not empty cells',
      grid(
        ['province', 'district'],
        [
          ['GP', 'd1'],
          ['GP', 'd2'],
          ['WC', 'd3'],
          ['WC', 'd4'],
        ],
      ),
      0,
    ],
    [
      'a hierarchy still multiplies by the free keys',
      grid(
        ['province', 'district', 'sex'],
        [
          ['GP', 'd1', 'F'],
          ['GP', 'd1', 'M'],
          ['GP', 'd2', 'F'],
          ['WC', 'd3', 'F'],
          ['WC', 'd3', 'M'],
          ['WC', 'd4', 'F'],
          ['WC', 'd4', 'M'],
        ],
      ),
      1,
    ],
    [
      'a 1 : 1 key is no hierarchy: its missing combinations are empty cells',
      grid(
        ['province', 'is_gp'],
        [
          ['GP', true],
          ['WC', false],
        ],
      ),
      2,
    ],
  ])('%s', (_name, input, expected) => {
    const { cells, findings } = absentCells(input, DEFAULT_PROFILE);
    expect(cells).toHaveLength(expected);
    expect(findings).toEqual([]);
    for (const cell of cells) {
      expect(cell).toMatchObject({ row: null, absent: true, verdict: 'fail', column: 'n', stats: { persons: 0 } });
      expect(cell.verdicts[0]?.rule).toBe('zeros');
    }
  });

  it('names the missing combination by its key values', () => {
    const { cells } = absentCells(
      grid(
        ['sex', 'programme'],
        [
          ['F', 'a'],
          ['F', 'b'],
          ['M', 'a'],
        ],
      ),
      DEFAULT_PROFILE,
    );
    expect(cells[0]?.group).toEqual({ sex: 'M', programme: 'b' });
  });

  it('counts absent combinations in one finding when the cross-product exceeds the cell cap', () => {
    const groups = Array.from({ length: 30 }, (_, i) => [i, i]);
    const { cells, findings } = absentCells(
      grid(['x', 'y'], groups),
      tightenProfile(DEFAULT_PROFILE, { maxCells: 100 }),
    );
    expect(cells).toEqual([]);
    expect(findings[0]).toMatchObject({ verdict: 'fail', rule: 'zeros' });
    expect(findings[0]?.reason).toMatch(/^up to 870 combinations/);
  });

  it.each<[string, unknown[][], Array<[number, number]>]>([
    [
      'district → province',
      [
        ['GP', 'd1'],
        ['GP', 'd2'],
        ['WC', 'd3'],
        ['WC', 'd4'],
      ],
      [[1, 0]],
    ],
    [
      'none in a diagonal table',
      [
        ['F', 'a'],
        ['M', 'b'],
      ],
      [],
    ],
    [
      'none when a district spans provinces',
      [
        ['GP', 'd1'],
        ['WC', 'd1'],
        ['GP', 'd2'],
        ['WC', 'd3'],
      ],
      [],
    ],
    [
      'none into a single category',
      [
        ['GP', 'd1'],
        ['GP', 'd2'],
      ],
      [],
    ],
  ])('finds key dependencies: %s', (_name, groups, expected) => {
    expect(keyDependencies(['province', 'district'].slice(0, 2), grid(['a', 'b'], groups).groups)).toEqual(expected);
  });

  it('keeps categories in first-seen order', () => {
    expect(
      categoriesOf(
        grid(
          ['a', 'b'],
          [
            ['y', 2],
            ['x', 1],
            ['y', 1],
          ],
        ),
      ),
    ).toEqual([
      ['y', 'x'],
      [2, 1],
    ]);
  });
});
