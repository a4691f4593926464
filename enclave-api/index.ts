/**
 * Enclave API: authenticated, audited remote access to the releases through a sandboxed DuckDB.
 * Other modules use only what is exported here.
 */
import { migrationSet } from '../platform/index.ts';

export const migrations = migrationSet('enclave', import.meta.url);

export type * from './types.ts';
export type * from './contract.ts';
export type * from './daily-contract.ts';
export { ROLES, QUERY_TARGETS, QUERY_STATUSES } from './types.ts';

// Server and app
export { startEnclaveServer, type EnclaveServer, type EnclaveServerOptions } from './http/server.ts';
export { makeEnclaveApp, auditRecorder, type EnclaveAppOptions } from './http/app.ts';
export { enclaveSettings, type EnclaveDeps, type EnclaveSettings } from './http/deps.ts';
export { makePgRateLimitStore, type PgRateLimitStoreOptions } from './http/rate-limit-store.ts';
export { rateLimiter, type RateLimiterOptions } from './http/limiter.ts';
export { makeMetrics, authorizeMetrics, markRateLimited, type EnclaveMetrics } from './http/metrics.ts';
export { REQUEST_ID_HEADER, acceptedRequestId } from './http/request-id.ts';
export { API_ROUTERS, type RouterFactory } from './routes/index.ts';
export { openApiRegistry, STANDARD_ERRORS, ErrorBody } from './http/openapi.ts';
export { auditContext, type AuditContext } from './http/audit-middleware.ts';

// Errors and validation for routers
export { unauthorized, tooManyRequests, sqlRejected, parseInput, errorHandler } from './http/errors.ts';

// Authentication and authorisation
export {
  authenticate,
  bearerAuthenticator,
  principalOf,
  requireRole,
  type Authenticator,
} from './auth/middleware.ts';
export { generateToken, hashToken, hashSql } from './auth/tokens.ts';
export {
  canSeeProject,
  canSeeQuery,
  canQueryProject,
  isOverseer,
  accessWindowVerdict,
  quotaVerdict,
  todayUtc,
} from './access/rules.ts';
export { loadVisibleProject, loadVisibleQuery } from './access/load.ts';

// People, projects, grants
export {
  createUser,
  getUser,
  listUsers,
  issueToken,
  revokeToken,
  principalForToken,
  liveToken,
  DEFAULT_TOKEN_DAYS,
  type IssuedToken,
} from './db/people.ts';
export {
  createProject,
  getProject,
  listProjects,
  addMember,
  isMember,
  listMembers,
  grantDataset,
  revokeGrant,
  listGrants,
  type NewProject,
} from './db/projects.ts';
export { inTransaction, type Db } from './db/queryable.ts';
export { createDemoPrincipals, type DemoPrincipals } from './demo.ts';

// Queries and the job
export { getQuery, listQueries, recordOutputCheck, failOrphanedQueries, heartbeatQuery } from './db/queries.ts';
export { queryLeaseMs, startLeaseSweep, withHeartbeat, workerId } from './queries/lease.ts';
export { startQueryWorker, type QueryWorker, type QueryWorkerOptions } from './queries/worker.ts';
export { QUERY_TRANSITIONS, QUERY_STATUS_OWNERS, canTransition } from './queries/states.ts';
export { makeEnclaveTasks, runQueryJob, resolveReleases, RUN_QUERY_TASK, type RunQueryPayload } from './queries/job.ts';
export { queryView } from './routes/queries.ts';
export { REAL_QUERY_ERRORS, realQueryErrorCode, researcherRealQueryView, type RealQueryError } from './queries/researcher-view.ts';

// Sandbox
export { SandboxPool, DEFAULT_LIMITS, type SandboxPoolOptions, type SandboxRequest } from './sandbox/pool.ts';
export { runSandboxedQuery, viewsFor, pinReleases, type SandboxedQuery } from './sandbox/run.ts';
export type { SandboxLimits, ViewSpec } from './sandbox/protocol.ts';
export { judgeSerializedSql, ALLOWED_TABLE_FUNCTIONS, type SqlVerdict, type SqlRejection } from './sandbox/sql-policy.ts';
export { makeSqlChecker, type SqlChecker } from './sandbox/sql-checker.ts';

// Audit
export { appendAudit, appendAuditInTransaction, listAudit, verifyAudit } from './audit/store.ts';
export { recordEvent } from './audit/events.ts';
export { verifyEntries, hashEntry, chainEntry, GENESIS_HASH, type AuditEvent, type AuditEntry, type ChainVerdict } from './audit/chain.ts';
