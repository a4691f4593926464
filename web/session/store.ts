/**
 * Session store (PostgreSQL, schema `web`). Sign-in exchanges an API token for a session; the session is valid
 * only while its token is: revoking or expiring the token, disabling the user, signing out or the session's own
 * expiry all end it. Token verification reads the enclave's token table through `principal-adapter.ts`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { principalForToken, type WebPrincipal } from './principal-adapter.ts';

/** Default session lifetime: a working day. */
export const SESSION_TTL_SECONDS = 8 * 60 * 60;

export interface OpenedSession {
  /** Cookie value (shown to the browser only). */
  id: string;
  csrf: string;
  principal: WebPrincipal;
  expiresAt: Date;
}

export interface ActiveSession {
  principal: WebPrincipal;
  csrf: string;
  expiresAt: Date;
}

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Opens a session for a valid API token; null when the token is unknown, expired, revoked or its user disabled. */
export async function openSession(pool: pg.Pool, token: string, ttlSeconds = SESSION_TTL_SECONDS): Promise<OpenedSession | null> {
  const principal = await principalForToken(pool, token);
  if (!principal || !principal.tokenId) return null;
  // Housekeeping: ended or expired sessions are kept a day (for support questions), then dropped.
  await pool.query(`delete from web.sessions where coalesce(ended_at, expires_at) < now() - interval '1 day'`);
  const id = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  const { rows } = await pool.query<{ expires_at: Date }>(
    `insert into web.sessions (id_hash, user_id, token_id, csrf, expires_at)
     select $1, $2, $3, $4, least(now() + make_interval(secs => $5), t.expires_at)
       from enclave.tokens t where t.id = $3
     returning expires_at`,
    [sha256(id), principal.userId, principal.tokenId, csrf, ttlSeconds],
  );
  const expiresAt = rows[0]?.expires_at;
  if (!expiresAt) return null;
  return { id, csrf, principal, expiresAt };
}

/** The live session behind a cookie value, or null. */
export async function findSession(pool: pg.Pool, id: string): Promise<ActiveSession | null> {
  if (!id || id.length > 100) return null;
  const { rows } = await pool.query<{ user_id: string; name: string; role: WebPrincipal['role']; token_id: string; csrf: string; expires_at: Date }>(
    `select s.user_id, u.name, u.role, s.token_id, s.csrf, s.expires_at
       from web.sessions s
       join enclave.users u on u.id = s.user_id
       join enclave.tokens t on t.id = s.token_id
      where s.id_hash = $1 and s.ended_at is null and s.expires_at > now()
        and t.revoked_at is null and t.expires_at > now() and u.disabled_at is null`,
    [sha256(id)],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    principal: { userId: row.user_id, name: row.name, role: row.role, tokenId: row.token_id },
    csrf: row.csrf,
    expiresAt: row.expires_at,
  };
}

/** Ends a session (sign-out). Idempotent. */
export async function endSession(pool: pg.Pool, id: string): Promise<void> {
  await pool.query(`update web.sessions set ended_at = now() where id_hash = $1 and ended_at is null`, [sha256(id)]);
}
