/**
 * Output checking and release: statistical disclosure control of query outputs (cell and table rules on the true
 * figures computed from the SQL), protection helpers, a register of released cells, and the custodian release workflow.
 */
import { migrationSet } from '../platform/index.ts';

export const migrations = migrationSet('output_checks', import.meta.url);

export type * from './types.ts';
export { DEFAULT_PROFILE, tightenProfile, looserSettings } from './profile.ts';

export { analyseQuery, type DatasetView, type QueryShape } from './sql/analyse.ts';
export { deriveCompanionQuery } from './sql/companion.ts';
export { checkOutput } from './check-output.ts';
export { checkQueryOutput } from './run-check.ts';
export { RELEASE_STATUSES, OPEN_FOR_REVIEW, DECISIONS, canDecide, type ReleaseStatus } from './workflow.ts';
export { populationsOf, differencingQuery, releasedCellsDifferencing, type ReleasedCell } from './released-cells.ts';
export { disclosedAtoms } from './audit.ts';
export { releasedCellsAudit, outputAudit, atomsQuery, parseAtoms, auditOutputs, auditMatrix } from './audit-query.ts';
export { makeOutputChecker, projectProfile } from './checker.ts';
export { requestRelease, decide, withdraw, resubmit, type ReleaseDeps } from './release.ts';
export { requestView, disclosureRecord } from './record.ts';

export { researcherReport, researcherAdvice, RESEARCHER_RULES } from './researcher-report.ts';
export { renderDownload, readResult, DOWNLOAD_FORMATS, CONTENT_TYPES, type DownloadFormat } from './result-file.ts';

export { acroResultsFolder, ACRO_FORMAT_VERSION } from './acro-results.ts';
export { makeZip, readZip } from './zip.ts';
export { getRequest, listRequests, listVotes, listStatusChanges } from './db/store.ts';
export type { DbReleaseRequest } from './db/types.ts';
export {
  checkReportSchema,
  uncheckedReportSchema,
  researcherReportSchema,
  type UncheckedReport,
} from './report-schemas.ts';
