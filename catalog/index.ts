/** Catalog: datasets, versions, variables and value labels, with DCAT-AP, schema.org and DDI-Codebook exports. */
import { migrationSet } from '../platform/index.ts';

export const migrations = migrationSet('catalog', import.meta.url);
export { getCurrentRelease } from './db/releases.ts';
export type {
  VariableRole,
  ReleaseKind,
  ReleaseFile,
  DbDataset,
  DbDatasetVersion,
  DbVariable,
  CurrentRelease,
} from './types.ts';
