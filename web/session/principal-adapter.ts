/**
 * Adapter: API token → principal, and the people list, through the enclave's public functions — the UI never
 * reads the enclave's tables itself.
 */
import type pg from 'pg';
import {
  listUsers,
  liveToken,
  principalForToken as enclavePrincipalForToken,
  type Principal,
  type Role,
} from '../../enclave-api/index.ts';

/** The enclave's `Principal`, as the UI holds it. */
export type WebPrincipal = Principal;

/** The principal for a live token (not expired, not revoked, user not disabled), else null. */
export async function principalForToken(pool: pg.Pool, token: string): Promise<WebPrincipal | null> {
  const trimmed = token.trim();
  if (!trimmed || trimmed.length > 512) return null;
  return enclavePrincipalForToken(pool, trimmed);
}

/** The principal and expiry of a live token by its id, else null (a session lives only while its token does). */
export async function liveTokenPrincipal(
  pool: pg.Pool,
  tokenId: string,
): Promise<{ principal: WebPrincipal; expiresAt: Date } | null> {
  return liveToken(pool, tokenId);
}

/** Everyone's id, name and role, by name, so the review desk and audit views can show names instead of ids. */
export async function listPeople(pool: pg.Pool): Promise<{ id: string; name: string; role: Role }[]> {
  const users = await listUsers(pool);
  return users
    .map((u) => ({ id: u.id, name: u.name, role: u.role }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
