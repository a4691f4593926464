/**
 * Envelope signatures for the DCI sync API: a detached JWS (HS256) over the canonical JSON of
 * `{ header, message }`, i.e. `base64url(protected)..base64url(HMAC-SHA-256)`. Canonical JSON sorts object keys
 * so signer and verifier agree regardless of key order.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** An envelope as sent on the wire (`signature` is absent before signing). */
export interface DciEnvelope<H = Record<string, unknown>, M = unknown> {
  signature?: string;
  header: H;
  message: M;
}

/**
 * Text that is already canonical JSON (e.g. rows PostgreSQL rendered with `row_to_json`, columns in key order):
 * {@link canonicalJson} splices it in as is, so a large page is neither parsed into objects nor re-serialised.
 */
export class CanonicalJsonText {
  constructor(readonly text: string) {}
  /** For plain `JSON.stringify` (slow path): the value the text stands for. */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  if (value instanceof CanonicalJsonText) return value.text;
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const PROTECTED = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', b64: true })).toString('base64url');

function mac(secret: string, envelope: DciEnvelope): Buffer {
  const payload = Buffer.from(canonicalJson({ header: envelope.header, message: envelope.message })).toString(
    'base64url',
  );
  return createHmac('sha256', secret).update(`${PROTECTED}.${payload}`).digest();
}

/** Returns the envelope with its `signature` set (HS256 with the shared `secret`). */
export function signDciEnvelope<E extends DciEnvelope>(envelope: E, secret: string): E & { signature: string } {
  return { ...envelope, signature: `${PROTECTED}..${mac(secret, envelope).toString('base64url')}` };
}

/** True when `envelope.signature` is a valid HS256 signature of its header and message under `secret`. */
export function verifyDciEnvelope(envelope: DciEnvelope, secret: string): boolean {
  const parts = typeof envelope.signature === 'string' ? envelope.signature.split('.') : [];
  if (parts.length !== 3 || parts[0] !== PROTECTED || parts[1] !== '') return false;
  const given = Buffer.from(parts[2]!, 'base64url');
  const expected = mac(secret, envelope);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
