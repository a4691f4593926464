/**
 * Project release policy (auto-release, two custodians per release, the disclosure profile) and which changes to
 * it loosen. A loosening needs two distinct custodians: the first proposes, a second approves. Tightening is a
 * one-custodian action. Pure: the routes store and apply the changes.
 */
import { DEFAULT_PROFILE, looserSettings, projectProfile, tightenProfile } from '../../output-checks/index.ts';

/** The settings of a project a policy change may touch. */
export interface ProjectPolicy {
  autoReleasePass: boolean;
  requiresTwoCustodians: boolean;
  disclosureOverrides: Record<string, unknown>;
}

/** A change: the settings it sets (`disclosureOverrides` replaces the overrides as a whole). */
export type PolicyChange = Partial<ProjectPolicy>;

/** The policy of a project created without any choice: no auto-release, two custodians, the default profile. */
export const NEW_PROJECT_POLICY: Readonly<ProjectPolicy> = Object.freeze({
  autoReleasePass: false,
  requiresTwoCustodians: true,
  disclosureOverrides: {},
});

/**
 * Names of what `change` loosens relative to `current`: turning auto-release on, turning two custodians off
 * (the project flag or the profile's `twoCustodians`), and any profile setting made less strict than the
 * project's effective profile (not only the defaults). Throws `profile_loosened` (400) for overrides below the
 * defaults, which no number of custodians may set.
 */
export function policyLoosenings(current: ProjectPolicy, change: PolicyChange): string[] {
  const looser: string[] = [];
  if (change.autoReleasePass === true && !current.autoReleasePass) looser.push('autoReleasePass');
  if (change.requiresTwoCustodians === false && current.requiresTwoCustodians) looser.push('requiresTwoCustodians');
  if (change.disclosureOverrides !== undefined) {
    const proposed = tightenProfile(DEFAULT_PROFILE, change.disclosureOverrides);
    const effective = projectProfile(current.disclosureOverrides).profile;
    looser.push(...looserSettings(effective, proposed).map((name) => `disclosureOverrides.${name}`));
    if (proposed.autoReleasePass && !effective.autoReleasePass) looser.push('disclosureOverrides.autoReleasePass');
  }
  return looser;
}

/** Whether `change` loosens `current` (and so needs a second custodian). */
export const policyChangeLoosens = (current: ProjectPolicy, change: PolicyChange): boolean =>
  policyLoosenings(current, change).length > 0;

/**
 * Splits a new project's requested policy into what applies at once and what waits for a second custodian:
 * every loosening setting starts at `NEW_PROJECT_POLICY` and its requested value becomes a pending change.
 */
export function splitNewProjectPolicy(requested: ProjectPolicy): {
  initial: ProjectPolicy;
  pending: PolicyChange | null;
} {
  const initial: ProjectPolicy = { ...NEW_PROJECT_POLICY };
  const pending: PolicyChange = {};
  for (const key of ['autoReleasePass', 'requiresTwoCustodians', 'disclosureOverrides'] as const) {
    const change = { [key]: requested[key] } as PolicyChange;
    if (policyChangeLoosens(NEW_PROJECT_POLICY, change)) Object.assign(pending, change);
    else Object.assign(initial, change);
  }
  return { initial, pending: Object.keys(pending).length > 0 ? pending : null };
}
