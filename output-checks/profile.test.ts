import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, tightenProfile } from './index.ts';

/** ACRO 1.0.1's `default.yaml` and our additions, written out by hand rather than read from the table. */
const EXPECTED_DEFAULTS = {
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
};

describe('disclosure profile settings', () => {
  it('default to ACRO and our documented floors', () => {
    expect({ ...DEFAULT_PROFILE }).toEqual(EXPECTED_DEFAULTS);
  });

  // One step each way from the default: the looser step is refused naming the setting, the stricter accepted.
  it.each([
    ['threshold', 9, 11],
    ['dominanceN', 3, 1],
    ['dominanceK', 0.95, 0.8],
    ['pPercent', 0.05, 0.2],
    ['dofThreshold', 9, 11],
    ['zeros', null, 'fail'],
    ['missing', null, 'fail'],
    ['maxCells', 10_001, 500],
    ['twoCustodians', null, true],
    ['countRoundingBase', 4, 10],
    ['magnitudeSignificantFigures', 4, 2],
    ['realQueriesPerDay', 51, 10],
    ['probeAlertThreshold', 21, 5],
  ] as const)('%s: %s is looser, %s stricter', (name, looser, stricter) => {
    if (looser !== null)
      expect(() => tightenProfile(DEFAULT_PROFILE, { [name]: looser })).toThrow(new RegExp(`looser: ${name}`));
    expect(tightenProfile(DEFAULT_PROFILE, { [name]: stricter })[name]).toBe(stricter);
  });

  it('refuses turning a safeguard off and lowering severity from a stricter base', () => {
    const strict = tightenProfile(DEFAULT_PROFILE, { twoCustodians: true, missing: 'fail' });
    expect(() => tightenProfile(strict, { twoCustodians: false })).toThrow(/looser: twoCustodians/);
    expect(() => tightenProfile(strict, { missing: 'review' })).toThrow(/looser: missing/);
  });

  it('treats auto-release as a project policy, not a loosened rule', () => {
    expect(tightenProfile(DEFAULT_PROFILE, { autoReleasePass: true }).autoReleasePass).toBe(true);
  });

  it.each([
    [{ threshold: 0 }],
    [{ dominanceK: 1.5 }],
    [{ zeros: 'sometimes' }],
    [{ unknownSetting: 1 }],
    [{ countRoundingBase: 2.5 }],
  ])('refuses a malformed override %j with bad_input', (override) => {
    expect(() => tightenProfile(DEFAULT_PROFILE, override)).toThrow(/profile:/);
  });
});
