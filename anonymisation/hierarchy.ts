/**
 * Generalisation hierarchies: validation, ARX's CSV format, and the compiled integer form the search uses.
 * A hierarchy is valid when its levels have one entry per original value, original values are unique, and the
 * levels nest (two values that meet at level l stay together at every level above).
 */
import { readFileSync } from 'node:fs';
import { SdfError } from '../platform/index.ts';
import type { Hierarchy, Verdict } from './types.ts';

export interface HierarchyValidation {
  verdict: Verdict;
  reason: string;
  problems: string[];
}

/** Checks shape, uniqueness, nesting and (when `values` is given) that every value in the data is covered. */
export function validateHierarchy(hierarchy: Hierarchy, values?: Iterable<string>): HierarchyValidation {
  const problems: string[] = [];
  const originals = hierarchy.levels[0] ?? [];
  if (hierarchy.levels.length === 0 || originals.length === 0) problems.push('no levels or no values');
  hierarchy.levels.forEach((level, l) => {
    if (level.length !== originals.length)
      problems.push(`level ${l} has ${level.length} entries, expected ${originals.length}`);
  });
  const seen = new Set<string>();
  for (const value of originals) {
    if (seen.has(value)) problems.push(`value "${value}" appears twice`);
    seen.add(value);
  }
  for (let l = 1; l < hierarchy.levels.length && problems.length === 0; l += 1) {
    const parentOf = new Map<string, string>();
    const below = hierarchy.levels[l - 1]!;
    const level = hierarchy.levels[l]!;
    below.forEach((child, i) => {
      const parent = parentOf.get(child);
      if (parent === undefined) parentOf.set(child, level[i]!);
      else if (parent !== level[i])
        problems.push(`level ${l}: "${child}" generalises to both "${parent}" and "${level[i]}"`);
    });
  }
  if (values !== undefined) {
    const missing: string[] = [];
    for (const value of values) if (!seen.has(value) && missing.length < 10) missing.push(value);
    if (missing.length > 0) problems.push(`values not covered: ${missing.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  const ok = problems.length === 0;
  return {
    verdict: ok ? 'pass' : 'fail',
    reason: ok
      ? `${hierarchy.column}: ${originals.length} values, ${hierarchy.levels.length} levels`
      : `${hierarchy.column}: ${problems[0]}`,
    problems,
  };
}

/** Throws an `SdfError('bad_hierarchy')` unless {@link validateHierarchy} passes. */
export function assertValidHierarchy(hierarchy: Hierarchy, values?: Iterable<string>): void {
  const result = validateHierarchy(hierarchy, values);
  if (result.verdict !== 'pass') throw new SdfError('bad_hierarchy', result.problems.slice(0, 5).join('; '));
}

/** Parses ARX's hierarchy CSV (`value;level1;…;*`, one row per original value) from text. */
export function parseArxHierarchy(text: string, column: string, delimiter = ';'): Hierarchy {
  const rows = text
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map((line) => line.split(delimiter));
  const height = Math.max(0, ...rows.map((row) => row.length));
  const levels: string[][] = Array.from({ length: height }, () => []);
  rows.forEach((row, r) => {
    if (row.length !== height)
      throw new SdfError('bad_hierarchy', `${column}: row ${r + 1} has ${row.length} cells, expected ${height}`);
    row.forEach((cell, l) => levels[l]!.push(cell));
  });
  return { column, levels };
}

/** Reads an ARX hierarchy CSV file. */
export function readArxHierarchy(path: string, column: string, delimiter = ';'): Hierarchy {
  return parseArxHierarchy(readFileSync(path, 'utf8'), column, delimiter);
}

/** Writes a hierarchy as ARX CSV text (no quoting, so values must not contain the delimiter or newlines). */
export function writeArxHierarchy(hierarchy: Hierarchy, delimiter = ';'): string {
  const originals = hierarchy.levels[0] ?? [];
  for (const level of hierarchy.levels) {
    for (const cell of level) {
      if (cell.includes(delimiter) || /[\r\n]/.test(cell))
        throw new SdfError('bad_hierarchy', `cell "${cell}" cannot be written`);
    }
  }
  return originals.map((_, i) => hierarchy.levels.map((level) => level[i]).join(delimiter)).join('\n') + '\n';
}

/** The integer form of a hierarchy: dictionary codes per level, shared by the search and the SQL adapters. */
export interface CompiledHierarchy {
  column: string;
  /** Number of levels (height + 1). */
  depth: number;
  /** Original value → code at level 0. */
  index: Map<string, number>;
  /** `codes[l][i]`: code at level l of original value i (codes are dense per level). */
  codes: Int32Array[];
  /** `labels[l][code]`: the generalised value. */
  labels: string[][];
  /** `leaves[l][code]`: how many original values generalise to that code (used by the Loss model). */
  leaves: Int32Array[];
}

/** Compiles a validated hierarchy into dense integer codes per level. */
export function compileHierarchy(hierarchy: Hierarchy): CompiledHierarchy {
  assertValidHierarchy(hierarchy);
  const codes: Int32Array[] = [];
  const labels: string[][] = [];
  const leaves: Int32Array[] = [];
  for (const level of hierarchy.levels) {
    const dictionary = new Map<string, number>();
    const levelCodes = new Int32Array(level.length);
    level.forEach((value, i) => {
      let code = dictionary.get(value);
      if (code === undefined) {
        code = dictionary.size;
        dictionary.set(value, code);
      }
      levelCodes[i] = code;
    });
    const counts = new Int32Array(dictionary.size);
    for (const code of levelCodes) counts[code]! += 1;
    codes.push(levelCodes);
    labels.push([...dictionary.keys()]);
    leaves.push(counts);
  }
  const index = new Map<string, number>();
  hierarchy.levels[0]!.forEach((value, i) => index.set(value, i));
  return { column: hierarchy.column, depth: hierarchy.levels.length, index, codes, labels, leaves };
}
