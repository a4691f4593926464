/** API tokens: 256 random bits, shown once, stored only as a SHA-256 hash. */
import { createHash, randomBytes } from 'node:crypto';

/** Prefix that makes a leaked token easy to recognise in logs and secret scanners. */
export const TOKEN_PREFIX = 'sdf_';

/** A new random token (32 bytes = 256 bits, base64url). */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Hex SHA-256 of a token: what the database stores and looks up. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Hex SHA-256 of SQL text, for the audit log and query records. */
export function hashSql(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}
