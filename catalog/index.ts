/** Catalog: datasets, versions, variables and value labels, with DCAT-AP, schema.org and DDI-Codebook exports. */
import { migrationSet } from '../platform/index.ts';

export const migrations = migrationSet('catalog', import.meta.url);
