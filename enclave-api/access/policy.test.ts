import { describe, expect, it } from 'vitest';
import {
  NEW_PROJECT_POLICY,
  policyChangeLoosens,
  policyLoosenings,
  splitNewProjectPolicy,
  type PolicyChange,
  type ProjectPolicy,
} from './policy.ts';

const base: ProjectPolicy = {
  autoReleasePass: false,
  requiresTwoCustodians: true,
  disclosureOverrides: { threshold: 20 },
};
const open: ProjectPolicy = { autoReleasePass: true, requiresTwoCustodians: false, disclosureOverrides: {} };

describe('project policy changes', () => {
  it.each<[string, ProjectPolicy, PolicyChange, string[]]>([
    ['turning auto-release on', base, { autoReleasePass: true }, ['autoReleasePass']],
    ['turning auto-release off', open, { autoReleasePass: false }, []],
    ['keeping auto-release on', open, { autoReleasePass: true }, []],
    ['turning two custodians off', base, { requiresTwoCustodians: false }, ['requiresTwoCustodians']],
    ['turning two custodians on', open, { requiresTwoCustodians: true }, []],
    ['raising the threshold', base, { disclosureOverrides: { threshold: 30 } }, []],
    ['keeping the threshold', base, { disclosureOverrides: { threshold: 20 } }, []],
    [
      'lowering the threshold, still above the default',
      base,
      { disclosureOverrides: { threshold: 15 } },
      ['disclosureOverrides.threshold'],
    ],
    ['dropping the overrides', base, { disclosureOverrides: {} }, ['disclosureOverrides.threshold']],
    ['raising the rounding base', base, { disclosureOverrides: { threshold: 20, countRoundingBase: 10 } }, []],
    [
      'lowering the raised rounding base',
      { ...base, disclosureOverrides: { countRoundingBase: 10 } },
      { disclosureOverrides: { countRoundingBase: 5 } },
      ['disclosureOverrides.countRoundingBase'],
    ],
    [
      'more significant figures than before',
      { ...base, disclosureOverrides: { magnitudeSignificantFigures: 2 } },
      { disclosureOverrides: {} },
      ['disclosureOverrides.magnitudeSignificantFigures'],
    ],
    [
      'a bigger real-query budget',
      { ...base, disclosureOverrides: { realQueriesPerDay: 10 } },
      { disclosureOverrides: { realQueriesPerDay: 40 } },
      ['disclosureOverrides.realQueriesPerDay'],
    ],
    ['a smaller real-query budget', base, { disclosureOverrides: { threshold: 20, realQueriesPerDay: 10 } }, []],
    [
      'auto-release through the profile',
      base,
      { disclosureOverrides: { threshold: 20, autoReleasePass: true } },
      ['disclosureOverrides.autoReleasePass'],
    ],
    [
      'two custodians off through the profile',
      { ...base, disclosureOverrides: { twoCustodians: true } },
      { disclosureOverrides: {} },
      ['disclosureOverrides.twoCustodians'],
    ],
    [
      'everything at once',
      base,
      { autoReleasePass: true, requiresTwoCustodians: false, disclosureOverrides: {} },
      ['autoReleasePass', 'requiresTwoCustodians', 'disclosureOverrides.threshold'],
    ],
    ['nothing', base, {}, []],
  ])('%s loosens %j', (_, current, change, expected) => {
    expect(policyLoosenings(current, change)).toEqual(expected);
    expect(policyChangeLoosens(current, change)).toBe(expected.length > 0);
  });

  it('refuses overrides below the defaults whoever asks', () => {
    expect(() => policyLoosenings(base, { disclosureOverrides: { threshold: 5 } })).toThrow(
      expect.objectContaining({ code: 'profile_loosened' }),
    );
  });

  it.each<[string, ProjectPolicy, ProjectPolicy, PolicyChange | null]>([
    ['the defaults', { ...NEW_PROJECT_POLICY }, { ...NEW_PROJECT_POLICY }, null],
    [
      'auto-release',
      { ...NEW_PROJECT_POLICY, autoReleasePass: true },
      { ...NEW_PROJECT_POLICY },
      { autoReleasePass: true },
    ],
    [
      'one custodian',
      { ...NEW_PROJECT_POLICY, requiresTwoCustodians: false },
      { ...NEW_PROJECT_POLICY },
      { requiresTwoCustodians: false },
    ],
    [
      'a stricter profile',
      { ...NEW_PROJECT_POLICY, disclosureOverrides: { threshold: 20 } },
      { ...NEW_PROJECT_POLICY, disclosureOverrides: { threshold: 20 } },
      null,
    ],
    [
      'a profile with auto-release',
      { ...NEW_PROJECT_POLICY, disclosureOverrides: { autoReleasePass: true } },
      { ...NEW_PROJECT_POLICY },
      { disclosureOverrides: { autoReleasePass: true } },
    ],
  ])('a new project asking for %s starts as %j, pending %j', (_, requested, initial, pending) => {
    expect(splitNewProjectPolicy(requested)).toEqual({ initial, pending });
  });
});
