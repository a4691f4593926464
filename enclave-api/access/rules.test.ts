import { describe, expect, it } from 'vitest';
import type { Principal, Role } from '../types.ts';
import {
  accessWindowVerdict,
  assertCanBeMember,
  canQueryProject,
  canSeeProject,
  canSeeQuery,
  membershipVerdict,
  probeAlertVerdict,
  quotaVerdict,
  realQueryBudgetVerdict,
  secondsToUtcMidnight,
  startOfUtcDay,
} from './rules.ts';

const as = (role: Role, userId = 'me'): Principal => ({ userId, name: role, role, tokenId: 't' });

describe('access rules', () => {
  it.each([
    ['researcher', true, true],
    ['researcher', false, false],
    ['policymaker', false, false],
    ['policymaker', true, true],
    ['custodian', false, true],
    ['admin', false, true],
  ] as const)('a %s who is a member: %s sees the project: %s', (role, member, visible) => {
    expect(canSeeProject(as(role), member)).toBe(visible);
  });

  it.each([
    ['researcher', true, true],
    ['researcher', false, false],
    ['policymaker', true, true],
    ['custodian', true, false],
    ['custodian', false, false],
    ['admin', true, false],
    ['admin', false, false],
  ] as const)('a %s who is a member: %s may query the project: %s', (role, member, allowed) => {
    expect(canQueryProject(as(role), member)).toBe(allowed);
  });

  it.each([
    ['researcher', 'pass', ''],
    ['policymaker', 'pass', ''],
    ['custodian', 'fail', 'custodian_not_member'],
    ['admin', 'fail', 'custodian_not_member'],
  ] as const)('a %s may be made a member: %s %s', (role, verdict, reason) => {
    expect(membershipVerdict(role)).toEqual({ verdict, reason });
    if (verdict === 'fail')
      expect(() => assertCanBeMember({ id: 'u', role })).toThrow(
        expect.objectContaining({ code: reason, status: 409 }),
      );
    else expect(() => assertCanBeMember({ id: 'u', role })).not.toThrow();
  });

  it.each([
    ['researcher', 'me', true],
    ['researcher', 'someone', false],
    ['policymaker', 'someone', false],
    ['custodian', 'someone', true],
    ['admin', 'someone', true],
  ] as const)('a %s sees a query owned by %s: %s', (role, owner, visible) => {
    expect(canSeeQuery(as(role), owner)).toBe(visible);
  });

  it.each([
    ['2026-01-01', 'fail', 'not_started'],
    ['2026-01-02', 'pass', ''],
    ['2026-06-30', 'pass', ''],
    ['2026-12-31', 'pass', ''],
    ['2027-01-01', 'fail', 'ended'],
  ])('on %s the window 2026-01-02..2026-12-31 gives %s', (today, verdict, reason) => {
    expect(accessWindowVerdict({ starts_on: '2026-01-02', ends_on: '2026-12-31' }, today)).toEqual({ verdict, reason });
  });

  it.each([
    [0, 2, 'pass'],
    [1, 2, 'pass'],
    [2, 2, 'fail'],
    [3, 2, 'fail'],
    [0, 0, 'fail'],
  ])('with %i active queries and a quota of %i the verdict is %s', (active, quota, verdict) => {
    expect(quotaVerdict(active, quota).verdict).toBe(verdict);
  });

  it.each([
    [0, 50, 'pass'],
    [49, 50, 'pass'],
    [50, 50, 'fail'],
    [51, 50, 'fail'],
    [0, 1, 'pass'],
    [0, 0, 'fail'],
  ])('with %i real queries today and a budget of %i the verdict is %s', (used, perDay, verdict) => {
    const result = realQueryBudgetVerdict(used, perDay);
    expect(result.verdict).toBe(verdict);
    if (verdict === 'fail') expect(result.reason).toBe('real_query_budget');
  });

  it.each([
    [0, 20, 'pass'],
    [19, 20, 'pass'],
    [20, 20, 'pass'],
    [21, 20, 'fail'],
    [2, 1, 'fail'],
  ])('%i failed or refused real queries against an alert threshold of %i: %s', (count, threshold, verdict) => {
    expect(probeAlertVerdict(count, threshold).verdict).toBe(verdict);
  });

  it.each([
    ['2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', 86_400],
    ['2026-03-01T23:59:59.500Z', '2026-03-01T00:00:00.000Z', 1],
    ['2026-12-31T12:00:00.000Z', '2026-12-31T00:00:00.000Z', 43_200],
  ])('at %s the UTC day began %s and renews in %i s', (now, start, seconds) => {
    expect(startOfUtcDay(new Date(now)).toISOString()).toBe(start);
    expect(secondsToUtcMidnight(new Date(now))).toBe(seconds);
  });
});
