/** Notifications: written inside the transaction of their event, listed and marked read by their recipient. */
import type { NotificationKind } from '../notifications/rules.ts';
import type { Db } from './queryable.ts';

export interface DbNotification {
  id: string;
  user_id: string;
  kind: NotificationKind;
  subject: string;
  project_id: string | null;
  details: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
}

// A second event about the same unread subject brings the line forward instead of adding one.
const UPSERT = `on conflict (user_id, kind, subject) where read_at is null do update set details = excluded.details, created_at = now()`;

/** Notifies each of `userIds`. */
export async function insertNotifications(
  db: Db,
  userIds: readonly string[],
  input: { kind: NotificationKind; subject: string; projectId?: string | null; details: Record<string, unknown> },
): Promise<void> {
  if (userIds.length === 0) return;
  await db.query(
    `insert into enclave.notifications (user_id, kind, subject, project_id, details)
     select u, $2, $3, $4, $5 from unnest($1::uuid[]) as u ${UPSERT}`,
    [userIds, input.kind, input.subject, input.projectId ?? null, JSON.stringify(input.details)],
  );
}

/** Active users with `role`, except `except`. */
export async function usersWithRole(db: Db, role: string, except: string | null = null): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select id from enclave.users where role = $1 and disabled_at is null and ($2::uuid is null or id <> $2)`,
    [role, except],
  );
  return rows.map((r) => r.id);
}

/** Marks unread notifications of `kind` about `subject` read, for everyone (what they announced is over). */
export async function settleNotifications(db: Db, kind: NotificationKind, subject: string): Promise<void> {
  await db.query(
    `update enclave.notifications set read_at = now() where kind = $1 and subject = $2 and read_at is null`,
    [kind, subject],
  );
}

/** A user's notifications, newest first, and how many are unread. */
export async function listNotifications(
  db: Db,
  userId: string,
  limit = 50,
): Promise<{ notifications: DbNotification[]; unread: number }> {
  const [list, count] = await Promise.all([
    db.query<DbNotification>(
      `select * from enclave.notifications where user_id = $1 order by created_at desc limit $2`,
      [userId, limit],
    ),
    db.query<{ n: number }>(
      `select count(*)::int as n from enclave.notifications where user_id = $1 and read_at is null`,
      [userId],
    ),
  ]);
  return { notifications: list.rows, unread: count.rows[0]?.n ?? 0 };
}

/** Marks one of the user's notifications read; null when it is not theirs (or does not exist). */
export async function markNotificationRead(db: Db, userId: string, id: string): Promise<DbNotification | null> {
  const { rows } = await db.query<DbNotification>(
    `update enclave.notifications set read_at = coalesce(read_at, now()) where id = $1 and user_id = $2 returning *`,
    [id, userId],
  );
  return rows[0] ?? null;
}
