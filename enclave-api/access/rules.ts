/**
 * Who may see and do what (Five Safes: safe people, safe projects), as pure functions over values.
 * Custodians and admins oversee every project; everyone else sees only projects they are members of, and
 * anything they may not see is reported as not found.
 */
import { SdfError } from '../../platform/index.ts';
import type { DbProject, Principal, Role } from '../types.ts';

export type Verdict<R extends string = string> = { verdict: 'pass'; reason: '' } | { verdict: 'fail'; reason: R };
const pass = { verdict: 'pass', reason: '' } as const;

/** Roles that oversee all projects and queries. */
export const OVERSIGHT_ROLES: readonly Role[] = ['custodian', 'admin'];

export const isOverseer = (principal: Principal): boolean => OVERSIGHT_ROLES.includes(principal.role);

/** A project is visible to its members and to overseers. */
export function canSeeProject(principal: Principal, isMember: boolean): boolean {
  return isMember || isOverseer(principal);
}

/**
 * Only members run queries in a project — custodians and admins oversee, they do not analyse, even if a
 * membership row exists (made before separation of duties, or by hand).
 */
export function canQueryProject(principal: Pick<Principal, 'role'>, isMember: boolean): boolean {
  return isMember && !OVERSIGHT_ROLES.includes(principal.role);
}

/**
 * Separation of duties: a user who oversees projects (custodian, admin) may not be a member (analyst) of one, or
 * they could run queries on data they then approve for release.
 */
export function membershipVerdict(role: Role): Verdict<'custodian_not_member'> {
  return OVERSIGHT_ROLES.includes(role) ? { verdict: 'fail', reason: 'custodian_not_member' } : pass;
}

/** `membershipVerdict` as a 409 `custodian_not_member`, naming the user. */
export function assertCanBeMember(user: { id: string; role: Role }): void {
  if (membershipVerdict(user.role).verdict === 'fail') {
    throw new SdfError(
      'custodian_not_member',
      `user ${user.id} is a ${user.role}: custodians and admins oversee projects and cannot be members of one`,
      409,
    );
  }
}

/** A query is visible to whoever ran it and to overseers. */
export function canSeeQuery(principal: Principal, queryOwnerId: string): boolean {
  return principal.userId === queryOwnerId || isOverseer(principal);
}

/**
 * Whether `today` (YYYY-MM-DD, UTC) is inside the project's access window, both ends inclusive.
 */
export function accessWindowVerdict(
  project: Pick<DbProject, 'starts_on' | 'ends_on'>,
  today: string,
): Verdict<'not_started' | 'ended'> {
  if (today < project.starts_on) return { verdict: 'fail', reason: 'not_started' };
  if (today > project.ends_on) return { verdict: 'fail', reason: 'ended' };
  return pass;
}

/** Today's date in UTC as YYYY-MM-DD. */
export const todayUtc = (now: Date = new Date()): string => now.toISOString().slice(0, 10);

/** Whether a user may start another query: fewer than `quota` of theirs queued or running. */
export function quotaVerdict(activeQueries: number, quota: number): Verdict<'quota_exceeded'> {
  return activeQueries < quota ? pass : { verdict: 'fail', reason: 'quota_exceeded' };
}

/** The start of the UTC day of `now`: real-query budgets and probing counts are per UTC day. */
export const startOfUtcDay = (now: Date = new Date()): Date => new Date(`${todayUtc(now)}T00:00:00.000Z`);

/** Seconds from `now` to the next UTC midnight (when a spent budget is renewed), at least 1. */
export const secondsToUtcMidnight = (now: Date = new Date()): number =>
  Math.max(1, Math.ceil((startOfUtcDay(now).getTime() + 86_400_000 - now.getTime()) / 1000));

/**
 * Probing control: a project may submit at most `perDay` real queries per UTC day (the profile's
 * `realQueriesPerDay`); each is a question to the real data, so the budget bounds what probing can learn.
 */
export function realQueryBudgetVerdict(usedToday: number, perDay: number): Verdict<'real_query_budget'> {
  return usedToday < perDay ? pass : { verdict: 'fail', reason: 'real_query_budget' };
}

/** Alert custodians when a researcher's failed or refused real queries in a day pass `threshold`. */
export function probeAlertVerdict(failedOrRefused: number, threshold: number): Verdict<'probing'> {
  return failedOrRefused > threshold ? { verdict: 'fail', reason: 'probing' } : pass;
}
