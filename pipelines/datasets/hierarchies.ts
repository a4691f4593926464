/**
 * Generalisation levels as SQL expressions over base columns (level 0 = published original, last = '*'), with the
 * base columns they read.
 */
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

/** Whole years of age on a reference date. */
export function ageSql(dob: string, referenceDate: string): string {
  return `cast(floor(datediff('day', ${dob}, date '${referenceDate}') / 365.25) as int)`;
}
