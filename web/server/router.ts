/**
 * The web UI's express router, mounted at `/` in the enclave app (by `webUi`, from `cli/`): the app shell, the bundled client, static
 * assets (styles, map geometry) and the sign-in/sign-out routes under `/ui/session`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type pg from 'pg';
import { z } from 'zod';
import type { Store } from 'express-rate-limit';
import { logger, SdfError } from '../../platform/index.ts';
import { rateLimiter } from '../../enclave-api/index.ts';
import { serializeSessionCookie } from '../session/cookies.ts';
import { endSession, openSession } from '../session/store.ts';
import { listPeople } from '../session/principal-adapter.ts';
import { clientBundle, type Bundle } from './bundle.ts';
import { renderShell } from './shell.ts';
import type { UiNoSession, UiPeople, UiSessionInfo } from './ui-contract.ts';
import { authenticateSession, currentSession, sessionIdFrom } from './session-auth.ts';

export interface WebRouterDeps {
  pool: pg.Pool;
  /** Mark the session cookie Secure even over plain http (`SDF_COOKIE_SECURE`, behind a TLS proxy). Default false. */
  cookieSecure?: boolean;
  /** The sign-in limiter's store (the enclave passes its PostgreSQL one; default: process memory). */
  rateLimitStore?: (prefix: string) => Store;
}

const STATIC_DIR = fileURLToPath(new URL('../static/', import.meta.url));
const SignIn = z.object({ token: z.string().min(1).max(512) });

/** Failed sign-ins per minute per address before the sign-in route answers 429: slows token guessing. */
export const FAILED_SIGN_INS_PER_MINUTE = 30;

/** The enclave's limiter, per address, counting failed sign-ins only; its refusals count in the metrics as `web-sign-in`. */
const signInLimiter = (store?: (prefix: string) => Store) =>
  rateLimiter({
    name: 'web-sign-in',
    perMinute: FAILED_SIGN_INS_PER_MINUTE,
    store,
    counts: (res) => res.statusCode >= 400,
    message: 'too many failed sign-ins from this address; wait a minute',
  });

function sendAsset(res: Response, type: string, body: string, etag: string, req: Request): void {
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('ETag', etag);
  if (req.headers['if-none-match'] === etag) {
    res.status(304).end();
    return;
  }
  res.type(type).send(body);
}

function staticText(name: string): { body: string; etag: string } {
  const body = readFileSync(STATIC_DIR + name, 'utf8');
  return { body, etag: `"${name}-${body.length}-${Buffer.from(body).reduce((h, b) => (h * 31 + b) >>> 0, 7)}"` };
}

/**
 * The page's CSP: only our own script, styles, data and workers; no framing. Stricter than the app-wide default,
 * and `upgrade-insecure-requests` only over https, so a plain-http LAN address still loads the script.
 */
export function shellCsp(secure: boolean): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(secure ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** Secure cookies over https, or always with SDF_COOKIE_SECURE=1 (behind a TLS-terminating proxy). */
/** Secure cookies over https, or always when the settings say a TLS proxy sits in front (`SDF_COOKIE_SECURE`). */
const secureCookies = (req: Request, always: boolean): boolean => req.secure || always;

function sessionJson(
  principal: { name: string; role: UiSessionInfo['user']['role'] },
  csrf: string,
  expiresAt: Date,
): UiSessionInfo {
  return { user: { name: principal.name, role: principal.role }, csrf, expiresAt: expiresAt.toISOString() };
}

/**
 * Makes the UI router. The client bundle is built on the first request for the page (once per process), so
 * apps that never serve a browser (API tests, benchmarks) pay nothing; `ready()` builds it ahead of time.
 */
export function makeWebRouter(deps: WebRouterDeps): Router & { ready(): Promise<void> } {
  const { pool } = deps;
  let logged = false;
  const bundle = (): Promise<Bundle> =>
    clientBundle().then((b) => {
      if (!logged) logger.debug({ ms: b.builtInMs, bytes: b.js.length }, 'web client bundled');
      logged = true;
      return b;
    });
  const router = express.Router() as Router & { ready(): Promise<void> };
  router.ready = () => bundle().then(() => undefined);
  const css = staticText('app.css');
  const geo = staticText('za-geo.json');
  const shell = renderShell();

  router.get(['/', '/index.html'], (req, res) => {
    bundle().catch((error: unknown) => logger.error({ err: error }, 'web client bundle failed'));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', shellCsp(req.secure));
    res.type('html').send(shell);
  });
  router.get('/ui/app.js', async (req, res, next) => {
    try {
      const built = await bundle();
      sendAsset(res, 'application/javascript', built.js, built.etag, req);
    } catch (error) {
      next(error);
    }
  });
  router.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  router.get('/ui/app.css', (req, res) => sendAsset(res, 'text/css', css.body, css.etag, req));
  router.get('/ui/za-geo.json', (req, res) => sendAsset(res, 'application/json', geo.body, geo.etag, req));

  router.get('/ui/session', async (req, res, next) => {
    try {
      const session = await currentSession(pool, req);
      res.setHeader('Cache-Control', 'no-store');
      // Not signed in is an answer, not an error: the page asks on every load, and the audit log counts 4xx as refusals.
      if (!session) {
        res.json({ user: null } satisfies UiNoSession);
        return;
      }
      res.json(sessionJson(session.principal, session.csrf, session.expiresAt));
    } catch (error) {
      next(error);
    }
  });

  router.post(
    '/ui/session',
    signInLimiter(deps.rateLimitStore),
    express.json({ limit: '4kb' }),
    async (req, res, next) => {
      try {
        const parsed = SignIn.safeParse(req.body);
        if (!parsed.success) throw new SdfError('bad_input', 'token: paste your API token', 400, { field: 'token' });
        const session = await openSession(pool, parsed.data.token);
        if (!session)
          throw new SdfError('unauthenticated', 'that token is not valid (unknown, expired or revoked)', 401);
        const maxAge = (session.expiresAt.getTime() - Date.now()) / 1000;
        res.setHeader(
          'Set-Cookie',
          serializeSessionCookie(session.id, {
            maxAgeSeconds: maxAge,
            secure: secureCookies(req, deps.cookieSecure ?? false),
          }),
        );
        res.setHeader('Cache-Control', 'no-store');
        res.status(201).json(sessionJson(session.principal, session.csrf, session.expiresAt));
      } catch (error) {
        next(error);
      }
    },
  );

  router.post('/ui/session/end', async (req, res, next) => {
    try {
      const principal = await authenticateSession(pool, req);
      const id = sessionIdFrom(req);
      if (principal && id) await endSession(pool, id);
      res.setHeader(
        'Set-Cookie',
        serializeSessionCookie('', { maxAgeSeconds: 0, secure: secureCookies(req, deps.cookieSecure ?? false) }),
      );
      res.status(204).end();
    } catch (error) {
      next(error);
    }
  });

  router.get('/ui/people', async (req, res, next) => {
    try {
      const principal = await authenticateSession(pool, req);
      if (!principal) throw new SdfError('unauthenticated', 'not signed in', 401);
      if (principal.role !== 'custodian' && principal.role !== 'admin')
        throw new SdfError('forbidden', 'custodians and admins only', 403);
      res.setHeader('Cache-Control', 'no-store');
      res.json({ people: await listPeople(pool) } satisfies UiPeople);
    } catch (error) {
      next(error);
    }
  });

  // Not mounted at '/ui': that would rewrite req.baseUrl and so the route the audit log records.
  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent || !req.path.startsWith('/ui/')) return next(error);
    if (error instanceof SdfError) {
      res.status(error.status).json({ error: { code: error.code, message: error.message } });
      return;
    }
    next(error);
  });
  return router;
}
