import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { icd10ChapterMacroSql } from './index.ts';
import { icd10Chapter } from './hierarchy-builders.ts';

let duck: DuckDBConnection;
beforeAll(async () => {
  duck = await (await DuckDBInstance.create(':memory:')).connect();
  await duck.run(icd10ChapterMacroSql());
});
afterAll(() => duck.closeSync());

async function chapterInSql(code: string | null): Promise<string | null> {
  const [row] = (
    await duck.runAndReadAll(`select icd10_chapter(${code === null ? 'null' : `'${code}'`}) as c`)
  ).getRowObjectsJS();
  return (row!.c as string | null) ?? null;
}

// Chapters from the WHO ICD-10 (2019) chapter list, block by block: the first and last category of each chapter and
// the first category outside it. D49 and U85+ are not WHO categories (D49 is ICD-10-CM only).
describe("ICD-10 chapter of a code, in TypeScript and in the pipelines' SQL macro", () => {
  it.each([
    ['A00', 'I'],
    ['B99.9', 'I'],
    ['C00', 'II'],
    ['D48.9', 'II'],
    ['D49', '?'],
    ['D50', 'III'],
    ['D89', 'III'],
    ['E00', 'IV'],
    ['E11.9', 'IV'],
    ['E90', 'IV'],
    ['F32.9', 'V'],
    ['G40', 'VI'],
    ['H59', 'VII'],
    ['H60', 'VIII'],
    ['H95', 'VIII'],
    ['H96', '?'],
    ['I10', 'IX'],
    ['J45.0', 'X'],
    ['K93', 'XI'],
    ['K94', '?'],
    ['L99', 'XII'],
    ['M54.5', 'XIII'],
    ['N39.0', 'XIV'],
    ['O80', 'XV'],
    ['P96', 'XVI'],
    ['P97', '?'],
    ['Q99', 'XVII'],
    ['R50.9', 'XVIII'],
    ['S72.0', 'XIX'],
    ['T98', 'XIX'],
    ['T99', '?'],
    ['V01', 'XX'],
    ['Y98', 'XX'],
    ['Y99', '?'],
    ['Z00', 'XXI'],
    ['Z99', 'XXI'],
    ['U07.1', 'XXII'],
    [' e11.9 ', 'IV'],
    ['ZZZ.9', '?'],
    ['', '?'],
  ])('%j is in chapter %s', async (code, chapter) => {
    expect(icd10Chapter(code)).toBe(chapter);
    expect(await chapterInSql(code)).toBe(chapter);
  });

  it('is NULL in SQL for a NULL code', async () => {
    expect(await chapterInSql(null)).toBeNull();
  });
});
