/**
 * `synthetic/linkage`: the one synthetic person universe the twins share, so that a join developed on the twins
 * (`grants ⋈ employment USING (person_id)`) finds people, at about the real overlap. Its input is a protected
 * marginal of the releases: how many persons appear in each combination of datasets (a membership pattern, at
 * most 2⁵ cells), rounded to a multiple of 5 with cells under the cell threshold dropped. Synthetic persons are
 * numbered pattern by pattern; a twin takes the persons of every pattern that holds its dataset, so each pair of
 * twins overlaps by the (rounded) number of real persons in both. Nothing else about a person is carried over.
 */
import { randomBytes } from 'node:crypto';
import { defineAsset } from '../framework/define.ts';
import { queryRows, sqlString } from '../framework/duck.ts';
import { DATASETS } from '../datasets/index.ts';
import type { AssetContext, AssetDefinition, MaterialiseResult } from '../types.ts';

export const LINKAGE_KEY = 'synthetic/linkage';

/** Persons per rounding step of a pattern's count. */
const ROUNDING_BASE = 5;

/** A membership pattern: the datasets a block of synthetic persons appears in, and the block. */
export interface LinkagePattern {
  datasets: string[];
  /** Synthetic persons with this pattern (rounded). */
  persons: number;
  /** The first synthetic person number of the block. */
  first: number;
}

export interface Linkage {
  seed: number;
  patterns: LinkagePattern[];
}

/**
 * Rounds pattern counts to the base and drops those under the threshold (a pure rule), then numbers the blocks.
 * Patterns are ordered by their dataset list, so the numbering does not depend on query order.
 */
export function protectPatterns(
  counts: readonly { datasets: string[]; persons: number }[],
  threshold: number,
): LinkagePattern[] {
  let first = 0;
  return [...counts]
    .filter((c) => c.persons >= threshold)
    .map((c) => ({ datasets: [...c.datasets].sort(), persons: Math.round(c.persons / ROUNDING_BASE) * ROUNDING_BASE }))
    .sort((a, b) => a.datasets.join(',').localeCompare(b.datasets.join(',')))
    .map((c) => {
      const pattern = { ...c, first };
      first += c.persons;
      return pattern;
    });
}

/** SQL of the synthetic person numbers of one dataset's twin, `(j, p)`: its j-th person is universe person p. */
export function twinPersonsSql(linkage: Linkage, dataset: string): string {
  const blocks = linkage.patterns.filter((p) => p.datasets.includes(dataset) && p.persons > 0);
  if (blocks.length === 0) return 'select 0::bigint as j, 0::bigint as p where false';
  const values = blocks.map((b) => `(${b.first}, ${b.persons})`).join(', ');
  return `select (row_number() over (order by p) - 1)::bigint as j, p from
            (select (b.first + unnest(range(b.persons)))::bigint as p from (values ${values}) b(first, persons))`;
}

/** The synthetic person key of universe person `p` (32 hex digits, like a pseudonym, linking to no one). */
export function twinPersonKeySql(linkage: Linkage, p: string): string {
  return `md5(${sqlString(`${linkage.seed}:person:`)} || ${p}::varchar)`;
}

async function materialiseLinkage(context: AssetContext): Promise<MaterialiseResult> {
  const files = DATASETS.map((spec) => {
    const anon = context.upstream[`anon/${spec.id}`]!;
    return { id: spec.id, file: `${context.paths.releases}/${String(anon.metadata.releasePath)}/part-0.parquet` };
  });
  // one 64-bit hash per person and a bit per dataset: far cheaper than grouping the hex keys themselves
  const members = files
    .map((f, bit) => `select distinct hash(person_id) as h, ${2 ** bit} as b from read_parquet(${sqlString(f.file)})`)
    .join(' union all ');
  const rows = await queryRows<{ mask: number; persons: number }>(
    context.duck,
    `select mask, count(*)::bigint as persons from (select h, sum(b)::int as mask from (${members}) group by h) group by mask`,
  );
  const counts = rows.map((row) => ({
    datasets: files.filter((_, bit) => (row.mask & (2 ** bit)) !== 0).map((f) => f.id),
    persons: Number(row.persons),
  }));
  const linkage: Linkage = {
    seed: context.config.seed ?? randomBytes(4).readUInt32BE(0),
    patterns: protectPatterns(counts, context.config.cellThreshold),
  };
  const persons = linkage.patterns.reduce((sum, p) => sum + p.persons, 0);
  return {
    rows: persons,
    metadata: { ...linkage, roundingBase: ROUNDING_BASE, threshold: context.config.cellThreshold },
  };
}

export const linkageAsset: AssetDefinition = defineAsset({
  key: LINKAGE_KEY,
  deps: DATASETS.map((spec) => `anon/${spec.id}`),
  partitions: 'daily',
  codeVersion: '1',
  description: 'the synthetic person universe the twins share: persons per combination of datasets, rounded',
  checks: [],
  materialise: materialiseLinkage,
});
