/**
 * Disclosure profiles: ACRO's defaults, and the rule that a custodian may only make a project's profile stricter.
 */
import { z } from 'zod';
import { DISCLOSURE_FLOORS, SdfError } from '../platform/index.ts';
import type { DisclosureProfile } from './types.ts';

/**
 * Which way a setting becomes stricter: `higher`/`lower` numbers, `fail` over `review`, `on` for a safeguard
 * switched on, or `policy` for a project choice that loosens no rule (still subject to the two-custodian rule).
 */
type Stricter = 'higher' | 'lower' | 'severity' | 'on' | 'policy';

interface ProfileSetting<T> {
  schema: z.ZodType<T>;
  /** ACRO's default where ACRO has the setting; a floor no project may go below. */
  default: T;
  stricter: Stricter;
}

const severity = z.enum(['review', 'fail']);
const declare = <T>(schema: z.ZodType<T>, defaultValue: T, stricter: Stricter): ProfileSetting<T> => ({
  schema,
  default: defaultValue,
  stricter,
});

/** Every profile setting, declared once: its schema, its default and which direction is stricter. */
export const PROFILE_SETTINGS: { readonly [K in keyof DisclosureProfile]: ProfileSetting<DisclosureProfile[K]> } = {
  threshold: declare(z.number().int().positive(), DISCLOSURE_FLOORS.minPersonsPerCell, 'higher'),
  dominanceN: declare(z.number().int().positive(), 2, 'lower'),
  dominanceK: declare(z.number().gt(0).lte(1), 0.9, 'lower'),
  pPercent: declare(z.number().gte(0).lte(1), 0.1, 'higher'),
  dofThreshold: declare(z.number().int().positive(), 10, 'higher'),
  zeros: declare(severity, 'fail', 'severity'),
  missing: declare(severity, 'review', 'severity'),
  maxCells: declare(z.number().int().positive(), 10_000, 'lower'),
  autoReleasePass: declare(z.boolean(), false, 'policy'),
  twoCustodians: declare(z.boolean(), false, 'on'),
  // Rounding: a smaller base or more significant figures leave more low-order digits, which can carry a value.
  countRoundingBase: declare(z.number().int().min(1).max(1000), DISCLOSURE_FLOORS.countRoundingBase, 'higher'),
  magnitudeSignificantFigures: declare(z.number().int().min(1).max(15), 3, 'lower'),
  realQueriesPerDay: declare(z.number().int().min(0).max(100_000), 50, 'lower'),
  probeAlertThreshold: declare(z.number().int().min(1).max(100_000), 20, 'lower'),
};

const SETTING_NAMES = Object.keys(PROFILE_SETTINGS) as (keyof DisclosureProfile)[];

/** ACRO's defaults (threshold 10, dominance (2, 90 %), p = 10 %, 10 residual df, zeros disclosive). */
export const DEFAULT_PROFILE: Readonly<DisclosureProfile> = Object.freeze(
  Object.fromEntries(
    SETTING_NAMES.map((name) => [name, PROFILE_SETTINGS[name].default]),
  ) as unknown as DisclosureProfile,
);

/** What a custodian may send to change a project's profile. */
export const profileOverrideSchema = z
  .object(
    Object.fromEntries(SETTING_NAMES.map((name) => [name, PROFILE_SETTINGS[name].schema])) as {
      [K in keyof DisclosureProfile]: z.ZodType<DisclosureProfile[K]>;
    },
  )
  .partial()
  .strict();

export type ProfileOverride = z.infer<typeof profileOverrideSchema>;

const SEVERITY = { review: 0, fail: 1 } as const;

function isLooser(stricter: Stricter, base: unknown, value: unknown): boolean {
  switch (stricter) {
    case 'higher':
      return (value as number) < (base as number);
    case 'lower':
      return (value as number) > (base as number);
    case 'severity':
      return SEVERITY[value as keyof typeof SEVERITY] < SEVERITY[base as keyof typeof SEVERITY];
    case 'on':
      return value === false && base === true;
    case 'policy':
      return false;
  }
}

/** Names of the settings in `override` that would make `base` less strict. */
export function looserSettings(base: DisclosureProfile, override: ProfileOverride): string[] {
  return SETTING_NAMES.filter(
    (name) => override[name] !== undefined && isLooser(PROFILE_SETTINGS[name].stricter, base[name], override[name]),
  );
}

/**
 * `base` made stricter by `override` (validated). Throws `profile_loosened` (400) when any setting would be
 * looser than the base — defaults are a floor. `autoReleasePass` is a project policy, not a loosening of a rule.
 */
export function tightenProfile(base: DisclosureProfile, override: unknown): DisclosureProfile {
  const parsed = profileOverrideSchema.safeParse(override ?? {});
  if (!parsed.success) {
    throw new SdfError(
      'bad_input',
      `profile: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
      400,
    );
  }
  const looser = looserSettings(base, parsed.data);
  if (looser.length > 0) {
    throw new SdfError(
      'profile_loosened',
      `a project profile may only be stricter than the default; looser: ${looser.join(', ')}`,
      400,
    );
  }
  return { ...base, ...parsed.data };
}
