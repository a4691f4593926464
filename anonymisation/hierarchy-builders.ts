/**
 * Declarative builders for common generalisation hierarchies. Each returns a {@link Hierarchy} whose last level is
 * `*` (full suppression), and whose levels nest by construction.
 */
import { SdfError } from '../platform/index.ts';
import type { Hierarchy } from './types.ts';

export const SUPPRESSED = '*';

function withTop(column: string, values: readonly string[], levels: string[][]): Hierarchy {
  const last = levels[levels.length - 1]!;
  const all = [[...values], ...levels.slice(1)];
  if (!(last.length > 0 && last.every((v) => v === SUPPRESSED))) all.push(values.map(() => SUPPRESSED));
  return { column, levels: all };
}

function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/**
 * Integer intervals with nested bands: `intervalHierarchy('age', ages, [5, 10, 20])` gives `37 → 35-39 → 30-39 →
 * 20-39 → *`. Each width must divide the next so the bands nest; `origin` (default 0) anchors the bands.
 */
export function intervalHierarchy(column: string, values: Iterable<number | string>, widths: readonly number[], origin = 0): Hierarchy {
  widths.forEach((w, i) => {
    if (!Number.isInteger(w) || w <= 0) throw new SdfError('bad_hierarchy', `${column}: width ${w} must be a positive integer`);
    if (i > 0 && w % widths[i - 1]! !== 0) throw new SdfError('bad_hierarchy', `${column}: width ${w} is not a multiple of ${widths[i - 1]}`);
  });
  const originals = distinct([...values].map(String));
  const numbers = originals.map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n)) throw new SdfError('bad_hierarchy', `${column}: "${v}" is not an integer`);
    return n;
  });
  const levels = [originals, ...widths.map((w) => numbers.map((n) => {
    const low = origin + Math.floor((n - origin) / w) * w;
    return `${low}-${low + w - 1}`;
  }))];
  return withTop(column, originals, levels);
}

/** ISO dates (`YYYY-MM-DD`) → month → quarter → year → `*`. */
export function dateHierarchy(column: string, values: Iterable<string>): Hierarchy {
  const originals = distinct(values);
  for (const v of originals) if (!/^\d{4}-\d{2}-\d{2}/.test(v)) throw new SdfError('bad_hierarchy', `${column}: "${v}" is not an ISO date`);
  const month = originals.map((v) => v.slice(0, 7));
  const quarter = originals.map((v) => `${v.slice(0, 4)}-Q${Math.floor((Number(v.slice(5, 7)) - 1) / 3) + 1}`);
  const year = originals.map((v) => v.slice(0, 4));
  return withTop(column, originals, [originals, month, quarter, year]);
}

/** Codes cut to shorter prefixes, longest first: ICD-10 `E11.9 → E11 → E`, with `lengths = [3, 1]`. */
export function prefixHierarchy(column: string, values: Iterable<string>, lengths: readonly number[]): Hierarchy {
  const originals = distinct(values);
  return withTop(column, originals, [originals, ...lengths.map((n) => originals.map((v) => v.slice(0, n)))]);
}

/** Ordered categories grouped into runs of `groupSizes[l]` neighbours per level (sizes must nest), labelled `first–last`. */
export function orderedHierarchy(column: string, ordered: readonly string[], groupSizes: readonly number[]): Hierarchy {
  groupSizes.forEach((g, i) => {
    if (i > 0 && g % groupSizes[i - 1]! !== 0) throw new SdfError('bad_hierarchy', `${column}: group size ${g} does not nest`);
  });
  const levels = [[...ordered], ...groupSizes.map((g) => ordered.map((_, i) => {
    const start = Math.floor(i / g) * g;
    const end = Math.min(start + g, ordered.length) - 1;
    return start === end ? ordered[start]! : `${ordered[start]}–${ordered[end]}`;
  }))];
  return withTop(column, ordered, levels);
}

/** Explicit maps per level from the ORIGINAL value (a record or a function); unmapped values raise an error. */
export function mapHierarchy(
  column: string,
  values: Iterable<string>,
  maps: ReadonlyArray<Readonly<Record<string, string>> | ((value: string) => string)>,
): Hierarchy {
  const originals = distinct(values);
  const levels = [originals, ...maps.map((map, l) => originals.map((v) => {
    const out = typeof map === 'function' ? map(v) : map[v];
    if (out === undefined) throw new SdfError('bad_hierarchy', `${column}: level ${l + 1} has no mapping for "${v}"`);
    return out;
  }))];
  return withTop(column, originals, levels);
}

/** One row of the SA geography (ward codes are unique nationally). */
export interface GeographyRow {
  ward: string;
  localMunicipality: string;
  district: string;
  province: string;
}

/** SA geography: ward → local municipality → district → province → `*` (country). */
export function geographyHierarchy(rows: readonly GeographyRow[], column = 'ward'): Hierarchy {
  const byWard = new Map<string, GeographyRow>();
  for (const row of rows) byWard.set(row.ward, row);
  const wards = [...byWard.keys()];
  const pick = (f: (row: GeographyRow) => string) => wards.map((w) => f(byWard.get(w)!));
  return withTop(column, wards, [wards, pick((r) => r.localMunicipality), pick((r) => r.district), pick((r) => r.province)]);
}

const ICD10_CHAPTERS: ReadonlyArray<readonly [string, string, string]> = [
  ['A00', 'B99', 'I'], ['C00', 'D48', 'II'], ['D50', 'D89', 'III'], ['E00', 'E90', 'IV'], ['F00', 'F99', 'V'],
  ['G00', 'G99', 'VI'], ['H00', 'H59', 'VII'], ['H60', 'H95', 'VIII'], ['I00', 'I99', 'IX'], ['J00', 'J99', 'X'],
  ['K00', 'K93', 'XI'], ['L00', 'L99', 'XII'], ['M00', 'M99', 'XIII'], ['N00', 'N99', 'XIV'], ['O00', 'O99', 'XV'],
  ['P00', 'P96', 'XVI'], ['Q00', 'Q99', 'XVII'], ['R00', 'R99', 'XVIII'], ['S00', 'T98', 'XIX'], ['V01', 'Y98', 'XX'],
  ['Z00', 'Z99', 'XXI'], ['U00', 'U99', 'XXII'],
];

/** The ICD-10 chapter (Roman numeral) of a code such as `E11.9`, or `?` when outside every chapter. */
export function icd10Chapter(code: string): string {
  const three = code.trim().toUpperCase().slice(0, 3);
  return ICD10_CHAPTERS.find(([from, to]) => three >= from && three <= to)?.[2] ?? '?';
}

/** ICD-10 codes → 3-character category → chapter → `*`. */
export function icd10Hierarchy(column: string, values: Iterable<string>): Hierarchy {
  const originals = distinct(values);
  return withTop(column, originals, [originals, originals.map((v) => v.slice(0, 3)), originals.map((v) => `Chapter ${icd10Chapter(v)}`)]);
}
