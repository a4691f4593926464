/**
 * Adapter: API token → principal, read from the enclave's `enclave.users`/`enclave.tokens` tables (tokens are
 * stored as hex SHA-256). Kept here, small, so it can switch to an exported enclave function without touching
 * the session code.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** Same shape as the enclave's `Principal`. */
export interface WebPrincipal {
  userId: string;
  name: string;
  role: 'researcher' | 'custodian' | 'policymaker' | 'admin';
  tokenId: string | null;
}

/** The principal for a live token (not expired, not revoked, user not disabled), else null. */
export async function principalForToken(pool: pg.Pool, token: string): Promise<WebPrincipal | null> {
  const trimmed = token.trim();
  if (!trimmed || trimmed.length > 512) return null;
  const hash = createHash('sha256').update(trimmed).digest('hex');
  const { rows } = await pool.query<{ user_id: string; name: string; role: WebPrincipal['role']; token_id: string }>(
    `select u.id as user_id, u.name, u.role, t.id as token_id
       from enclave.tokens t join enclave.users u on u.id = t.user_id
      where t.token_hash = $1 and t.revoked_at is null and t.expires_at > now() and u.disabled_at is null`,
    [hash],
  );
  const row = rows[0];
  return row ? { userId: row.user_id, name: row.name, role: row.role, tokenId: row.token_id } : null;
}

/** Everyone's id, name and role, so the review desk and audit views can show names instead of ids. */
export async function listPeople(pool: pg.Pool): Promise<{ id: string; name: string; role: string }[]> {
  const { rows } = await pool.query<{ id: string; name: string; role: string }>('select id, name, role from enclave.users order by name');
  return rows;
}
