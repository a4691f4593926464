/** Row types of the `output_checks` schema. */
import type { CheckReport, Verdict } from '../types.ts';
import type { Decision, ReleaseStatus } from '../workflow.ts';
import type { CellPopulation } from '../released-cells.ts';

export interface DbCheck {
  query_id: string;
  outcome: Verdict;
  report: CheckReport;
  companion: Record<string, unknown>;
  populations: CellPopulation[];
  companion_rows: Array<Record<string, unknown>>;
  checked_at: Date;
}

/** Protection a researcher asks for before release. */
export interface Protection {
  suppress?: boolean;
  roundBase?: number;
}

export interface DbReleaseRequest {
  id: string;
  query_id: string;
  project_id: string;
  requester_id: string;
  status: ReleaseStatus;
  justification: string;
  requires_two_custodians: boolean;
  round: number;
  protection: Protection;
  outcome: Verdict;
  report: CheckReport;
  output_path: string;
  output_sha256: string;
  auto_released: boolean;
  created_at: Date;
  updated_at: Date;
  decided_at: Date | null;
}

export interface DbVote {
  request_id: string;
  round: number;
  custodian_id: string;
  decision: Decision;
  reason: string;
  voted_at: Date;
}

export interface DbStatusChange {
  id: string;
  request_id: string;
  from_status: ReleaseStatus | null;
  to_status: ReleaseStatus;
  actor_id: string | null;
  reason: string;
  at: Date;
}
