/**
 * Platform: configuration, the PostgreSQL control plane (embedded or `DATABASE_URL`), migrations, errors and
 * logging — the infrastructure every other module shares.
 */
export { sdfHome, sdfPaths, httpPort, type SdfPaths } from './config.ts';
export { parseSettings, parseSettingsGroup, SettingsError, type Settings, type SettingsGroup } from './settings.ts';
export { SdfError, UsageError, notFound, forbidden, badInput, conflict } from './errors.ts';
export { logger, type Logger } from './logger.ts';
export {
  startControlPlane,
  makePool,
  freePort,
  allowTraversal,
  processAlive,
  type ControlPlane,
  type ControlPlaneOptions,
} from './control-plane.ts';
export { migrate, readMigrations, type MigrationSet, type MigrationFile } from './migrate.ts';
export { migrationSet } from './migration-set.ts';
export { inTransaction } from './transaction.ts';
export { VERDICTS, DISCLOSURE_FLOORS, type Verdict } from './verdict.ts';
export { findChromium, installChromium, CHROMIUM_MISSING } from './chromium.ts';
