/**
 * The check step the enclave calls after a `real` query succeeds: derive the companion query, run it through
 * the enclave's sandbox (`runSql`), and check the output. A companion that fails to run sends the output to review.
 */
import { deriveCompanionQuery, type CompanionQuery } from './sql/companion.ts';
import type { DatasetView } from './sql/analyse.ts';
import { checkOutput, type ResultTable } from './check-output.ts';
import type { DifferencingPair } from './table-rules.ts';
import type { CellVerdict, CheckReport, DisclosureProfile } from './types.ts';

/** Runs SQL on the same views as the researcher's query (the enclave's sandbox). */
export type RunSql = (
  sql: string,
) => Promise<{ columns: readonly string[]; rows: ReadonlyArray<Record<string, unknown>> }>;

export interface CheckQueryInput {
  sql: string;
  datasets: readonly DatasetView[];
  result: ResultTable;
  runSql: RunSql;
  profile: DisclosureProfile;
  differencing?: (
    companion: CompanionQuery,
    companionRows: ReadonlyArray<Record<string, unknown>>,
  ) => Promise<DifferencingPair[]>;
  /** The exact differencing audit against the released cells (`releasedCellsAudit`): its findings join the report's. */
  audit?: (companion: CompanionQuery, companionRows: ReadonlyArray<Record<string, unknown>>) => Promise<CellVerdict[]>;
}

/** Derives and runs the companion query, then checks the output; never throws for a query the checker dislikes. */
export async function checkQueryOutput(
  input: CheckQueryInput,
): Promise<{ report: CheckReport; companion: CompanionQuery; companionRows: Array<Record<string, unknown>> }> {
  const companion = await deriveCompanionQuery(input.sql, input.datasets, { topN: input.profile.dominanceN });
  let companionRows: Array<Record<string, unknown>> = [];
  let failure: string | null = null;
  if (companion.sql) {
    try {
      companionRows = [...(await input.runSql(companion.sql)).rows];
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
  }
  const differencing =
    companion.sql && !failure && input.differencing ? await input.differencing(companion, companionRows) : [];
  const releasedCellsFindings =
    companion.sql && !failure && input.audit ? await input.audit(companion, companionRows) : [];
  const report = checkOutput({
    companion,
    result: input.result,
    companionRows,
    profile: input.profile,
    differencing,
    releasedCellsFindings,
  });
  if (failure) {
    report.findings.unshift({
      verdict: 'review',
      rule: 'companion',
      reason: `the person-counting query failed: ${failure}`,
    });
    report.reasons.unshift(`review · companion: the person-counting query failed: ${failure}`);
    if (report.outcome === 'pass') report.outcome = 'review';
  }
  return { report, companion, companionRows };
}
