/**
 * Catalog: datasets (DDI-Codebook-shaped study descriptions), their released versions with provenance, their
 * variables with value labels and protected summaries, and dashboards; exported as DCAT-AP 3 and schema.org
 * JSON-LD and as DDI-Codebook 2.5 XML.
 */
import { migrationSet } from '../platform/index.ts';

export const migrations = migrationSet('catalog', import.meta.url);
export { getCurrentRelease } from './db/releases.ts';
export { upsertDataset, listDatasets, getDatasetRecord, findDatasetRecord, getAllDatasetRecords } from './db/datasets.ts';
export { publishVersion } from './db/versions.ts';
export { publishDashboard, listDashboards, getDashboard } from './db/dashboards.ts';
export { computeVariableSummaries, type SummaryOptions } from './summaries/compute.ts';
export { toDcatJsonLd, toDcatCatalogJsonLd, toDcatDataset, datasetIri, DCAT_CONTEXT } from './export/dcat.ts';
export { toSchemaOrgJsonLd } from './export/schema-org.ts';
export { toDdiCodebookXml, DDI_NAMESPACE } from './export/ddi.ts';
export { formatDatasetList, formatDatasetRecord, formatTable } from './export/text.ts';
export {
  STUDY_DESCRIPTIONS,
  POPULATION_STUDY,
  GRANTS_STUDY,
  EMPLOYMENT_STUDY,
  HEALTH_STUDY,
  EDUCATION_STUDY,
  LEGAL_BASIS,
} from './datasets/index.ts';
export type { Queryable } from './db/queryable.ts';
export type {
  VariableRole,
  VariableType,
  DisclosureClass,
  ReleaseKind,
  ReleaseFile,
  LegalBasis,
  StudyDescription,
  VariableSpec,
  DatasetInput,
  Provenance,
  ProvenanceCheck,
  UpstreamRef,
  PublishVersionInput,
  CategoryCount,
  VariableSummary,
  VersionRecord,
  VariableRecord,
  DatasetRecord,
  DatasetSummary,
  DashboardProtection,
  DashboardInput,
  Dashboard,
  DashboardSummary,
  DbDataset,
  DbDatasetVersion,
  DbVariable,
  CurrentRelease,
} from './types.ts';
