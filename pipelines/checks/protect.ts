/**
 * Protection of dashboard figures by suppression of small cells plus rounding to a base. (ε-DP figures use the
 * anonymisation module's exact samplers and privacy-budget ledger, see assets/dash.ts.)
 */

/** Null for a count under the threshold, otherwise rounded to the nearest multiple of `base`. */
export function suppressAndRound(count: number, threshold: number, base: number): number | null {
  if (count < threshold) return null;
  return Math.round(count / base) * base;
}
