import { describe, expect, it } from 'vitest';
import { canDecide, RELEASE_STATUSES, type ReleaseStatus } from './index.ts';
import {
  RELEASE_TRANSITIONS,
  RELEASE_STATUS_OWNERS,
  RELEASE_STATUS_AUDIT_EVENT,
  assertCanTransition,
  canTransition,
  castVote,
  resolveVotes,
  visibleVotes,
  type Vote,
} from './workflow.ts';

const requester = { userId: 'r', role: 'researcher' };
const alice = { userId: 'a', role: 'custodian' };
const bob = { userId: 'b', role: 'custodian' };
const pairs = RELEASE_STATUSES.flatMap((from) => RELEASE_STATUSES.map((to) => [from, to] as const));

describe('release request state table', () => {
  it('gives every status an owner and an audit event', () => {
    for (const status of RELEASE_STATUSES) {
      expect(RELEASE_STATUS_OWNERS[status]).toBeDefined();
      expect(RELEASE_STATUS_AUDIT_EVENT[status]).toMatch(/^release_request\./);
    }
  });

  it.each(pairs)('moves %s → %s only when the table allows it and the owner acts', (from, to) => {
    const owner = RELEASE_STATUS_OWNERS[to] === 'requester' ? requester : alice;
    if (RELEASE_TRANSITIONS[from].includes(to)) expect(() => assertCanTransition(from, to, owner, 'r')).not.toThrow();
    else expect(() => assertCanTransition(from, to, owner, 'r')).toThrow(/cannot become/);
  });

  it('never lets a custodian who requested the output approve it', () => {
    expect(() => assertCanTransition('submitted', 'approved', { userId: 'r', role: 'custodian' }, 'r')).toThrow(
      /own output/,
    );
    expect(() =>
      castVote({ status: 'submitted', requesterId: 'a', requiresTwo: false, votes: [] }, alice, {
        decision: 'approve',
        reason: 'ok',
      }),
    ).toThrow(/own output/);
  });

  it('lets only the requester withdraw', () => {
    expect(() => assertCanTransition('submitted', 'withdrawn', alice, 'r')).toThrow(/only the requester/);
    expect(canTransition('approved', 'withdrawn')).toBe(false);
  });
});

describe('custodian votes', () => {
  const open = (requiresTwo: boolean, votes: Vote[] = [], status: ReleaseStatus = 'submitted') => ({
    status,
    requesterId: 'r',
    requiresTwo,
    votes,
  });

  it.each<[boolean, Vote['decision'][], ReleaseStatus]>([
    [false, ['approve'], 'approved'],
    [false, ['reject'], 'rejected'],
    [false, ['return'], 'returned'],
    [true, ['approve'], 'partially_reviewed'],
    [true, ['approve', 'approve'], 'approved'],
    [true, ['reject', 'reject'], 'rejected'],
    [true, ['approve', 'reject'], 'returned'],
    [true, ['approve', 'return'], 'returned'],
  ])('with two custodians required = %s, votes %j resolve to %s', (requiresTwo, decisions, status) => {
    const votes = decisions.map((decision, i) => ({ custodianId: `c${i}`, decision, reason: 'because' }));
    expect(resolveVotes(votes, requiresTwo)).toBe(status);
  });

  it('needs two distinct custodians under the two-person rule', () => {
    const first = castVote(open(true), alice, { decision: 'approve', reason: 'fine' });
    expect(first.status).toBe('partially_reviewed');
    expect(() =>
      castVote(open(true, first.votes, 'partially_reviewed'), alice, { decision: 'approve', reason: 'again' }),
    ).toThrow(/already decided/);
    expect(
      castVote(open(true, first.votes, 'partially_reviewed'), bob, { decision: 'approve', reason: 'fine' }).status,
    ).toBe('approved');
  });

  it('refuses a researcher vote and a vote on a decided request', () => {
    expect(() =>
      castVote(open(false), { userId: 'x', role: 'researcher' }, { decision: 'approve', reason: 'x' }),
    ).toThrow(/only custodians/);
    expect(() => castVote(open(false, [], 'approved'), alice, { decision: 'approve', reason: 'x' })).toThrow(
      /cannot be decided/,
    );
  });

  it('hides the other custodian’s vote until the request is decided', () => {
    const votes = [{ custodianId: 'a', decision: 'approve' as const, reason: 'x' }];
    expect(visibleVotes(votes, 'partially_reviewed', 'b')).toEqual([]);
    expect(visibleVotes(votes, 'partially_reviewed', 'a')).toEqual(votes);
    expect(visibleVotes(votes, 'approved', 'b')).toEqual(votes);
  });
});

describe('canDecide', () => {
  const custodian = { userId: 'c1', role: 'custodian' as const };
  it.each([
    ['a custodian on a submitted request', custodian, 'submitted', 'r1', true],
    ['a custodian on a partially reviewed request', custodian, 'partially_reviewed', 'r1', true],
    ['an admin on a submitted request', { userId: 'a1', role: 'admin' as const }, 'submitted', 'r1', true],
    ['a researcher', { userId: 'x', role: 'researcher' as const }, 'submitted', 'r1', false],
    ['a policymaker', { userId: 'p', role: 'policymaker' as const }, 'submitted', 'r1', false],
    ['the requester, even as a custodian', custodian, 'submitted', 'c1', false],
    ['a custodian on an approved request', custodian, 'approved', 'r1', false],
    ['a custodian on a returned request', custodian, 'returned', 'r1', false],
    ['a custodian on a withdrawn request', custodian, 'withdrawn', 'r1', false],
  ] as const)('%s: %s', (_why, actor, status, requesterId, expected) => {
    expect(canDecide(actor, { status, requesterId })).toBe(expected);
  });
});
