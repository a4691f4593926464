/**
 * Dashboard model (pure): works out which columns of a published aggregate are time, place, categories and
 * figures, applies the policymaker's filters and re-aggregates for a chart, a map or a table. Counts are summed;
 * rates and averages cannot be re-added, so they are averaged over cells and flagged as such.
 */
export type Row = Record<string, string | number | null>;

export interface DashboardData {
  id: string;
  title: string;
  description?: string;
  unit: string;
  data: Row[];
  dimensions: string[];
  protection: { method: string; params: Record<string, unknown> };
  lineage: Record<string, unknown>;
  partition?: string;
  updatedAt?: string;
}

export interface Analysis {
  time: string | null;
  /** A separate month column (1–12) that refines `time` (a year column) into year-month. */
  month: string | null;
  province: string | null;
  district: string | null;
  categories: string[];
  figures: string[];
}

export interface Filters {
  year: string;
  province: string;
  /** Category column → chosen value ('' = all). */
  categories: Record<string, string>;
}

const TIME =
  /^(year|month|period|date|quarter|partition|yr|cohort_year|year_month|application_year|visit_month|visit_year)$/i;
const PROVINCE = /^(province|province_code|prov)$/i;
const DISTRICT = /^(district|district_code|district_municipality)$/i;
const RATE = /(rate|share|pct|percent|proportion|ratio|mean|avg|average|median)/i;

/** Classifies the columns of a dashboard. */
export function analyseDashboard(d: Pick<DashboardData, 'data' | 'dimensions'>): Analysis {
  const dims = d.dimensions;
  const year = dims.find((c) => /^(year|yr)$/i.test(c)) ?? null;
  const month = year ? (dims.find((c) => /^month$/i.test(c)) ?? null) : null;
  const time = year ?? dims.find((c) => TIME.test(c)) ?? dims.find((c) => /year|month/i.test(c)) ?? null;
  const province = dims.find((c) => PROVINCE.test(c)) ?? null;
  const district = dims.find((c) => DISTRICT.test(c)) ?? null;
  const categories = dims.filter((c) => c !== time && c !== month && c !== province && c !== district);
  const columns = d.data[0] ? Object.keys(d.data[0]) : [];
  // A figure may be suppressed (null) in every cell of a small release, so it is any non-dimension column.
  const figures = columns.filter((c) => !dims.includes(c));
  return { time, month, province, district, categories, figures };
}

/**
 * The time of a row as shown on the axis: the time column, or 'YYYY-MM' when a month column refines a year
 * (unless `byYear`: then months are added up into their year).
 */
export function timeOf(row: Row, a: Analysis, byYear = false): string | null {
  if (!a.time || row[a.time] === null || row[a.time] === undefined) return null;
  if (!a.month || byYear) return String(row[a.time]);
  const m = row[a.month];
  return m === null || m === undefined ? String(row[a.time]) : `${row[a.time]}-${String(m).padStart(2, '0')}`;
}

/** True when a figure is a rate or average (not additive across cells). */
export const isRate = (figure: string): boolean => RATE.test(figure);

/** The year part of a time value ('2024', '2024-05', '2024-05-01', 2024). */
export function yearOf(value: unknown): string {
  const match = /^(\d{4})/.exec(String(value ?? ''));
  return match ? match[1]! : String(value ?? '');
}

/** Distinct values of a column, sorted (numbers numerically). */
export function distinct(rows: Row[], column: string): string[] {
  const values = [
    ...new Set(
      rows
        .map((r) => r[column])
        .filter((v) => v !== null && v !== undefined)
        .map(String),
    ),
  ];
  return values.sort((a, b) => (isFinite(+a) && isFinite(+b) ? +a - +b : a.localeCompare(b)));
}

/** The province of a row: its own province column, else its district's province via `districtProvince`. */
export function provinceOf(row: Row, a: Analysis, districtProvince: Record<string, string>): string | null {
  if (a.province) return row[a.province] === null ? null : String(row[a.province]);
  if (a.district) return districtProvince[String(row[a.district])] ?? null;
  return null;
}

/** Rows that match the filters ('' means all). */
export function filterRows(rows: Row[], a: Analysis, f: Filters, districtProvince: Record<string, string> = {}): Row[] {
  return rows.filter((r) => {
    if (f.year && a.time && yearOf(r[a.time]) !== f.year) return false;
    if (f.province && provinceOf(r, a, districtProvince) !== f.province) return false;
    for (const [column, value] of Object.entries(f.categories)) if (value && String(r[column]) !== value) return false;
    return true;
  });
}

/**
 * Groups rows by `keys` and combines `figure`: summed, or averaged for rates. Suppressed (null) cells are
 * skipped; a group whose every cell is suppressed stays null rather than becoming 0.
 */
export function aggregate(
  rows: Row[],
  keys: { name: string; value: (r: Row) => string | null }[],
  figure: string,
): Row[] {
  const groups = new Map<string, { key: Row; sum: number; n: number }>();
  for (const r of rows) {
    const keyValues = keys.map((k) => k.value(r));
    if (keyValues.some((v) => v === null)) continue;
    const id = JSON.stringify(keyValues);
    let g = groups.get(id);
    if (!g) {
      g = { key: Object.fromEntries(keys.map((k, i) => [k.name, keyValues[i]!])), sum: 0, n: 0 };
      groups.set(id, g);
    }
    const v = r[figure];
    if (typeof v === 'number') {
      g.sum += v;
      g.n += 1;
    }
  }
  const rate = isRate(figure);
  return [...groups.values()].map((g) => ({
    ...g.key,
    [figure]: g.n === 0 ? null : rate ? Math.round((g.sum / g.n) * 100) / 100 : g.sum,
  }));
}

/** How many of the rows have `figure` suppressed (null). */
export function suppressedCount(rows: Row[], figure: string): number {
  return rows.filter((r) => r[figure] === null || r[figure] === undefined).length;
}

/** The indicator id of a figure shown as a share of the dashboard's first figure (e.g. later employed / recipients). */
export const shareOf = (figure: string, base: string): string => `${figure}_per_${base}`;

/**
 * Like `aggregate`, for a share: per group, the sum of `figure` over the sum of `base` (cells where either is
 * suppressed are left out of both), rounded to 3 decimals; null when nothing is left.
 */
export function aggregateShare(
  rows: Row[],
  keys: { name: string; value: (r: Row) => string | null }[],
  figure: string,
  base: string,
): Row[] {
  const name = shareOf(figure, base);
  const kept = rows.filter((r) => typeof r[figure] === 'number' && typeof r[base] === 'number');
  const numerators = new Map(
    aggregate(kept, keys, figure).map((r) => [JSON.stringify(keys.map((k) => r[k.name])), r[figure] as number]),
  );
  return aggregate(
    rows.map((r) => (kept.includes(r) ? r : { ...r, [base]: null })),
    keys,
    base,
  ).map((r) => {
    const num = numerators.get(JSON.stringify(keys.map((k) => r[k.name])));
    const den = r[base];
    const { [base]: _drop, ...key } = r;
    return {
      ...key,
      [name]: typeof den === 'number' && den > 0 && num !== undefined ? Math.round((num / den) * 1000) / 1000 : null,
    };
  });
}
