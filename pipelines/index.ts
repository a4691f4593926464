/**
 * Pipelines: the dagster-style asset graph on graphile-worker that extracts, links, anonymises, checks and
 * publishes the research releases.
 */
import { migrationSet } from '../platform/index.ts';

export const migrations = migrationSet('pipelines', import.meta.url);
