/**
 * Who is told what, and in which words. `NOTIFY_ON_EVENT` maps an audited domain event to the people it concerns
 * (the table is the rule); `describeNotification` turns a stored notification's kind and details into a title and
 * a link of the web UI. Pure: `notify.ts` writes what these decide, in the event's transaction.
 *
 * A researcher's notification about a real query says only that it finished and how (succeeded or failed): no
 * outcome, figure or message computed from real data, so it adds nothing to the closed researcher surface.
 */

export const NOTIFICATION_KINDS = [
  'query_finished',
  'release_decided',
  'release_waiting',
  'probing_alert',
  'dashboard_refreshed',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Who receives a notification about an event. */
export type Recipients =
  /** the owner of the query the event is about (for release requests: the requester) */
  | 'query_owner'
  /** every custodian, except the one who acted */
  | 'custodians_but_actor';

export interface EventNotification {
  kind: NotificationKind;
  to: Recipients;
  /** The detail naming the subject (`requestId`, `queryId` …). */
  subjectFrom: string;
  /** Unread notifications of these kinds about the same subject are marked read (they are no longer waiting). */
  settles?: NotificationKind;
}

/**
 * The domain events (audit actions) that notify someone. A request waits for custodians when submitted or
 * resubmitted and, after a first vote, for a second custodian; a decision tells the requester and settles the
 * custodians' "waiting" lines.
 */
export const NOTIFY_ON_EVENT: Readonly<Record<string, readonly EventNotification[]>> = {
  'release_request.submitted': [{ kind: 'release_waiting', to: 'custodians_but_actor', subjectFrom: 'requestId' }],
  'release_request.first_vote': [
    { kind: 'release_waiting', to: 'custodians_but_actor', subjectFrom: 'requestId', settles: 'release_waiting' },
  ],
  'release_request.approved': [
    { kind: 'release_decided', to: 'query_owner', subjectFrom: 'requestId', settles: 'release_waiting' },
  ],
  'release_request.rejected': [
    { kind: 'release_decided', to: 'query_owner', subjectFrom: 'requestId', settles: 'release_waiting' },
  ],
  'release_request.returned': [
    { kind: 'release_decided', to: 'query_owner', subjectFrom: 'requestId', settles: 'release_waiting' },
  ],
  'release_request.withdrawn': [],
};

/** What `event` with `details` notifies: the kinds, recipients and subject ids (empty when nothing). */
export function notificationsForEvent(
  action: string,
  details: Record<string, unknown>,
): Array<EventNotification & { subject: string }> {
  return (NOTIFY_ON_EVENT[action] ?? []).flatMap((rule) => {
    const subject = details[rule.subjectFrom];
    return typeof subject === 'string' && subject !== '' ? [{ ...rule, subject }] : [];
  });
}

/** A probing alert fires once a day per researcher and project: when the count first passes the threshold. */
export const probingAlertFires = (failedOrRefused: number, threshold: number): boolean =>
  failedOrRefused === threshold + 1;

const str = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** The title and web UI link of a notification. */
export function describeNotification(
  kind: NotificationKind,
  details: Record<string, unknown>,
): { title: string; link: string } {
  switch (kind) {
    case 'query_finished': {
      const where = details.target === 'real' ? 'on the real data' : 'on the synthetic twin';
      const how = details.status === 'failed' ? 'failed' : 'finished';
      return {
        title: `Your query ${where} ${how}`,
        link: details.projectId ? `#/editor/${str(details.projectId)}` : '#/workbench',
      };
    }
    case 'release_decided': {
      const words: Record<string, string> = {
        approved: 'was approved: the output can be downloaded',
        rejected: 'was rejected',
        returned: 'was returned to you with questions',
      };
      return { title: `Your release request ${words[str(details.to)] ?? 'was decided'}`, link: '#/requests' };
    }
    case 'release_waiting':
      return {
        title:
          details.votes === 1 ? 'A release request waits for a second custodian' : 'A release request waits for review',
        link: `#/review/${str(details.requestId)}`,
      };
    case 'probing_alert':
      return {
        title: `Probing alert: ${str(details.userName) || 'a researcher'} had ${str(details.count)} failed or refused real queries today (threshold ${str(details.threshold)})`,
        link: '#/access',
      };
    case 'dashboard_refreshed':
      return {
        title: `Dashboard “${str(details.title) || str(details.dashboardId)}” was refreshed (${str(details.partition)})`,
        link: '#/dashboards',
      };
  }
}
