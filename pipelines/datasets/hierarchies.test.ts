import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ageLevels, ageSql } from './hierarchies.ts';

let duck: DuckDBConnection;
beforeAll(async () => {
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => duck.closeSync());

async function ageOn(dob: string | null, reference: string): Promise<number | null> {
  const column = dob === null ? 'cast(null as date)' : `date '${dob}'`;
  const [row] = (
    await duck.runAndReadAll(`select ${ageSql('dob', reference)} as age from (select ${column} as dob)`)
  ).getRowObjectsJS();
  return row!.age === null ? null : Number(row!.age);
}

// Expected ages counted by hand from the calendar (completed years since birth), not from the code under test.
describe('age on a reference date', () => {
  it.each([
    ['2002-01-01', '2003-01-01', 1, 'first birthday (floor(days / 365.25) gave 0)'],
    ['2002-01-01', '2002-12-31', 0, 'the day before the first birthday'],
    ['1980-06-15', '2024-06-15', 44, 'a birthday'],
    ['1980-06-15', '2024-06-14', 43, 'the day before a birthday'],
    ['1980-06-15', '2024-06-16', 44, 'the day after a birthday'],
    ['1999-12-31', '2000-01-01', 0, 'one day old across a year boundary'],
    ['1999-12-31', '2024-12-31', 25, 'a birthday on 31 December'],
    ['1999-12-31', '2024-12-30', 24, 'the day before a birthday on 31 December'],
    ['2000-02-29', '2004-02-29', 4, 'born 29 February, reference 29 February of a leap year'],
    ['2000-02-29', '2004-02-28', 3, 'born 29 February, the day before in a leap year'],
    ['2000-02-29', '2005-02-28', 4, 'born 29 February, 28 February of a common year is still before the birthday'],
    ['2000-02-29', '2005-03-01', 5, 'born 29 February, 1 March of a common year'],
    ['2000-03-01', '2004-02-29', 3, 'born 1 March, 29 February of a leap year'],
    ['2001-02-28', '2004-02-29', 3, 'born 28 February, 29 February of a leap year is after the birthday'],
    ['2001-02-28', '2004-02-28', 3, 'born 28 February, the birthday in a leap year'],
    ['1920-01-01', '2024-01-01', 104, 'a centenarian'],
    ['2024-05-01', '2024-05-01', 0, 'born on the reference date'],
  ])('%s on %s is %d (%s)', async (dob, reference, expected) => {
    expect(await ageOn(dob, reference)).toBe(expected);
  });

  it('is null for an unknown date of birth, which the age band then suppresses', async () => {
    expect(await ageOn(null, '2024-01-01')).toBeNull();
    const [row] = (
      await duck.runAndReadAll(`select ${ageLevels('a').levels[0]} as band from (select cast(null as int) as a)`)
    ).getRowObjectsJS();
    expect(row!.band).toBe('*');
  });

  it.each(['2024-1-1', "2024-01-01' or 1=1 --", ''])(
    'refuses a reference date that is not YYYY-MM-DD: %j',
    (reference) => {
      expect(() => ageSql('dob', reference)).toThrow(/YYYY-MM-DD/);
    },
  );
});
