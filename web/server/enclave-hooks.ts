/**
 * How the enclave app takes the UI in: `webRouterFactory` goes in its root routers (serves `/` and `/ui/*`), and
 * `sessionAuthenticator` goes after the bearer authenticator so `/api/v1` also accepts the session cookie.
 */
import type { Request, Router } from 'express';
import type { Store } from 'express-rate-limit';
import type pg from 'pg';
import type { WebPrincipal } from '../session/principal-adapter.ts';
import { makeWebRouter } from './router.ts';
import { authenticateSession } from './session-auth.ts';

/** An enclave `Authenticator`: the session cookie's principal, 403 on a missing/wrong CSRF token, else null. */
export function sessionAuthenticator(pool: pg.Pool): (req: Request) => Promise<WebPrincipal | null> {
  return (req) => authenticateSession(pool, req);
}

/** An enclave `RouterFactory` for the UI (one router per app; the client bundle builds once per call). */
export function webRouterFactory(deps: { pool: pg.Pool; rateLimitStore?: (prefix: string) => Store }): Router {
  return makeWebRouter({ pool: deps.pool, rateLimitStore: deps.rateLimitStore });
}
