import { describe, it, expect } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { luhnCheckDigit } from '../../sources/index.ts';
import { VALIDATION_MACROS } from './sources.ts';

describe('validation macros', () => {
  it('accept exactly the 13-digit strings whose last digit is the Luhn check digit', async () => {
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run(VALIDATION_MACROS);
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const ids = Array.from({ length: 2000 }, () =>
      Array.from({ length: 13 }, () => Math.floor(random() * 10)).join(''),
    );
    const expected = ids.map((id) => luhnCheckDigit(id.slice(0, 12)) === Number(id[12]));
    expect(expected.filter(Boolean).length).toBeGreaterThan(100);
    const reader = await connection.runAndReadAll(
      `select sdf_luhn_ok(id) as ok from unnest([${ids.map((id) => `'${id}'`).join(', ')}]) with ordinality t(id, n) order by n`,
    );
    expect(reader.getRowObjectsJS().map((row) => row.ok)).toEqual(expected);
    // a malformed value gives some verdict (the shape rule comes first and names it), never an error
    const odd = await connection.runAndReadAll(`select sdf_luhn_ok('80010150AB08x') as a, sdf_luhn_ok('12') as b`);
    expect(Object.values(odd.getRowObjectsJS()[0]!).map((v) => typeof v)).toEqual(['boolean', 'boolean']);
    connection.closeSync();
  });
});
