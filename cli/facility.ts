/**
 * Opens the facility's control plane for a command: starts (or connects to) PostgreSQL, applies every module's
 * migrations, and guarantees the embedded server stops on exit, Ctrl-C or SIGTERM.
 */
import { mkdirSync } from 'node:fs';
import type pg from 'pg';
import {
  startControlPlane,
  migrate,
  sdfPaths,
  logger,
  parseSettings,
  type SdfPaths,
  type MigrationSet,
  type Settings,
} from '../platform/index.ts';
import { migrations as sourcesMigrations } from '../sources/index.ts';
import { migrations as pipelinesMigrations } from '../pipelines/index.ts';
import { migrations as catalogMigrations } from '../catalog/index.ts';
import { migrations as anonymisationMigrations } from '../anonymisation/index.ts';
import { migrations as enclaveMigrations } from '../enclave-api/index.ts';
import { migrations as outputChecksMigrations } from '../output-checks/index.ts';
import { migrations as webMigrations } from '../web/index.ts';

/** Every module's migrations, in dependency order. */
export const MIGRATION_SETS: readonly MigrationSet[] = [
  sourcesMigrations,
  catalogMigrations,
  anonymisationMigrations,
  pipelinesMigrations,
  enclaveMigrations,
  outputChecksMigrations,
  webMigrations,
];

export interface Facility {
  pool: pg.Pool;
  databaseUrl: string;
  paths: SdfPaths;
  /** The environment's settings, parsed once when the facility opens (a bad value stops it there). */
  settings: Settings;
  embedded: boolean;
  close(): Promise<void>;
}

export async function openFacility(
  options: { home?: string; databaseUrl?: string; settings?: Settings } = {},
): Promise<Facility> {
  const settings = options.settings ?? parseSettings();
  const paths = sdfPaths(options.home ?? settings.storage.home);
  for (const dir of [paths.home, paths.sources, paths.raw, paths.releases, paths.staging, paths.results, paths.tmp]) {
    mkdirSync(dir, { recursive: true });
  }
  const controlPlane = await startControlPlane({
    databaseUrl: options.databaseUrl ?? settings.storage.databaseUrl,
    pgDir: paths.pg,
    poolSize: 20,
  });
  const closeOnSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'stopping');
    void controlPlane.stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', closeOnSignal);
  process.once('SIGTERM', closeOnSignal);
  try {
    await migrate(controlPlane.pool, MIGRATION_SETS);
  } catch (error) {
    await controlPlane.stop();
    throw error;
  }
  return {
    pool: controlPlane.pool,
    databaseUrl: controlPlane.databaseUrl,
    paths,
    settings,
    embedded: controlPlane.embedded,
    async close() {
      process.off('SIGINT', closeOnSignal);
      process.off('SIGTERM', closeOnSignal);
      await controlPlane.stop();
    },
  };
}

/** Runs `work` with an open facility and always closes it. */
export async function withFacility<T>(work: (facility: Facility) => Promise<T>): Promise<T> {
  const facility = await openFacility();
  try {
    return await work(facility);
  } finally {
    await facility.close();
  }
}
