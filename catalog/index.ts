/**
 * Catalog: datasets (DDI-Codebook-shaped study descriptions), their released versions with provenance, their
 * variables with value labels and protected summaries, and dashboards; exported as DCAT-AP 3 and schema.org
 * JSON-LD and as DDI-Codebook 2.5 XML.
 */
import { migrationSet } from '../platform/index.ts';

export const migrations = migrationSet('catalog', import.meta.url);
export { getCurrentVersion } from './db/current-version.ts';
export { upsertDataset, listDatasets, getDatasetRecord, findDatasetRecord } from './db/datasets.ts';
export { publishVersion } from './db/versions.ts';
export { publishDashboard, listDashboards, getDashboard } from './db/dashboards.ts';
export { computeVariableSummaries } from './summaries/compute.ts';
export { toDcatJsonLd } from './export/dcat.ts';
export { toSchemaOrgJsonLd } from './export/schema-org.ts';
export { toDdiCodebookXml } from './export/ddi.ts';
export { formatDatasetList, formatDatasetRecord } from './export/text.ts';
export { STUDY_DESCRIPTIONS } from './datasets/index.ts';
export { provenanceCheckSchema, provenanceUpstreamSchema } from './schemas.ts';

export type {
  VariableType,
  VersionKind,
  VersionFile,
  StudyDescription,
  VariableSpec,
  DatasetInput,
  Provenance,
  PublishVersionInput,
  VariableSummary,
  DatasetRecord,
  DashboardProtection,
  DashboardInput,
  CurrentVersion,
} from './types.ts';
