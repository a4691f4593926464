/**
 * Generalisation levels as SQL expressions over base columns (level 0 = published original, last = '*'), with the
 * base columns they read.
 */
import { SdfError } from '../../platform/index.ts';
import type { QuasiIdentifierSpec } from './types.ts';

type Levels = Pick<QuasiIdentifierSpec, 'inputs' | 'levels'>;

/** Five-, ten- and twenty-year age bands (top band open), then '*'. `age` is whole years. */
export function ageLevels(age = 'age'): Levels {
  const band = (width: number, top: number) =>
    `case when ${age} is null then '*' when ${age} >= ${top} then '${top}+' ` +
    `else lpad(cast(floor(${age} / ${width}) * ${width} as int)::varchar, 2, '0') || '-' || ` +
    `lpad(cast(floor(${age} / ${width}) * ${width} + ${width - 1} as int)::varchar, 2, '0') end`;
  return { inputs: [age], levels: [band(5, 90), band(10, 80), band(20, 80), `'*'`] };
}

/** District (or metro) code → province code → '*'. */
export function geographyLevels(district = 'district_code', province = 'province_code'): Levels {
  return { inputs: [district, province], levels: [`coalesce(${district}, '*')`, `coalesce(${province}, '*')`, `'*'`] };
}

/** The value itself, then '*'. */
export function valueOrStar(column: string): Levels {
  return { inputs: [column], levels: [`coalesce(cast(${column} as varchar), '*')`, `'*'`] };
}

/**
 * Whole years of age on a reference date, by calendar: the year difference, less one if the reference date's
 * month and day come before the birthday's. Someone born on 29 February turns a year older on 1 March in a common
 * year (28 February is still before the birthday). Not `days / 365.25`, which is a year short on some birthdays.
 */
export function ageSql(dob: string, referenceDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(referenceDate);
  if (!match) throw new SdfError('bad_input', `reference date "${referenceDate}" must be YYYY-MM-DD`);
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  return `cast(${year} - year(${dob}) - case when month(${dob}) * 100 + day(${dob}) > ${month * 100 + day} then 1 else 0 end as int)`;
}
