/** Cookie header parsing and Set-Cookie serialisation for the session cookie (pure; no dependency needed). */

/** Name of the HttpOnly session cookie. */
export const SESSION_COOKIE = 'sdf_session';

/** Parses a `Cookie:` header into name → value (first occurrence wins, values URI-decoded when valid). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in cookies) continue;
    const raw = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    try {
      cookies[name] = decodeURIComponent(raw);
    } catch {
      cookies[name] = raw;
    }
  }
  return cookies;
}

export interface SessionCookieOptions {
  /** Seconds until the browser drops the cookie; 0 clears it. */
  maxAgeSeconds: number;
  /** Add `Secure` (when the request came over https). */
  secure: boolean;
}

/** The Set-Cookie value for the session: HttpOnly, SameSite=Strict, Path=/, Secure when asked. */
export function serializeSessionCookie(value: string, options: SessionCookieOptions): string {
  const parts = [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
