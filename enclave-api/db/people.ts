/** Users and API tokens. */
import { SdfError, conflict } from '../../platform/index.ts';
import { generateToken, hashToken } from '../auth/tokens.ts';
import type { DbUser, Principal, Role } from '../types.ts';
import type { Db } from './queryable.ts';

/** Default token lifetime: 90 days. */
export const DEFAULT_TOKEN_DAYS = 90;

/** Creates a user; a taken name is a 409. */
export async function createUser(db: Db, input: { name: string; role: Role }): Promise<DbUser> {
  try {
    const { rows } = await db.query<DbUser>(`insert into enclave.users (name, role) values ($1, $2) returning *`, [
      input.name,
      input.role,
    ]);
    return rows[0]!;
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw conflict(`a user named "${input.name}" already exists`);
    throw error;
  }
}

export async function getUser(db: Db, id: string): Promise<DbUser | null> {
  const { rows } = await db.query<DbUser>(`select * from enclave.users where id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listUsers(db: Db): Promise<DbUser[]> {
  const { rows } = await db.query<DbUser>(`select * from enclave.users order by created_at, name`);
  return rows;
}

export interface IssuedToken {
  /** The secret: shown once, never stored. */
  token: string;
  tokenId: string;
  expiresAt: Date;
}

/**
 * Issues a new API token for a user.
 * @param input.days lifetime in days (default 90); `expiresAt` overrides it.
 */
export async function issueToken(
  db: Db,
  input: { userId: string; days?: number; expiresAt?: Date; label?: string },
): Promise<IssuedToken> {
  const token = generateToken();
  const expiresAt = input.expiresAt ?? new Date(Date.now() + (input.days ?? DEFAULT_TOKEN_DAYS) * 86_400_000);
  const { rows } = await db.query<{ id: string }>(
    `insert into enclave.tokens (user_id, token_hash, label, expires_at) values ($1, $2, $3, $4) returning id`,
    [input.userId, hashToken(token), input.label ?? '', expiresAt],
  );
  return { token, tokenId: rows[0]!.id, expiresAt };
}

/** Revokes a token; revoking twice is harmless. Returns false if there is no such token. */
export async function revokeToken(db: Db, tokenId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `update enclave.tokens set revoked_at = coalesce(revoked_at, now()) where id = $1`,
    [tokenId],
  );
  return (rowCount ?? 0) > 0;
}

/** The principal a bearer token stands for, or null if it is unknown, expired, revoked or its user disabled. */
export async function principalForToken(db: Db, token: string): Promise<Principal | null> {
  const { rows } = await db.query<{ user_id: string; name: string; role: Role; token_id: string }>(
    `select u.id as user_id, u.name, u.role, t.id as token_id
       from enclave.tokens t join enclave.users u on u.id = t.user_id
      where t.token_hash = $1 and t.revoked_at is null and t.expires_at > now() and u.disabled_at is null`,
    [hashToken(token)],
  );
  const row = rows[0];
  return row ? { userId: row.user_id, name: row.name, role: row.role, tokenId: row.token_id } : null;
}

/**
 * The principal and expiry of a live token, by its id (not expired, not revoked, user not disabled), else null.
 * For sessions opened with a token (the web UI): they live only while their token does.
 */
export async function liveToken(db: Db, tokenId: string): Promise<{ principal: Principal; expiresAt: Date } | null> {
  const { rows } = await db.query<{ user_id: string; name: string; role: Role; expires_at: Date }>(
    `select u.id as user_id, u.name, u.role, t.expires_at
       from enclave.tokens t join enclave.users u on u.id = t.user_id
      where t.id = $1 and t.revoked_at is null and t.expires_at > now() and u.disabled_at is null`,
    [tokenId],
  );
  const row = rows[0];
  return row
    ? { principal: { userId: row.user_id, name: row.name, role: row.role, tokenId }, expiresAt: row.expires_at }
    : null;
}

export function assertRole(role: string): asserts role is Role {
  if (!['researcher', 'custodian', 'policymaker', 'admin'].includes(role)) {
    throw new SdfError('bad_input', `role must be researcher, custodian, policymaker or admin, not "${role}"`, 400);
  }
}
