/**
 * Disclosure rules for catalog summaries (pure). The catalog is visible to every signed-in user, so a figure
 * about fewer than `threshold` persons is withheld, and a single withheld category is protected by withholding
 * a second one (otherwise it could be recovered as the total minus the categories shown).
 */
import type { CategoryCount, VariableSummary } from '../types.ts';

/** One category as counted in the data: rows and distinct persons. */
export interface CategoryTally {
  value: string;
  count: number;
  persons: number;
}

/** The whole-variable figures as counted, before protection. */
export interface VariableTally {
  count: number;
  persons: number;
  missing: number;
  missingPersons: number;
  distinct: number;
}

/** Figures of a numeric variable, with the number of persons holding the minimum and the maximum. */
export interface NumericTally extends VariableTally {
  min: number | null;
  max: number | null;
  minPersons: number;
  maxPersons: number;
  mean: number | null;
  sd: number | null;
  percentiles: Record<string, number | null>;
}

/**
 * A percentile (`percent` in 0–100) rests on the persons below it and above it; both sides need `threshold` of
 * them. Integer arithmetic, so 100 persons at p90 with threshold 10 is exactly safe.
 */
export function isSafePercentile(percent: number, persons: number, threshold: number): boolean {
  return persons * Math.min(percent, 100 - percent) >= threshold * 100;
}

/**
 * A persons figure deciding every `persons ≥ t` test as the exact count would, from the bounds a row count
 * gives; null if some threshold lies between the bounds.
 */
export function decisivePersons(
  rowCount: number,
  maxRowsPerPerson: number,
  thresholds: readonly number[],
): number | null {
  if (rowCount === 0) return 0;
  const lower = Math.ceil(rowCount / Math.max(1, maxRowsPerPerson));
  return thresholds.every((t) => lower >= t || rowCount < t) ? lower : null;
}

/** A count is safe if it is zero (nothing to disclose) or covers at least `threshold` persons. */
export function isSafeCount(persons: number, threshold: number): boolean {
  return persons === 0 || persons >= threshold;
}

/**
 * Chooses which categories to publish. `tallies` are the largest categories, largest first (at least
 * `maxCategories + 1` of them when there are more, so a truncated list is known to be truncated); `distinct` is
 * how many categories there are in all.
 */
export function protectCategories(
  tallies: readonly CategoryTally[],
  distinct: number,
  threshold: number,
  maxCategories: number,
  valueLabels?: Record<string, string>,
): { categories: CategoryCount[]; withheld: number } {
  const shown = tallies.filter((t) => t.persons >= threshold).slice(0, maxCategories);
  const withheld = distinct - shown.length;
  const withheldSmall = tallies.some((t) => t.persons < threshold);
  if (withheld === 1 && withheldSmall && shown.length > 0) {
    shown.sort((a, b) => b.persons - a.persons || a.value.localeCompare(b.value));
    shown.pop();
  }
  return {
    categories: shown.map((t) => ({
      value: t.value,
      ...(valueLabels?.[t.value] !== undefined ? { label: valueLabels[t.value] } : {}),
      count: t.count,
    })),
    withheld: distinct - shown.length,
  };
}

/** The figures every kind of summary has; everything is withheld when the variable covers too few persons. */
export function protectBase(
  kind: VariableSummary['kind'],
  tally: VariableTally,
  threshold: number,
): { summary: VariableSummary; tooFew: boolean } {
  const tooFew = !isSafeCount(tally.persons, threshold);
  const suppressed: string[] = [];
  const missingSafe = !tooFew && isSafeCount(tally.missingPersons, threshold);
  if (!missingSafe) suppressed.push('missing');
  if (tooFew) suppressed.push('distinct');
  return {
    summary: {
      kind,
      threshold,
      count: tally.count,
      missing: missingSafe ? tally.missing : null,
      distinct: tooFew ? null : tally.distinct,
      suppressed,
    },
    tooFew,
  };
}

/** Protects a numeric variable: extremes only if shared by `threshold` persons, mean/sd only over enough persons. */
export function protectNumeric(tally: NumericTally, threshold: number): VariableSummary {
  const { summary, tooFew } = protectBase('numeric', tally, threshold);
  const keep = (name: string, value: number | null, safe: boolean): number | null => {
    if (safe && !tooFew) return value;
    summary.suppressed.push(name);
    return null;
  };
  summary.min = keep('min', tally.min, tally.minPersons >= threshold);
  summary.max = keep('max', tally.max, tally.maxPersons >= threshold);
  summary.mean = keep('mean', tally.mean, tally.persons >= threshold);
  summary.sd = keep('sd', tally.sd, tally.persons >= threshold);
  summary.percentiles = Object.fromEntries(
    Object.entries(tally.percentiles).map(([name, value]) => [
      name,
      keep(name, value, isSafePercentile(Number(name.slice(1)), tally.persons, threshold)),
    ]),
  );
  return summary;
}

/** Protects a categorical variable: only categories of `threshold` persons or more, with secondary suppression. */
export function protectCategorical(
  tally: VariableTally,
  tallies: readonly CategoryTally[],
  threshold: number,
  maxCategories: number,
  valueLabels?: Record<string, string>,
): VariableSummary {
  const { summary, tooFew } = protectBase('categorical', tally, threshold);
  if (tooFew) {
    summary.categories = [];
    summary.suppressed.push('categories');
    return summary;
  }
  const { categories, withheld } = protectCategories(tallies, tally.distinct, threshold, maxCategories, valueLabels);
  summary.categories = categories;
  summary.withheldCategories = withheld;
  if (tallies.some((t) => t.persons < threshold)) summary.suppressed.push('categories');
  return summary;
}
