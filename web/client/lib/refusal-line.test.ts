import { describe, expect, it } from 'vitest';
import { refusalSpot } from './refusal-line.ts';

describe('refusalSpot', () => {
  it.each([
    [
      'select 1\nfrom secrets',
      '"secrets" is not a dataset of this project; available: grants',
      { line: 2, from: 14, to: 21 },
    ],
    [
      'select *\nfrom grants g\njoin main.Secrets s using (id)',
      '"main.secrets" is not a dataset of this project; available: grants',
      { line: 3, from: 28, to: 40 },
    ],
    [
      'select\n  read_text (x)\nfrom grants',
      'function read_text() is not available in the enclave',
      { line: 2, from: 9, to: 18 },
    ],
    [
      "select * from read_csv('x')",
      'table function read_csv() is not available in the enclave',
      { line: 1, from: 14, to: 22 },
    ],
    ['select a\nfromm grants', 'Parser Error: syntax error at or near "grants"', { line: 2, from: 15, to: 21 }],
    [
      'select a\nfrom grants\nwhere',
      'Parser Error: syntax error at end of input\nLINE 3: where',
      { line: 3, from: 21, to: 26 },
    ],
    // the name as part of a longer word is not the spot
    ['select * from grants_secrets', '"secrets" is not a dataset of this project; available: grants', null],
    ['select 1', 'only one statement is accepted per query', null],
    ['select 1', 'Parser Error\nLINE 9: nothing', null],
  ])('%j refused with %j → %j', (sql, message, spot) => {
    expect(refusalSpot(sql, message)).toEqual(spot);
  });
});
