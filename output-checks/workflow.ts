/**
 * The release-request life cycle as explicit tables (airlock's VALID_STATE_TRANSITIONS / STATUS_OWNERS): which
 * status may follow which, who moves a request into each status, and how custodians' votes resolve — including
 * the two-person rule (independent, blind votes by two distinct custodians) and that a requester never approves
 * their own output.
 */
import { SdfError } from '../platform/index.ts';

export const RELEASE_STATUSES = [
  'submitted',
  'partially_reviewed',
  'approved',
  'rejected',
  'returned',
  'withdrawn',
] as const;
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

export const DECISIONS = ['approve', 'reject', 'return'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Which status may follow which. `returned` goes back to the researcher, who may resubmit or withdraw. */
export const RELEASE_TRANSITIONS: Readonly<Record<ReleaseStatus, readonly ReleaseStatus[]>> = {
  submitted: ['partially_reviewed', 'approved', 'rejected', 'returned', 'withdrawn'],
  partially_reviewed: ['approved', 'rejected', 'returned', 'withdrawn'],
  returned: ['submitted', 'withdrawn'],
  approved: [],
  rejected: [],
  withdrawn: [],
};

/** Who moves a request into each status (`system` is the auto-release-pass policy). */
export type StatusOwner = 'requester' | 'custodian';
export const RELEASE_STATUS_OWNERS: Readonly<Record<ReleaseStatus, StatusOwner>> = {
  submitted: 'requester',
  partially_reviewed: 'custodian',
  approved: 'custodian',
  rejected: 'custodian',
  returned: 'custodian',
  withdrawn: 'requester',
};

/** Audit event name of each status. */
export const RELEASE_STATUS_AUDIT_EVENT: Readonly<Record<ReleaseStatus, string>> = {
  submitted: 'release_request.submitted',
  partially_reviewed: 'release_request.first_vote',
  approved: 'release_request.approved',
  rejected: 'release_request.rejected',
  returned: 'release_request.returned',
  withdrawn: 'release_request.withdrawn',
};

/** Statuses in which custodians can still vote. */
export const OPEN_FOR_REVIEW: readonly ReleaseStatus[] = ['submitted', 'partially_reviewed'];

export interface Actor {
  userId: string;
  role: string;
}

export function canTransition(from: ReleaseStatus, to: ReleaseStatus): boolean {
  return RELEASE_TRANSITIONS[from].includes(to);
}

/** True when `actor` may vote on the request now: a custodian or admin, not its requester, while it is open for review. */
export function canDecide(actor: Actor, request: { status: ReleaseStatus; requesterId: string }): boolean {
  return (
    (actor.role === 'custodian' || actor.role === 'admin') &&
    actor.userId !== request.requesterId &&
    OPEN_FOR_REVIEW.includes(request.status)
  );
}

/** True when `actor` may move a request of `requesterId` into `to` (ownership, not the transition). */
export function canActAs(actor: Actor, to: ReleaseStatus, requesterId: string): boolean {
  if (RELEASE_STATUS_OWNERS[to] === 'requester') return actor.userId === requesterId;
  return (actor.role === 'custodian' || actor.role === 'admin') && actor.userId !== requesterId;
}

/** Throws `invalid_transition` (409) or `forbidden` (403) unless `actor` may move the request from → to. */
export function assertCanTransition(from: ReleaseStatus, to: ReleaseStatus, actor: Actor, requesterId: string): void {
  if (!canTransition(from, to)) {
    throw new SdfError('invalid_transition', `a ${from} release request cannot become ${to}`, 409);
  }
  if (!canActAs(actor, to, requesterId)) {
    const why =
      actor.userId === requesterId
        ? 'the requester may not review their own output'
        : `only the ${RELEASE_STATUS_OWNERS[to]} may do that`;
    throw new SdfError('forbidden', why, 403);
  }
}

export interface Vote {
  custodianId: string;
  decision: Decision;
  reason: string;
}

/**
 * The status after `votes` (this round's, including the new one): with one custodian required, the vote decides;
 * with two, the first vote only makes it `partially_reviewed`; two approvals approve, two rejections reject, and
 * any disagreement or a `return` sends it back to the researcher with both reasons.
 */
export function resolveVotes(votes: readonly Vote[], requiresTwo: boolean): ReleaseStatus {
  const needed = requiresTwo ? 2 : 1;
  if (votes.length < needed) return 'partially_reviewed';
  const decisions = new Set(votes.map((v) => v.decision));
  if (decisions.size === 1) {
    const [only] = decisions;
    return only === 'approve' ? 'approved' : only === 'reject' ? 'rejected' : 'returned';
  }
  return 'returned';
}

/**
 * Checks a custodian's vote on a request and returns the resulting status. Refuses the requester, a second vote
 * by the same custodian in a round, and a request that is not open for review.
 */
export function castVote(
  request: { status: ReleaseStatus; requesterId: string; requiresTwo: boolean; votes: readonly Vote[] },
  actor: Actor,
  vote: Omit<Vote, 'custodianId'>,
): { status: ReleaseStatus; votes: Vote[] } {
  if (!OPEN_FOR_REVIEW.includes(request.status)) {
    throw new SdfError('invalid_transition', `a ${request.status} release request cannot be decided`, 409);
  }
  if (actor.userId === request.requesterId)
    throw new SdfError('forbidden', 'the requester may not review their own output', 403);
  if (actor.role !== 'custodian' && actor.role !== 'admin')
    throw new SdfError('forbidden', 'only custodians decide release requests', 403);
  if (request.votes.some((v) => v.custodianId === actor.userId)) {
    throw new SdfError(
      'already_voted',
      'you have already decided this request; a second custodian must decide too',
      409,
    );
  }
  const votes = [...request.votes, { ...vote, custodianId: actor.userId }];
  const status = resolveVotes(votes, request.requiresTwo);
  assertCanTransition(request.status, status, actor, request.requesterId);
  return { status, votes };
}

/**
 * The votes a viewer may see: none while a request is still open, except the viewer's own — so two custodians
 * decide independently; all of them once the request is decided.
 */
export function visibleVotes<V extends { custodianId: string }>(
  votes: readonly V[],
  status: ReleaseStatus,
  viewerId: string,
): V[] {
  if (OPEN_FOR_REVIEW.includes(status)) return votes.filter((v) => v.custodianId === viewerId);
  return [...votes];
}
