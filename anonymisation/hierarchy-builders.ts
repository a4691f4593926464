/**
 * The one declarative hierarchy builder, {@link mapHierarchy} (each higher level a map of the original value, last
 * level `*`), which the pipelines build their quasi-identifiers' hierarchies with; and the one ICD-10 chapter
 * mapping, for TypeScript and for DuckDB. Hierarchies kept as files are read from ARX CSV (`hierarchy.ts`).
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

/** Explicit maps per level from the ORIGINAL value (a record or a function); unmapped values raise an error. */
export function mapHierarchy(
  column: string,
  values: Iterable<string>,
  maps: ReadonlyArray<Readonly<Record<string, string>> | ((value: string) => string)>,
): Hierarchy {
  const originals = distinct(values);
  const levels = [
    originals,
    ...maps.map((map, l) =>
      originals.map((v) => {
        const out = typeof map === 'function' ? map(v) : map[v];
        if (out === undefined)
          throw new SdfError('bad_hierarchy', `${column}: level ${l + 1} has no mapping for "${v}"`);
        return out;
      }),
    ),
  ];
  return withTop(column, originals, levels);
}

const ICD10_CHAPTERS: ReadonlyArray<readonly [string, string, string]> = [
  ['A00', 'B99', 'I'],
  ['C00', 'D48', 'II'],
  ['D50', 'D89', 'III'],
  ['E00', 'E90', 'IV'],
  ['F00', 'F99', 'V'],
  ['G00', 'G99', 'VI'],
  ['H00', 'H59', 'VII'],
  ['H60', 'H95', 'VIII'],
  ['I00', 'I99', 'IX'],
  ['J00', 'J99', 'X'],
  ['K00', 'K93', 'XI'],
  ['L00', 'L99', 'XII'],
  ['M00', 'M99', 'XIII'],
  ['N00', 'N99', 'XIV'],
  ['O00', 'O99', 'XV'],
  ['P00', 'P96', 'XVI'],
  ['Q00', 'Q99', 'XVII'],
  ['R00', 'R99', 'XVIII'],
  ['S00', 'T98', 'XIX'],
  ['V01', 'Y98', 'XX'],
  ['Z00', 'Z99', 'XXI'],
  ['U00', 'U99', 'XXII'],
];

/** The ICD-10 chapter (Roman numeral) of a code such as `E11.9`, or `?` when outside every chapter. */
export function icd10Chapter(code: string): string {
  const three = code.trim().toUpperCase().slice(0, 3);
  return ICD10_CHAPTERS.find(([from, to]) => three >= from && three <= to)?.[2] ?? '?';
}

/**
 * The DuckDB macro `icd10_chapter(code)`, built from the same block ranges as {@link icd10Chapter}, so SQL and
 * TypeScript cannot disagree; NULL for a NULL code.
 */
export function icd10ChapterMacroSql(): string {
  const three = 'left(upper(trim(code)), 3)';
  const cases = ICD10_CHAPTERS.map(
    ([from, to, chapter]) => `when ${three} between '${from}' and '${to}' then '${chapter}'`,
  );
  return `create or replace temp macro icd10_chapter(code) as (case when code is null then null ${cases.join(' ')} else '?' end)`;
}
