/**
 * Writes the notifications `rules.ts` decides, inside the caller's transaction: with a domain event
 * (`recordEvent`), with a real query's failure, and with a refused real submission's audit entry. Query
 * completions and dashboard refreshes are written by the database's triggers (migration 008) instead, so every
 * writer of those rows notifies.
 */
import { projectProfile } from '../../output-checks/index.ts';
import { startOfUtcDay, todayUtc } from '../access/rules.ts';
import { insertNotifications, settleNotifications, usersWithRole } from '../db/notifications.ts';
import { countProbingSince } from '../db/probing.ts';
import type { Db } from '../db/queryable.ts';
import { notificationsForEvent, probingAlertFires, type Recipients } from './rules.ts';

async function recipients(
  db: Db,
  to: Recipients,
  actorId: string | null,
  details: Record<string, unknown>,
): Promise<string[]> {
  if (to === 'custodians_but_actor') return usersWithRole(db, 'custodian', actorId);
  const queryId = typeof details.queryId === 'string' ? details.queryId : null;
  if (!queryId) return [];
  const { rows } = await db.query<{ user_id: string }>(`select user_id from enclave.queries where id = $1`, [queryId]);
  return rows.map((r) => r.user_id);
}

/** The notifications of one audited domain event (nothing for most events). */
export async function notifyForEvent(
  db: Db,
  actorId: string | null,
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  for (const rule of notificationsForEvent(action, details)) {
    if (rule.settles) await settleNotifications(db, rule.settles, rule.subject);
    const projectId = typeof details.projectId === 'string' ? details.projectId : null;
    const kept = Object.fromEntries(
      Object.entries(details).filter(([key]) => ['requestId', 'queryId', 'projectId', 'to', 'votes'].includes(key)),
    );
    // `votes` of a decided request lists the votes; the line only needs to know whether one is still missing.
    if (Array.isArray(kept.votes)) delete kept.votes;
    await insertNotifications(db, await recipients(db, rule.to, actorId, details), {
      kind: rule.kind,
      subject: rule.subject,
      projectId,
      details: kept,
    });
  }
}

/**
 * After a researcher's real query failed or was refused (already written in this transaction): tells the
 * custodians once the day's count first passes the project's alert threshold.
 */
export async function notifyProbing(db: Db, userId: string, projectId: string): Promise<void> {
  const { rows } = await db.query<{ disclosure_overrides: Record<string, unknown>; name: string | null }>(
    `select p.disclosure_overrides, (select name from enclave.users where id = $2) as name from enclave.projects p where p.id = $1`,
    [projectId, userId],
  );
  const project = rows[0];
  if (!project) return;
  const threshold = projectProfile(project.disclosure_overrides).profile.probeAlertThreshold;
  const count = await countProbingSince(db, userId, projectId, startOfUtcDay());
  if (!probingAlertFires(count, threshold)) return;
  const day = todayUtc();
  await insertNotifications(db, await usersWithRole(db, 'custodian'), {
    kind: 'probing_alert',
    subject: `${userId}/${projectId}/${day}`,
    projectId,
    details: { userId, userName: project.name, projectId, count, threshold, day },
  });
}
