import { describe, expect, it } from 'vitest';
import { sqlIdent, sqlString } from './sql-text.ts';

describe('SQL quoting', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", "'it''s'"],
    ["''", "''''''"],
    ['', "''"],
  ])('string %j → %s', (value, quoted) => expect(sqlString(value)).toBe(quoted));

  it.each([
    ['age', '"age"'],
    ['a"b', '"a""b"'],
    ['marital-status', '"marital-status"'],
    ['', '""'],
  ])('identifier %j → %s', (name, quoted) => expect(sqlIdent(name)).toBe(quoted));
});
