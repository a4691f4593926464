import { describe, expect, it } from 'vitest';
import type { Principal, Role } from '../types.ts';
import { accessWindowVerdict, assertCanBeMember, canQueryProject, canSeeProject, canSeeQuery, membershipVerdict, quotaVerdict } from './rules.ts';

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
    if (verdict === 'fail') expect(() => assertCanBeMember({ id: 'u', role })).toThrow(expect.objectContaining({ code: reason, status: 409 }));
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
});
