/**
 * How the UI joins the enclave app, from `cli/` (serve, demo) and the test fixtures: `webUi(pool)` gives the
 * options to spread into `startEnclaveServer`/`makeEnclaveApp` — the UI router at the root (serves `/` and
 * `/ui/*`) and the session-cookie authenticator after the bearer token, so `/api/v1` also accepts the cookie.
 * The enclave never imports the UI; the UI uses the enclave's public functions.
 */
import type pg from 'pg';
import type { EnclaveAppOptions, RouterFactory } from '../../enclave-api/index.ts';
import { makeWebRouter } from './router.ts';
import { authenticateSession } from './session-auth.ts';

/** The enclave app options that mount the web UI. */
export function webUi(
  pool: pg.Pool,
  options: { cookieSecure?: boolean } = {},
): Required<Pick<EnclaveAppOptions, 'rootRouters' | 'extraAuthenticators'>> {
  // One router per app; the client bundle builds once per process.
  const webRouterFactory: RouterFactory = (deps) =>
    makeWebRouter({ pool: deps.pool, rateLimitStore: deps.rateLimitStore, cookieSecure: options.cookieSecure });
  return { rootRouters: [webRouterFactory], extraAuthenticators: [(req) => authenticateSession(pool, req)] };
}
