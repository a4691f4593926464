/**
 * Output checking and release: statistical disclosure control of query outputs (cell and table rules on the true
 * figures computed from the SQL), protection helpers, a register of released cells, and the custodian release workflow.
 */
import { migrationSet } from '../platform/index.ts';

export const migrations = migrationSet('output_checks', import.meta.url);

export type * from './types.ts';
export { DEFAULT_PROFILE, tightenProfile, looserSettings, profileOverrideSchema, type ProfileOverride } from './profile.ts';
export {
  checkCell,
  worst,
  worstFirst,
  thresholdRule,
  zeroRule,
  missingRule,
  negativeRule,
  dominanceRule,
  pPercentRule,
  extremeRule,
  degreesOfFreedomRule,
  rareBinaryRule,
  sameValuesRule,
  unknownStatisticRule,
} from './rules.ts';
export {
  rowLevelRule,
  cellCapRule,
  classDisclosureRule,
  marginRecoveryRule,
  differencingRule,
  type DifferencingPair,
  type SuppressibleTable,
} from './table-rules.ts';
export { suppressWithComplements, roundTable, roundToBase, roundSignificant, roundCell, type Table, type CellRef, type CellRounding } from './protection.ts';
export { analyseQuery, type DatasetView, type QueryAnalysis, type QueryShape, type AggregateSpec, type ColumnRole } from './sql/analyse.ts';
export { deriveCompanionQuery, type CompanionQuery } from './sql/companion.ts';
export { checkOutput, statsFromCompanion, type CheckInput, type ResultTable } from './check-output.ts';
export { checkQueryOutput, type CheckQueryInput, type RunSql } from './run-check.ts';
export {
  RELEASE_STATUSES,
  RELEASE_TRANSITIONS,
  RELEASE_STATUS_OWNERS,
  RELEASE_STATUS_AUDIT_EVENT,
  OPEN_FOR_REVIEW,
  DECISIONS,
  canTransition,
  canActAs,
  canDecide,
  assertCanTransition,
  resolveVotes,
  castVote,
  visibleVotes,
  type ReleaseStatus,
  type Decision,
  type Vote,
  type Actor,
  type StatusOwner,
} from './workflow.ts';
export { populationsOf, differencingQuery, differencingPairs, releasedCellsDifferencing, type CellPopulation, type ReleasedCell } from './released-cells.ts';
export { disclosedAtoms, auditFindings, type AuditInput } from './audit.ts';
export { releasedCellsAudit, outputAudit, aggregateOutputs, atomsQuery, parseAtoms, auditOutputs, auditMatrix, isLinearOutput, type Atoms, type AuditOutput } from './audit-query.ts';
export { makeOutputChecker, projectProfile, type OutputCheckRequest, type SandboxSql } from './checker.ts';
export { requestRelease, decide, withdraw, resubmit, type ReleaseDeps, type AuditWriter, type ReleasableQuery, type ReleaseProject } from './release.ts';
export { requestView, disclosureRecord, type RequestQuery } from './record.ts';
export { explain, summariseColumns } from './report.ts';
export { researcherReport, researcherAdvice, RESEARCHER_RULES, type ResearcherReport, type ResearcherCell, type ResearcherFinding, type ResearcherRule } from './researcher-report.ts';
export { renderDownload, readResult, sha256, DOWNLOAD_FORMATS, CONTENT_TYPES, type DownloadFormat } from './result-file.ts';
export { planProtection, columnRounding, autoReleaseVerdict, type ProtectionPlan } from './protect.ts';
export { absentCells, absentCombinationRule, type GroupGrid } from './empty-cells.ts';
export { acroResultsFolder, acroResultsJson, acroSdc, acroOutcome, acroConfig, ACRO_FORMAT_VERSION, type AcroResultsInput } from './acro-results.ts';
export { makeZip, readZip, type ZipEntry } from './zip.ts';
export { getCheck, getRequest, listRequests, listVotes, listStatusChanges, listReleasedCells } from './db/store.ts';
export type { DbCheck, DbReleaseRequest, DbVote, DbStatusChange, Protection } from './db/types.ts';
