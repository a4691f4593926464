/**
 * Keyed pseudonyms. An SA ID number space is small enough to enumerate, so a plain hash would be reversible:
 * pseudonyms are HMAC-SHA-256 under a secret key derived per purpose (HKDF) from a master key that never sits
 * beside published data. The same function exists in TypeScript and as DuckDB SQL so that both agree bit for bit.
 *
 * Key rotation: a new master key (or a new purpose label such as `person:v2`) yields unrelated pseudonyms, so
 * rotating means re-pseudonymising every release from the raw extracts and publishing them as a new version;
 * pseudonyms of different purposes or key versions can never be linked without the raw data.
 */
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { SdfError, type SdfPaths } from '../platform/index.ts';

/** How an input value is canonicalised before hashing. */
export type PseudonymKind = 'sa_id' | 'text';

/** Hex characters kept from the HMAC: 32 hex = 128 bits, collision-free in practice for national registers. */
export const PSEUDONYM_HEX_LENGTH = 32;

const MASTER_KEY_BYTES = 32;
const HKDF_SALT = 'sdf-anonymisation-v1';

/**
 * The master key: `SDF_MASTER_KEY` (hex, ≥ 32 bytes) if set, otherwise `$SDF_HOME/keys/master.key` (hex), created
 * with 0600 permissions (directory 0700) when missing. Refuses a key file readable by group or others.
 */
export function loadOrCreateMasterKey(paths: Pick<SdfPaths, 'keys'>, masterKeyHex?: string): Buffer {
  if (masterKeyHex !== undefined && masterKeyHex !== '') return parseKeyHex(masterKeyHex, 'SDF_MASTER_KEY');
  const file = join(paths.keys, 'master.key');
  if (!existsSync(file)) {
    mkdirSync(paths.keys, { recursive: true, mode: 0o700 });
    chmodSync(paths.keys, 0o700);
    try {
      writeFileSync(file, `${randomBytes(MASTER_KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process created it between the check and the write: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new SdfError('key_file_permissions', `${file} has mode ${mode.toString(8)}; run chmod 600 on it`, 500);
  }
  return parseKeyHex(readFileSync(file, 'utf8').trim(), file);
}

function parseKeyHex(text: string, where: string): Buffer {
  if (!/^[0-9a-fA-F]+$/.test(text) || text.length % 2 !== 0 || text.length < MASTER_KEY_BYTES * 2) {
    throw new SdfError('bad_master_key', `${where} must hold at least ${MASTER_KEY_BYTES} bytes as hex`, 500);
  }
  return Buffer.from(text, 'hex');
}

/** A 32-byte key for one purpose (e.g. `person_id`, `household_id`) derived by HKDF-SHA-256 from the master key. */
export function deriveKey(master: Buffer, purpose: string): Buffer {
  if (purpose.length === 0) throw new SdfError('bad_input', 'deriveKey: purpose must not be empty');
  return Buffer.from(hkdfSync('sha256', master, HKDF_SALT, `sdf:${purpose}`, 32));
}

/** Canonical form before hashing: `sa_id` keeps digits only; `text` is NFC, trimmed, single-spaced, lower case. */
export function canonicaliseId(value: string | number | bigint, kind: PseudonymKind = 'sa_id'): string {
  const text = String(value);
  if (kind === 'sa_id') return text.replace(/[^0-9]/g, '');
  return text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** HMAC-SHA-256 of a raw message, hex (exposed for RFC 4231 tests). */
export function hmacSha256Hex(key: Buffer, message: Buffer | string): string {
  return createHmac('sha256', key).update(message).digest('hex');
}

/** The pseudonym of one value: HMAC-SHA-256 of its canonical form, first 128 bits as lower-case hex. */
export function hmacPseudonym(key: Buffer, value: string | number | bigint, kind: PseudonymKind = 'sa_id'): string {
  return hmacSha256Hex(key, canonicaliseId(value, kind)).slice(0, PSEUDONYM_HEX_LENGTH);
}

function canonicalSql(column: string, kind: PseudonymKind): string {
  if (kind === 'sa_id') return `regexp_replace(CAST(${column} AS VARCHAR), '[^0-9]', '', 'g')`;
  return `lower(regexp_replace(trim(nfc_normalize(CAST(${column} AS VARCHAR))), '\\s+', ' ', 'g'))`;
}

/**
 * HMAC in pure DuckDB SQL: `sha256(K⊕opad ‖ unhex(sha256(K⊕ipad ‖ m)))`, using DuckDB's built-in sha256 on blobs,
 * so it runs vectorised on every core. The key's pads appear as literals, so never hand this SQL to a researcher.
 * NULL in, NULL out. Equals {@link hmacPseudonym}.
 */
export function pseudonymSqlExpression(column: string, key: Buffer, kind: PseudonymKind = 'sa_id'): string {
  return `left(${hmacSha256Sql(`encode(${canonicalSql(column, kind)})`, key)}, ${PSEUDONYM_HEX_LENGTH})`;
}

/** Full HMAC-SHA-256 (64 hex) of a BLOB-valued SQL expression, in DuckDB SQL. */
export function hmacSha256Sql(blobExpression: string, key: Buffer): string {
  const block = Buffer.alloc(64);
  // Keys longer than the SHA-256 block are hashed first (RFC 2104).
  (key.length > 64 ? createHash('sha256').update(key).digest() : key).copy(block);
  const ipad = Buffer.from(block.map((b) => b ^ 0x36)).toString('hex');
  const opad = Buffer.from(block.map((b) => b ^ 0x5c)).toString('hex');
  return `sha256(unhex('${opad}') || unhex(sha256(unhex('${ipad}') || ${blobExpression})))`;
}

/**
 * Defines a temporary SQL macro `name(value)` on this connection that computes {@link pseudonymSqlExpression}, so
 * pipeline SQL can write `pseudonym(id_number)`. It is a macro (pure SQL, fully vectorised), not a JS UDF.
 */
export async function registerPseudonymFunction(
  connection: DuckDBConnection,
  key: Buffer,
  name = 'pseudonym',
  kind: PseudonymKind = 'sa_id',
): Promise<void> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new SdfError('bad_input', `bad function name "${name}"`);
  await connection.run(
    `CREATE OR REPLACE TEMP MACRO ${name}(value) AS (${pseudonymSqlExpression('value', key, kind)})`,
  );
}
