import type pg from 'pg';
import type { Store } from 'express-rate-limit';
import type { SdfPaths, Settings } from '../../platform/index.ts';
import type { Authenticator } from '../auth/middleware.ts';
import type { EnclaveMetrics } from './metrics.ts';
import type { SandboxPool } from '../sandbox/pool.ts';
import type { SqlChecker } from '../sandbox/sql-checker.ts';

export interface EnclaveSettings {
  /** Requests per minute per signed-in user (default 600, `SDF_RATE_LIMIT`). */
  rateLimitPerMinute: number;
  /** Failed sign-ins (401) per minute per IP address before further requests from it get 429 (default 120). */
  failedSignInsPerMinute: number;
  /** Queries one user may have queued or running at once (default 4, `SDF_QUERY_QUOTA`). */
  queryQuota: number;
  /**
   * Express's `trust proxy` (`SDF_TRUST_PROXY`: a hop count, `loopback`, or addresses; default off). Behind a
   * TLS proxy set it, or every client shares the proxy's address in the per-address sign-in limit.
   */
  trustProxy?: string;
  /** Bearer token of the Prometheus scraper for `/metrics` (`SDF_METRICS_TOKEN`; default none: admins only). */
  metricsToken?: string;
  /** Check every JSON answer against its route's declared schema (`SDF_CHECK_RESPONSES`; on in the test suite). */
  checkResponses?: boolean;
}

/** What the routers need; built by `startEnclaveServer` (or a test). */
export interface EnclaveDeps {
  pool: pg.Pool;
  paths: SdfPaths;
  sandbox: SandboxPool;
  sqlChecker: SqlChecker;
  settings: EnclaveSettings;
  /** A separate one-connection pool for `/health`, so readiness is not queued behind busy API traffic. */
  healthPool?: pg.Pool;
  /** Prometheus metrics of this process (default: made by `makeEnclaveApp`). */
  metrics?: EnclaveMetrics;
  /** One rate-limit store per limiter, by key prefix (default: PostgreSQL, shared by every API process). */
  rateLimitStore?: (prefix: string) => Store;
  /** Tried in order; the default is the bearer-token authenticator. */
  authenticators?: Authenticator[];
}

/** The API's settings from the facility's (parsed once at start), with a caller's overrides (tests). */
export function enclaveSettings(settings: Settings, overrides: Partial<EnclaveSettings> = {}): EnclaveSettings {
  return {
    rateLimitPerMinute: settings.http.rateLimitPerMinute,
    failedSignInsPerMinute: 120,
    queryQuota: settings.query.quota,
    metricsToken: settings.http.metricsToken,
    trustProxy: settings.http.trustProxy,
    checkResponses: settings.http.checkResponses,
    ...overrides,
  };
}
