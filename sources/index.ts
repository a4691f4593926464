/**
 * Source registries: the departments' own systems (synthetic by default) that the pipelines extract from —
 * population, grants and employment as PostgreSQL schemas, health as daily CSV drops, education behind a
 * DCI Social Registry sync search API.
 */
import { migrationSet } from '../platform/index.ts';

export const migrations = migrationSet('sources', import.meta.url);
