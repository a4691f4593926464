/**
 * Platform: configuration, the PostgreSQL control plane (embedded or `DATABASE_URL`), migrations, errors and
 * logging — the infrastructure every other module shares.
 */
export { sdfPaths, httpPort, type SdfPaths } from './config.ts';
export { parseSettings, parseSettingsGroup, type Settings } from './settings.ts';
export { SdfError, UsageError, notFound, forbidden, badInput, conflict } from './errors.ts';
export { logger, type Logger } from './logger.ts';
export {
  startControlPlane,
  makePool,
  allowTraversal,
  processAlive,
  hostToken,
  processScratchTag,
  type ControlPlane,
} from './control-plane.ts';
export { migrate, readMigrations, type MigrationSet } from './migrate.ts';
export { migrationSet } from './migration-set.ts';
export { inTransaction } from './transaction.ts';
export { sqlString, sqlIdent } from './sql-text.ts';
export { DISCLOSURE_FLOORS, type Verdict } from './verdict.ts';
export { findChromium, CHROMIUM_MISSING } from './chromium.ts';
