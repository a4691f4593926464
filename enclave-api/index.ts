/**
 * Enclave API: authenticated, audited remote access to the releases through a sandboxed DuckDB.
 * Other modules use only what is exported here.
 */
import { migrationSet } from '../platform/index.ts';

export const migrations = migrationSet('enclave', import.meta.url);

export type * from './types.ts';
export type * from './contract.ts';
export type * from './daily-contract.ts';
export { ROLES } from './types.ts';

// Server and app
export { startEnclaveServer, type EnclaveServer, type EnclaveServerOptions } from './http/server.ts';
export { auditRecorder, type EnclaveAppOptions } from './http/app.ts';

export { makePgRateLimitStore } from './http/rate-limit-store.ts';
export { rateLimiter } from './http/limiter.ts';

export { type RouterFactory } from './routes/index.ts';

// Errors and validation for routers

// Authentication and authorisation

export { hashSql } from './auth/tokens.ts';

// People, projects, grants
export { createUser, listUsers, issueToken, revokeToken, principalForToken, liveToken } from './db/people.ts';
export {
  createProject,
  getProject,
  listProjects,
  addMember,
  listMembers,
  grantDataset,
  listGrants,
} from './db/projects.ts';
export { inTransaction } from './db/queryable.ts';
export { createDemoPrincipals, type DemoPrincipals } from './demo.ts';

// Queries and the job
export { getQuery, failOrphanedQueries, heartbeatQuery } from './db/queries.ts';
export { queryLeaseMs, startLeaseSweep, withHeartbeat } from './queries/lease.ts';
export { startQueryWorker, type QueryWorker } from './queries/worker.ts';

export { REAL_QUERY_ERRORS } from './queries/researcher-view.ts';

// Sandbox

// Audit
export { listAudit, verifyAudit } from './audit/store.ts';
export { recordEvent } from './audit/events.ts';
