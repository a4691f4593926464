/**
 * The hook between a finished `real` query and output checking. The output-checks module registers its checker
 * with `setOutputChecker`; until then every real result is held for a custodian's review.
 */
import type { OutputChecker } from '../types.ts';

/** Holds every result for review and says that no automatic check ran. */
export const UNCHECKED: OutputChecker = {
  async check() {
    return { outcome: 'review', report: { checked: false, reason: 'no output checker is registered' } };
  },
};

let current: OutputChecker = UNCHECKED;

/** Registers the checker the query job calls for `target: 'real'` results. */
export function setOutputChecker(checker: OutputChecker): void {
  current = checker;
}

export function getOutputChecker(): OutputChecker {
  return current;
}
