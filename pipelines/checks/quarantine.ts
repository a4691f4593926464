/** Quarantine rate: the share of a batch's rows that failed validation must stay under the threshold. */
import type { AssetCheckSpec, CheckResult } from '../types.ts';

/** Pure rule: `quarantined / (valid + quarantined) ≤ maxRate`; an empty batch passes. */
export function quarantineRateVerdict(valid: number, quarantined: number, maxRate: number): CheckResult {
  const total = valid + quarantined;
  if (total === 0) return { verdict: 'pass', reason: 'no rows in this partition' };
  const rate = quarantined / total;
  const text = `${quarantined} of ${total} rows quarantined (${(rate * 100).toFixed(2)} %, limit ${(maxRate * 100).toFixed(2)} %)`;
  return { verdict: rate <= maxRate ? 'pass' : 'fail', reason: text, rows: quarantined, metadata: { rate } };
}

export const quarantineRateCheck: AssetCheckSpec = {
  name: 'quarantine_rate',
  blocking: true,
  run: async (context, result) =>
    quarantineRateVerdict(
      result.rows ?? 0,
      Number(result.metadata?.quarantined ?? 0),
      context.config.maxQuarantineRate,
    ),
};
