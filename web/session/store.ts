/**
 * Session store (PostgreSQL, schema `web`). Sign-in exchanges an API token for a session; the session is valid
 * only while its token is: revoking or expiring the token, disabling the user, signing out or the session's own
 * expiry all end it. Tokens are checked through the enclave's public functions (`principal-adapter.ts`); only
 * `web.sessions` is read here.
 */
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { liveTokenPrincipal, principalForToken, type WebPrincipal } from './principal-adapter.ts';

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
export async function openSession(
  pool: pg.Pool,
  token: string,
  ttlSeconds = SESSION_TTL_SECONDS,
): Promise<OpenedSession | null> {
  const principal = await principalForToken(pool, token);
  if (!principal || !principal.tokenId) return null;
  const live = await liveTokenPrincipal(pool, principal.tokenId);
  if (!live) return null;
  // Housekeeping: ended or expired sessions are kept a day (for support questions), then dropped.
  await pool.query(`delete from web.sessions where coalesce(ended_at, expires_at) < now() - interval '1 day'`);
  const id = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  // A session never outlives its token.
  const { rows } = await pool.query<{ expires_at: Date }>(
    `insert into web.sessions (id_hash, user_id, token_id, csrf, expires_at)
     values ($1, $2, $3, $4, least(now() + make_interval(secs => $5), $6::timestamptz))
     returning expires_at`,
    [sha256(id), principal.userId, principal.tokenId, csrf, ttlSeconds, live.expiresAt],
  );
  const expiresAt = rows[0]?.expires_at;
  if (!expiresAt) return null;
  return { id, csrf, principal, expiresAt };
}

/** The live session behind a cookie value, or null. */
export async function findSession(pool: pg.Pool, id: string): Promise<ActiveSession | null> {
  if (!id || id.length > 100) return null;
  const { rows } = await pool.query<{ user_id: string; token_id: string; csrf: string; expires_at: Date }>(
    `select user_id, token_id, csrf, expires_at from web.sessions
      where id_hash = $1 and ended_at is null and expires_at > now()`,
    [sha256(id)],
  );
  const row = rows[0];
  if (!row) return null;
  // The token (revoked, expired, its user disabled) ends the session too.
  const live = await liveTokenPrincipal(pool, row.token_id);
  if (!live || live.principal.userId !== row.user_id) return null;
  return { principal: live.principal, csrf: row.csrf, expiresAt: row.expires_at };
}

/** Ends a session (sign-out). Idempotent. */
export async function endSession(pool: pg.Pool, id: string): Promise<void> {
  await pool.query(`update web.sessions set ended_at = now() where id_hash = $1 and ended_at is null`, [sha256(id)]);
}
