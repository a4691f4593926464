/**
 * Adapter for the browser tests: how the release workflow (output checks + release-request routes) is switched on
 * in a test server. Kept apart so the test follows the output-checks module's exports as they settle.
 */
import type pg from 'pg';
import type { OutputChecker, RouterFactory } from '../enclave-api/index.ts';
import type { SdfPaths } from '../platform/index.ts';

export interface ReleaseWiring {
  /** Routers under /api/v1; undefined = the enclave's default list. */
  apiRouters?: RouterFactory[];
  outputChecker?: OutputChecker;
}

export async function enableReleaseWorkflow(_pool: pg.Pool, _paths: SdfPaths): Promise<ReleaseWiring> {
  return {};
}
