/**
 * Session authentication for the enclave's auth middleware and the UI's own routes: cookie → principal, with the
 * CSRF rule enforced on every state-changing request made with the cookie.
 */
import type { Request } from 'express';
import type pg from 'pg';
import { SdfError } from '../../platform/index.ts';
import { parseCookies, SESSION_COOKIE } from '../session/cookies.ts';
import { csrfAllows, CSRF_HEADER } from '../session/csrf.ts';
import { findSession, type ActiveSession } from '../session/store.ts';
import type { WebPrincipal } from '../session/principal-adapter.ts';

/** The session cookie value on a request, if any. */
export function sessionIdFrom(req: Request): string | undefined {
  return parseCookies(req.headers.cookie)[SESSION_COOKIE] || undefined;
}

/** The live session of the request (no CSRF check), or null. */
export async function currentSession(pool: pg.Pool, req: Request): Promise<ActiveSession | null> {
  const id = sessionIdFrom(req);
  return id ? findSession(pool, id) : null;
}

/**
 * The principal of a cookie-authenticated request, or null when there is no (live) session cookie. Throws a 403
 * `csrf_failed` when a state-changing request does not echo the session's CSRF token in `X-CSRF-Token`.
 */
export async function authenticateSession(pool: pg.Pool, req: Request): Promise<WebPrincipal | null> {
  const session = await currentSession(pool, req);
  if (!session) return null;
  const presented = req.get(CSRF_HEADER) ?? undefined;
  if (!csrfAllows(req.method, session.csrf, presented)) {
    throw new SdfError(
      'csrf_failed',
      'missing or wrong X-CSRF-Token header for a signed-in browser request; reload the page',
      403,
    );
  }
  return session.principal;
}
