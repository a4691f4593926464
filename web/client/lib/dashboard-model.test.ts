import { describe, expect, it } from 'vitest';
import {
  aggregate,
  aggregateShare,
  analyseDashboard,
  distinct,
  filterRows,
  suppressedCount,
  timeOf,
  yearOf,
  type Row,
} from './dashboard-model.ts';
import { toCsv } from './csv.ts';

const rows: Row[] = [
  { month: '2024-01', grant_type: 'CSG', district_code: 'JHB', beneficiaries: 120 },
  { month: '2024-01', grant_type: 'OAG', district_code: 'JHB', beneficiaries: 40 },
  { month: '2024-02', grant_type: 'CSG', district_code: 'CPT', beneficiaries: 90 },
  { month: '2025-01', grant_type: 'CSG', district_code: 'CPT', beneficiaries: null },
];
const districtProvince = { JHB: 'GP', CPT: 'WC' };
const a = analyseDashboard({ data: rows, dimensions: ['month', 'grant_type', 'district_code'] });

describe('dashboard model', () => {
  it('classifies time, place, category and figure columns', () => {
    expect(a).toEqual({
      time: 'month',
      month: null,
      province: null,
      district: 'district_code',
      categories: ['grant_type'],
      figures: ['beneficiaries'],
    });
  });

  it('joins a year and a month column into one year-month time axis', () => {
    const rows: Row[] = [{ grant_type: 'CSG', province: 'GP', year: 2024, month: 3, beneficiaries: 15 }];
    const b = analyseDashboard({ data: rows, dimensions: ['grant_type', 'province', 'year', 'month'] });
    expect(b).toMatchObject({ time: 'year', month: 'month', province: 'province', categories: ['grant_type'] });
    expect(timeOf(rows[0]!, b)).toBe('2024-03');
    expect(timeOf({ year: 2024, month: null }, b)).toBe('2024');
    expect(timeOf(rows[0]!, b, true)).toBe('2024');
  });

  it('treats a figure suppressed in every cell as a figure', () => {
    const rows: Row[] = [
      { province: 'GP', n: null },
      { province: 'WC', n: null },
    ];
    expect(analyseDashboard({ data: rows, dimensions: ['province'] }).figures).toEqual(['n']);
    expect(suppressedCount(rows, 'n')).toBe(2);
  });

  it.each([
    ['2024', '2024'],
    ['2024-05', '2024'],
    ['2024-05-01', '2024'],
    [2023, '2023'],
    ['n/a', 'n/a'],
    [null, ''],
  ])('reads the year of %j as %j', (value, year) => {
    expect(yearOf(value)).toBe(year);
  });

  it('filters by year, by province through the district, and by category', () => {
    expect(filterRows(rows, a, { year: '2024', province: '', categories: {} }, districtProvince)).toHaveLength(3);
    expect(filterRows(rows, a, { year: '', province: 'WC', categories: {} }, districtProvince)).toHaveLength(2);
    expect(
      filterRows(rows, a, { year: '2024', province: 'GP', categories: { grant_type: 'OAG' } }, districtProvince),
    ).toEqual([rows[1]]);
    expect(filterRows(rows, a, { year: '1999', province: '', categories: {} }, districtProvince)).toEqual([]);
  });

  it('sums counts per group and keeps an all-suppressed group null instead of zero', () => {
    const byYear = aggregate(rows, [{ name: 'year', value: (r) => yearOf(r.month) }], 'beneficiaries');
    expect(byYear).toEqual([
      { year: '2024', beneficiaries: 250 },
      { year: '2025', beneficiaries: null },
    ]);
  });

  it('averages rates rather than adding them', () => {
    const rates: Row[] = [
      { p: 'GP', employment_rate: 0.3 },
      { p: 'GP', employment_rate: 0.5 },
    ];
    expect(aggregate(rates, [{ name: 'p', value: (r) => String(r.p) }], 'employment_rate')).toEqual([
      { p: 'GP', employment_rate: 0.4 },
    ]);
  });

  it('lists distinct values in natural order', () => {
    expect(distinct([{ y: 10 }, { y: 9 }, { y: 10 }, { y: null }], 'y')).toEqual(['9', '10']);
  });
});

describe('CSV', () => {
  it('quotes separators and neutralises spreadsheet formulas but not negative numbers', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          { a: 'x,y', b: '=cmd()' },
          { a: '-5', b: null },
          { a: 'say "hi"', b: 3 },
        ],
      ),
    ).toBe('a,b\r\n"x,y",\'=cmd()\r\n-5,\r\n"say ""hi""",3\r\n');
  });
});

describe('shares', () => {
  it('divides summed figures by summed bases, leaving suppressed cells out of both', () => {
    const rows: Row[] = [
      { t: 'CSG', recipients: 100, later_employed: 30 },
      { t: 'CSG', recipients: 100, later_employed: 10 },
      { t: 'CSG', recipients: 50, later_employed: null },
      { t: 'OAG', recipients: 0, later_employed: 0 },
    ];
    expect(aggregateShare(rows, [{ name: 't', value: (r) => String(r.t) }], 'later_employed', 'recipients')).toEqual([
      { t: 'CSG', later_employed_per_recipients: 0.2 },
      { t: 'OAG', later_employed_per_recipients: null },
    ]);
  });
});
