/** CSRF rule for cookie-authenticated requests (pure): unsafe methods must echo the session's token. */
import { timingSafeEqual } from 'node:crypto';

/** Methods that change nothing and so need no CSRF token. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Header the browser sends the synchronizer token in. */
export const CSRF_HEADER = 'x-csrf-token';

/** True when the request may proceed: a safe method, or the header matches the session token exactly. */
export function csrfAllows(method: string, expected: string, presented: string | undefined): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (!presented || !expected) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
