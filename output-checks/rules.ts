/**
 * Cell rules of statistical disclosure control. Each rule is a pure function of a cell's true figures and the
 * profile, and returns a verdict with a reason in plain words; `checkCell` runs every rule that applies to the
 * cell's statistic and the cell's verdict is the worst of them.
 */
import type { CellStats, CellVerdict, DisclosureProfile, Verdict } from './types.ts';

const RANK: Record<Verdict, number> = { pass: 0, review: 1, fail: 2 };

/** The worse of verdicts (`pass` for none). */
export function worst(verdicts: Iterable<Verdict>): Verdict {
  let result: Verdict = 'pass';
  for (const v of verdicts) if (RANK[v] > RANK[result]) result = v;
  return result;
}

/** Sorts verdicts worst first, keeping the order of equals. */
export function worstFirst<T extends { verdict: Verdict }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => RANK[b.verdict] - RANK[a.verdict]);
}

const pass = (rule: string, reason: string): CellVerdict => ({ verdict: 'pass', rule, reason });
const MAGNITUDE = new Set(['sum', 'mean']);

/**
 * Threshold: fewer than `threshold` distinct persons behind a cell fails (an unknown count is reviewed). Both the
 * persons who contribute a value and all persons in the cell are counted: a mean of 3 persons' values among 50 fails,
 * and so does a cell of 3 persons whose values are all NULL.
 */
export function thresholdRule(stats: CellStats, profile: DisclosureProfile): CellVerdict {
  if (stats.persons === null) {
    return { verdict: 'review', rule: 'threshold', reason: 'the number of persons behind the cell is unknown' };
  }
  const small = [stats.persons, stats.cellPersons ?? stats.persons].filter((n) => n > 0 && n < profile.threshold);
  if (small.length > 0) {
    const fewest = Math.min(...small);
    const who = fewest === stats.persons ? 'person(s)' : 'person(s) in the cell (values NULL or not counted)';
    return {
      verdict: 'fail',
      rule: 'threshold',
      reason: `built from ${fewest} ${who}, fewer than ${profile.threshold}: merge categories or suppress`,
    };
  }
  return pass('threshold', `${stats.persons} persons ≥ ${profile.threshold}`);
}

/**
 * Zeros: an empty cell tells that nobody in the group has the attribute (structural or sampling zero). A total or
 * mean of exactly 0 says the same of a measure (ACRO's dominance test fails it: 0 / 0).
 */
export function zeroRule(stats: CellStats, profile: DisclosureProfile): CellVerdict {
  const zeroTotal = MAGNITUDE.has(stats.kind) && stats.total === 0;
  const empty = stats.persons === 0 || (stats.kind === 'count' && stats.value === 0) || zeroTotal;
  if (!empty) return pass('zeros', 'not an empty cell');
  const reason =
    zeroTotal && stats.persons !== 0
      ? 'a total or mean of exactly 0 reveals that no one in the group has a non-zero value'
      : 'an empty (zero) cell reveals that no one in the group has this attribute';
  return { verdict: profile.zeros, rule: 'zeros', reason };
}

/** Missing values: a NULL statistic may hide an empty or tiny group. */
export function missingRule(stats: CellStats, profile: DisclosureProfile): CellVerdict {
  if (stats.value !== null) return pass('missing', 'value present');
  return {
    verdict: profile.missing,
    rule: 'missing',
    reason: 'the statistic is missing (NULL): explain why or drop the cell',
  };
}

const hasNegative = (stats: CellStats) => (stats.minContribution ?? 0) < 0 || (stats.minRow ?? 0) < 0;

/**
 * Negative contributions make dominance and p % undefined, so a custodian looks (as ACRO does). Checked per row
 * (a clawback row inside a positive per-person sum) and per person (a person whose rows net below zero).
 */
export function negativeRule(stats: CellStats): CellVerdict {
  if (!MAGNITUDE.has(stats.kind) || !hasNegative(stats)) return pass('negative', 'no negative contributions');
  const where = [
    ...((stats.minRow ?? 0) < 0 ? ['a row'] : []),
    ...((stats.minContribution ?? 0) < 0 ? ["a person's rows net"] : []),
  ].join(' and ');
  return {
    verdict: 'review',
    rule: 'negative',
    reason: `${where} below zero: negative contributions make the dominance rules undefined`,
  };
}

/**
 * Dominance (n, k): fails when the n largest per-person contributions make k or more of the cell total — ACRO's
 * `top_n_sum / sum >= k`, computed as the same quotient so the boundary (exactly k) falls the same way.
 */
export function dominanceRule(stats: CellStats, profile: DisclosureProfile): CellVerdict {
  if (!MAGNITUDE.has(stats.kind) || stats.total == null || !stats.top) return pass('dominance', 'not a magnitude');
  if (hasNegative(stats) || stats.total <= 0) return pass('dominance', 'undefined (see negative/zeros)');
  const topN = stats.top.slice(0, profile.dominanceN).reduce((a, b) => a + b, 0);
  const share = topN / stats.total;
  if (share >= profile.dominanceK) {
    return {
      verdict: 'fail',
      rule: 'dominance',
      reason: `the ${profile.dominanceN} largest contributors make ${Math.round(1000 * share) / 10} % of the total (limit: under ${profile.dominanceK * 100} %): group more widely or suppress`,
    };
  }
  return pass('dominance', 'no dominant contributors');
}

/**
 * p % rule: fails when the total less the two largest contributions is under p × the largest — ACRO's
 * `(sum − top_2_sum) / max < p`, the same quotient; exactly p passes.
 */
export function pPercentRule(stats: CellStats, profile: DisclosureProfile): CellVerdict {
  if (!MAGNITUDE.has(stats.kind) || stats.total == null || !stats.top || stats.top.length === 0) {
    return pass('p-percent', 'not a magnitude');
  }
  if (hasNegative(stats) || stats.total <= 0) return pass('p-percent', 'undefined (see negative/zeros)');
  const [first = 0, second = 0] = stats.top;
  if (first > 0 && (stats.total - first - second) / first < profile.pPercent) {
    return {
      verdict: 'fail',
      rule: 'p-percent',
      reason: `the second largest contributor could estimate the largest to within ${profile.pPercent * 100} %: group more widely or suppress`,
    };
  }
  return pass('p-percent', 'largest contribution well hidden');
}

/** Max, min, median, percentiles and modes are one person's value: fail below threshold, review otherwise. */
export function extremeRule(stats: CellStats, profile: DisclosureProfile): CellVerdict {
  if (stats.kind !== 'extreme') return pass('extreme', 'not an extreme value');
  if (stats.persons !== null && stats.persons < profile.threshold) {
    return {
      verdict: 'fail',
      rule: 'extreme',
      reason: `a max/min/percentile/mode of ${stats.persons} person(s) reveals an individual's value`,
    };
  }
  return {
    verdict: 'review',
    rule: 'extreme',
    reason: "a max/min/percentile/mode is an individual's value: a custodian must judge it",
  };
}

/** Standard deviations, regressions and models need enough residual degrees of freedom. */
export function degreesOfFreedomRule(stats: CellStats, profile: DisclosureProfile): CellVerdict {
  if (stats.kind !== 'spread' && stats.kind !== 'model') return pass('dof', 'not a spread or model');
  if (stats.residualDf == null)
    return { verdict: 'review', rule: 'dof', reason: 'residual degrees of freedom unknown' };
  if (stats.residualDf < profile.dofThreshold) {
    return {
      verdict: 'fail',
      rule: 'dof',
      reason: `${stats.residualDf} residual degrees of freedom, fewer than ${profile.dofThreshold}: use more data or fewer parameters`,
    };
  }
  return pass('dof', `${stats.residualDf} residual degrees of freedom`);
}

/** A sum or mean of a 0/1 measure is a count in disguise: a rare category (1 … threshold − 1 persons) fails. */
export function rareBinaryRule(stats: CellStats, profile: DisclosureProfile): CellVerdict {
  if (!stats.binary || !MAGNITUDE.has(stats.kind)) return pass('rare-binary', 'not binary');
  const { ones, zeros } = stats.binary;
  const rare = Math.min(ones, zeros);
  if (rare > 0 && rare < profile.threshold) {
    return {
      verdict: 'fail',
      rule: 'rare-binary',
      reason: `a binary outcome whose rarer category has ${rare} person(s), fewer than ${profile.threshold}`,
    };
  }
  if (rare === 0 && ones + zeros > 0) {
    return {
      verdict: profile.zeros,
      rule: 'class-disclosure',
      reason: 'everyone in the group has the same binary outcome (0 % / 100 %)',
    };
  }
  return pass('rare-binary', 'both categories common');
}

/**
 * All values the same (ACRO's "all-values-are-same"): when every person contributes the same amount, a mean or
 * sum tells each of them their own value.
 */
export function sameValuesRule(stats: CellStats, profile: DisclosureProfile): CellVerdict {
  const [largest] = stats.top ?? [];
  if (!MAGNITUDE.has(stats.kind) || stats.binary || largest === undefined || stats.minContribution == null) {
    return pass('same-values', 'not applicable');
  }
  if ((stats.persons ?? 0) > 1 && largest === stats.minContribution && largest !== 0) {
    return {
      verdict: profile.zeros,
      rule: 'same-values',
      reason: 'every person contributes the same value, so the statistic reveals each one’s value',
    };
  }
  return pass('same-values', 'values differ');
}

/** A statistic we cannot classify is never passed automatically. */
export function unknownStatisticRule(stats: CellStats): CellVerdict {
  if (stats.kind !== 'other') return pass('statistic', 'known statistic');
  return {
    verdict: 'review',
    rule: 'statistic',
    reason: 'an aggregate the checker does not know: a custodian must judge it',
  };
}

const CELL_RULES = [
  thresholdRule,
  zeroRule,
  missingRule,
  negativeRule,
  dominanceRule,
  pPercentRule,
  extremeRule,
  degreesOfFreedomRule,
  rareBinaryRule,
  sameValuesRule,
  unknownStatisticRule,
] as const;

/** Runs every cell rule; returns the worst verdict and the verdicts that were not `pass`. */
export function checkCell(stats: CellStats, profile: DisclosureProfile): { verdict: Verdict; verdicts: CellVerdict[] } {
  const verdicts = CELL_RULES.map((rule) => rule(stats, profile)).filter((v) => v.verdict !== 'pass');
  return { verdict: worst(verdicts.map((v) => v.verdict)), verdicts: worstFirst(verdicts) };
}
