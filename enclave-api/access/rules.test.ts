import { describe, expect, it } from 'vitest';
import type { Principal, Role } from '../types.ts';
import { accessWindowVerdict, canQueryProject, canSeeProject, canSeeQuery, quotaVerdict } from './rules.ts';

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

  it('lets only members query a project', () => {
    expect(canQueryProject(true)).toBe(true);
    expect(canQueryProject(false)).toBe(false);
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
