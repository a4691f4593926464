import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { scanForIdentifiers } from './identifiers.ts';

let duck: DuckDBConnection;
beforeAll(async () => {
  duck = await (await DuckDBInstance.create(':memory:')).connect();
  await duck.run(
    `create table known as select * from (values ('thandi', 'first name (register)'), ('white', 'surname (register)')) t(value, kind)`,
  );
});
afterAll(() => duck.closeSync());

async function scan(values: (string | null)[], allowed: string[] = []) {
  await duck.run('create or replace table t (v varchar)');
  for (const value of values) await duck.run('insert into t values ($1)', [value]);
  return scanForIdentifiers(duck, 't', ['v'], {
    knownIdentifiers: 'known',
    allowedValues: allowed,
    pseudonymColumns: [],
  });
}

describe('identifier scan by value', () => {
  it.each([
    ['a valid SA ID number', '8001015009087', 'sa_id'],
    ['an SA ID inside text', 'id: 8001015009087.', 'sa_id'],
    ['a cellphone number', '082 555 1234', 'phone'],
    ['an international phone number', '+27825551234', 'phone'],
    ['an exact date', '1980-01-01', 'exact_date'],
    ['a street address', '12 Jacaranda Street', 'street_address'],
    ['a first name from the register', 'Thandi', 'first name (register)'],
  ])('finds %s', async (_name, value, kind) => {
    expect((await scan([value, 'GP'])).map((h) => h.kind)).toEqual([kind]);
  });

  it.each([
    ['an ID number with a bad check digit', '8001015009088'],
    ['a district code', 'DC22'],
    ['an age band', '25-29'],
    ['a year-month', '2026-11'],
    ['an amount', '2315.0'],
    ['nothing', null],
  ])('passes %s', async (_name, value) => {
    expect(await scan([value])).toEqual([]);
  });

  it('does not treat a declared category as a register surname', async () => {
    expect(await scan(['White'], ['White'])).toEqual([]);
    expect((await scan(['White'], []))[0]?.kind).toBe('surname (register)');
  });

  it('requires pseudonym columns to be 32 hex digits, and counts the rows that are not', async () => {
    await duck.run(
      `create or replace table p as select * from (values ('0123456789abcdef0123456789abcdef'), ('8001015009087'), ('8001015009087')) t(person_id)`,
    );
    const hits = await scanForIdentifiers(duck, 'p', ['person_id'], {
      knownIdentifiers: null,
      allowedValues: [],
      pseudonymColumns: ['person_id'],
    });
    expect(hits).toMatchObject([{ column: 'person_id', kind: 'not a keyed pseudonym', rows: 2 }]);
  });

  it('finds an ID number or phone stored as a number, and passes ordinary amounts without matching them one by one', async () => {
    await duck.run(`create or replace table n as select * from (values
      (8001015009087::bigint, 2315.5::double, 12.25::decimal(12, 2)),
      (42, 5.0821234567, 8001015009087.00),
      (7, 1999.99, 3.5)) t(i, d, m)`);
    const hits = await scanForIdentifiers(duck, 'n', ['i', 'd', 'm'], {
      knownIdentifiers: 'known',
      allowedValues: [],
      pseudonymColumns: [],
    });
    expect(hits.map((h) => [h.column, h.kind, h.rows])).toEqual([
      ['i', 'sa_id', 1],
      ['d', 'phone', 1],
      ['m', 'sa_id', 1],
    ]);
  });
});
