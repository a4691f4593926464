import { describe, expect, it } from 'vitest';
import { describeNotification, notificationsForEvent, probingAlertFires } from './rules.ts';

describe('notificationsForEvent', () => {
  it.each([
    [
      'release_request.submitted',
      { requestId: 'r1' },
      [{ kind: 'release_waiting', to: 'custodians_but_actor', subject: 'r1' }],
    ],
    [
      'release_request.first_vote',
      { requestId: 'r1', votes: 1 },
      [{ kind: 'release_waiting', to: 'custodians_but_actor', subject: 'r1' }],
    ],
    ['release_request.approved', { requestId: 'r1' }, [{ kind: 'release_decided', to: 'query_owner', subject: 'r1' }]],
    ['release_request.rejected', { requestId: 'r2' }, [{ kind: 'release_decided', to: 'query_owner', subject: 'r2' }]],
    ['release_request.returned', { requestId: 'r3' }, [{ kind: 'release_decided', to: 'query_owner', subject: 'r3' }]],
    ['release_request.withdrawn', { requestId: 'r1' }, []],
    ['member.added', { projectId: 'p' }, []],
    ['release_request.approved', {}, []],
    ['release_request.approved', { requestId: '' }, []],
  ])('%s with %j notifies %j', (action, details, expected) => {
    const got = notificationsForEvent(action, details).map(({ kind, to, subject }) => ({ kind, to, subject }));
    expect(got).toEqual(expected);
  });

  it('settles the custodians’ waiting lines when a request is decided', () => {
    expect(notificationsForEvent('release_request.approved', { requestId: 'r' })[0]?.settles).toBe('release_waiting');
    expect(notificationsForEvent('release_request.submitted', { requestId: 'r' })[0]?.settles).toBeUndefined();
  });
});

describe('probingAlertFires', () => {
  it.each([
    [0, 20, false],
    [20, 20, false],
    [21, 20, true],
    [22, 20, false],
    [2, 1, true],
    [1, 1, false],
  ])('%i failed or refused with threshold %i → %s', (count, threshold, fires) => {
    expect(probingAlertFires(count, threshold)).toBe(fires);
  });
});

describe('describeNotification', () => {
  it.each([
    [
      'query_finished',
      { target: 'real', status: 'succeeded', projectId: 'p1' },
      'Your query on the real data finished',
      '#/editor/p1',
    ],
    [
      'query_finished',
      { target: 'synthetic', status: 'failed', projectId: 'p1' },
      'Your query on the synthetic twin failed',
      '#/editor/p1',
    ],
    [
      'query_finished',
      { target: 'synthetic', status: 'succeeded' },
      'Your query on the synthetic twin finished',
      '#/workbench',
    ],
    [
      'release_decided',
      { to: 'approved' },
      'Your release request was approved: the output can be downloaded',
      '#/requests',
    ],
    ['release_decided', { to: 'rejected' }, 'Your release request was rejected', '#/requests'],
    ['release_waiting', { requestId: 'r9' }, 'A release request waits for review', '#/review/r9'],
    ['release_waiting', { requestId: 'r9', votes: 1 }, 'A release request waits for a second custodian', '#/review/r9'],
    [
      'probing_alert',
      { userName: 'ana', count: 21, threshold: 20 },
      'Probing alert: ana had 21 failed or refused real queries today (threshold 20)',
      '#/access',
    ],
    [
      'dashboard_refreshed',
      { dashboardId: 'grants', title: 'Grants', partition: '2026-01-02' },
      'Dashboard “Grants” was refreshed (2026-01-02)',
      '#/dashboards',
    ],
  ] as const)('%s %j reads "%s"', (kind, details, title, link) => {
    expect(describeNotification(kind, details)).toEqual({ title, link });
  });
});
