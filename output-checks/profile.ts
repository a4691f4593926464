/**
 * Disclosure profiles: ACRO's defaults, and the rule that a custodian may only make a project's profile stricter.
 */
import { z } from 'zod';
import { SdfError } from '../platform/index.ts';
import type { DisclosureProfile } from './types.ts';

/** ACRO's defaults (threshold 10, dominance (2, 90 %), p = 10 %, 10 residual df, zeros disclosive). */
export const DEFAULT_PROFILE: Readonly<DisclosureProfile> = Object.freeze({
  threshold: 10,
  dominanceN: 2,
  dominanceK: 0.9,
  pPercent: 0.1,
  dofThreshold: 10,
  zeros: 'fail',
  missing: 'review',
  maxCells: 10_000,
  autoReleasePass: false,
  twoCustodians: false,
  countRoundingBase: 5,
  magnitudeSignificantFigures: 3,
  realQueriesPerDay: 50,
  probeAlertThreshold: 20,
});

/** What a custodian may send to change a project's profile. */
export const profileOverrideSchema = z
  .object({
    threshold: z.number().int().positive(),
    dominanceN: z.number().int().positive(),
    dominanceK: z.number().gt(0).lte(1),
    pPercent: z.number().gte(0).lte(1),
    dofThreshold: z.number().int().positive(),
    zeros: z.enum(['review', 'fail']),
    missing: z.enum(['review', 'fail']),
    maxCells: z.number().int().positive(),
    autoReleasePass: z.boolean(),
    twoCustodians: z.boolean(),
    countRoundingBase: z.number().int().min(1).max(1000),
    magnitudeSignificantFigures: z.number().int().min(1).max(15),
    realQueriesPerDay: z.number().int().min(0).max(100_000),
    probeAlertThreshold: z.number().int().min(1).max(100_000),
  })
  .partial()
  .strict();

export type ProfileOverride = z.infer<typeof profileOverrideSchema>;

const SEVERITY = { review: 0, fail: 1 } as const;

/** Names of the settings in `override` that would make `base` less strict. */
export function looserSettings(base: DisclosureProfile, override: ProfileOverride): string[] {
  const looser: string[] = [];
  const lower = <K extends keyof DisclosureProfile>(key: K, worse: boolean) => worse && looser.push(key);
  lower('threshold', override.threshold !== undefined && override.threshold < base.threshold);
  lower('dominanceN', override.dominanceN !== undefined && override.dominanceN > base.dominanceN);
  lower('dominanceK', override.dominanceK !== undefined && override.dominanceK > base.dominanceK);
  lower('pPercent', override.pPercent !== undefined && override.pPercent < base.pPercent);
  lower('dofThreshold', override.dofThreshold !== undefined && override.dofThreshold < base.dofThreshold);
  lower('zeros', override.zeros !== undefined && SEVERITY[override.zeros] < SEVERITY[base.zeros]);
  lower('missing', override.missing !== undefined && SEVERITY[override.missing] < SEVERITY[base.missing]);
  lower('maxCells', override.maxCells !== undefined && override.maxCells > base.maxCells);
  lower('twoCustodians', override.twoCustodians === false && base.twoCustodians);
  // Rounding: a smaller base or more significant figures leave more low-order digits, which can carry a value.
  lower('countRoundingBase', override.countRoundingBase !== undefined && override.countRoundingBase < base.countRoundingBase);
  lower('magnitudeSignificantFigures', override.magnitudeSignificantFigures !== undefined && override.magnitudeSignificantFigures > base.magnitudeSignificantFigures);
  lower('realQueriesPerDay', override.realQueriesPerDay !== undefined && override.realQueriesPerDay > base.realQueriesPerDay);
  lower('probeAlertThreshold', override.probeAlertThreshold !== undefined && override.probeAlertThreshold > base.probeAlertThreshold);
  return looser;
}

/**
 * `base` made stricter by `override` (validated). Throws `profile_loosened` (400) when any setting would be
 * looser than the base — defaults are a floor. `autoReleasePass` is a project policy, not a loosening of a rule.
 */
export function tightenProfile(base: DisclosureProfile, override: unknown): DisclosureProfile {
  const parsed = profileOverrideSchema.safeParse(override ?? {});
  if (!parsed.success) {
    throw new SdfError('bad_input', `profile: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`, 400);
  }
  const looser = looserSettings(base, parsed.data);
  if (looser.length > 0) {
    throw new SdfError('profile_loosened', `a project profile may only be stricter than the default; looser: ${looser.join(', ')}`, 400);
  }
  return { ...base, ...parsed.data };
}
