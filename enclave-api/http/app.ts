/**
 * The enclave's express app: security headers, JSON bodies, audit of every request, the public routes
 * (`/health`, `/openapi.json`), `/metrics` for admins and the scraper, then under `/api/v1` authentication,
 * per-user rate limits and the routers. Every request gets a request id first.
 */
import express, { type Express } from 'express';
import helmet from 'helmet';
import { ipKeyGenerator } from 'express-rate-limit';
import { authenticate, bearerAuthenticator, type Authenticator } from '../auth/middleware.ts';
import { API_ROUTERS, type RouterFactory } from '../routes/index.ts';
import { healthRouter } from '../routes/health.ts';
import { makeAuditRecorder, type AuditRecorder } from './audit-middleware.ts';
import type { EnclaveDeps } from './deps.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { rateLimiter } from './limiter.ts';
import { openApiHandler } from './openapi.ts';
import { authorizeMetrics, makeMetrics } from './metrics.ts';
import { makePgRateLimitStore } from './rate-limit-store.ts';
import { requestId } from './request-id.ts';
import { responseContract } from './response-contract.ts';

export interface EnclaveAppOptions {
  /**
   * Routers mounted at the root before the API (default none). The web UI comes in this way, from `cli/`: the
   * enclave does not know the UI, so the UI may depend on the enclave and not the other way round.
   */
  rootRouters?: readonly RouterFactory[];
  /** Authenticators tried after the bearer token (default none; the web UI adds its session cookie). */
  extraAuthenticators?: readonly Authenticator[];
  /** Routers under `/api/v1` (default `API_ROUTERS`). */
  apiRouters?: readonly RouterFactory[];
}

/** `SDF_TRUST_PROXY` as express takes it: a hop count as a number, anything else (`loopback`, addresses) as is. */
function trustProxy(setting: string | undefined): boolean | number | string {
  if (!setting) return false;
  return /^\d+$/.test(setting) ? Number(setting) : setting;
}

/** Builds the app; `auditRecorder(app)` gives its audit recorder (to drain on shutdown). */
export function makeEnclaveApp(deps: EnclaveDeps, options: EnclaveAppOptions = {}): Express {
  const app = express();
  const audit = makeAuditRecorder(deps.pool);
  app.locals.audit = audit;
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy(deps.settings.trustProxy));
  const metrics = deps.metrics ?? makeMetrics(deps);
  const authenticators = deps.authenticators ?? [
    bearerAuthenticator(deps.pool),
    ...(options.extraAuthenticators ?? []),
  ];
  app.use(helmet());
  app.use(requestId);
  app.use(audit.middleware);
  app.use(metrics.middleware);
  app.use(express.json({ limit: '256kb' }));
  if (deps.settings.checkResponses) app.use(responseContract());
  app.use(healthRouter(deps));
  app.get('/openapi.json', openApiHandler());
  app.get('/metrics', authorizeMetrics(deps.settings.metricsToken, authenticate(authenticators)), metrics.handler);
  // Counts live in PostgreSQL so that every API process behind the proxy shares one limit.
  const store = deps.rateLimitStore ?? ((prefix: string) => makePgRateLimitStore(deps.pool, { prefix }));
  for (const factory of options.rootRouters ?? []) app.use(factory({ ...deps, rateLimitStore: store }));

  const api = express.Router();
  // Per address, only failed sign-ins count: it slows token guessing without throttling many users behind one NAT.
  const failedSignIns = (res: express.Response) => res.statusCode === 401;
  api.use(
    rateLimiter({
      name: 'api-sign-in',
      store,
      perMinute: deps.settings.failedSignInsPerMinute,
      key: (req) => ipKeyGenerator(req.ip ?? ''),
      counts: failedSignIns,
    }),
  );
  api.use(authenticate(authenticators));
  api.use(
    rateLimiter({
      name: 'api-user',
      store,
      perMinute: deps.settings.rateLimitPerMinute,
      key: (req) => `user:${req.principal?.userId ?? ''}`,
    }),
  );
  for (const factory of options.apiRouters ?? API_ROUTERS) api.use(factory(deps));
  api.use(notFoundHandler);
  app.use('/api/v1', api);
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

/** The audit recorder of an app built by `makeEnclaveApp`. */
export function auditRecorder(app: Express): AuditRecorder {
  return app.locals.audit as AuditRecorder;
}
