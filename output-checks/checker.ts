/**
 * The output checker the enclave's query job calls for every `real` result: reads the result file, derives and
 * runs the companion query, the differencing query and the exact differencing audit through the enclave's sandbox
 * (`runSql`), saves the check with what the release workflow and the register of released cells need later, and returns the outcome and
 * report.
 */
import type pg from 'pg';
import type { CurrentVersion } from '../catalog/index.ts';
import { DEFAULT_PROFILE, tightenProfile } from './profile.ts';
import { checkQueryOutput } from './run-check.ts';
import { releasedCellsDifferencing, populationsOf } from './released-cells.ts';
import { releasedCellsAudit, outputAudit } from './audit-query.ts';
import { readResult } from './result-file.ts';
import { listReleasedCells, saveCheck } from './db/store.ts';
import type { CheckReport, DisclosureProfile, Verdict } from './types.ts';

/** What the enclave hands over (structurally the enclave's `OutputCheckInput`). */
export interface OutputCheckRequest {
  queryId: string;
  projectId: string;
  sql: string;
  resultPath: string;
  releases: CurrentVersion[];
  disclosureOverrides: Record<string, unknown>;
}

/** Runs SQL over `releases` in the enclave's sandbox and returns JSON-safe rows. */
export type SandboxSql = (
  sql: string,
  releases: readonly CurrentVersion[],
) => Promise<{ rows: ReadonlyArray<Record<string, unknown>> }>;

/** The project's profile: the defaults tightened by its overrides; an override that loosens is ignored, and said. */
export function projectProfile(overrides: Record<string, unknown>): {
  profile: DisclosureProfile;
  problem: string | null;
} {
  try {
    return { profile: tightenProfile(DEFAULT_PROFILE, overrides), problem: null };
  } catch (error) {
    return { profile: { ...DEFAULT_PROFILE }, problem: error instanceof Error ? error.message : String(error) };
  }
}

/** Makes the checker; `check` never throws for a query it dislikes (the verdict says so). */
export function makeOutputChecker(deps: { pool: pg.Pool; runSql: SandboxSql }) {
  return {
    async check(input: OutputCheckRequest): Promise<{ outcome: Verdict; report: CheckReport }> {
      const { profile, problem } = projectProfile(input.disclosureOverrides);
      const runSql = async (sql: string) => {
        const { rows } = await deps.runSql(sql, input.releases);
        return { columns: [] as string[], rows };
      };
      const result = await readResult(input.resultPath);
      const released = await listReleasedCells(deps.pool, input.projectId);
      const { report, companion, companionRows } = await checkQueryOutput({
        sql: input.sql,
        datasets: input.releases.map((r) => ({
          name: r.datasetId,
          pseudonymColumn: r.pseudonymColumn,
          identifierColumns: r.pseudonymColumns ?? [],
        })),
        result,
        runSql,
        profile,
        differencing: releasedCellsDifferencing(released, runSql, profile.threshold),
        audit: async (companion) => [
          ...(await releasedCellsAudit(released, runSql, profile.threshold)(companion)),
          ...(await outputAudit(runSql, profile.threshold)(companion)),
        ],
      });
      if (problem) {
        report.findings.push({
          verdict: 'review',
          rule: 'profile',
          reason: `the project's disclosure overrides were ignored: ${problem}`,
        });
        if (report.outcome === 'pass') report.outcome = 'review';
      }
      await saveCheck(deps.pool, {
        query_id: input.queryId,
        outcome: report.outcome,
        report,
        companion: { ...companion },
        populations: printedPopulations(
          report,
          companion.analysis.groupKeys,
          companionRows,
          populationsOf(companion, companionRows),
        ),
        companion_rows: companionRows,
      });
      // The full report: the enclave shows custodians all of it and the query's owner only `researcherReport` of it.
      return { outcome: report.outcome, report };
    },
  };
}

/** Populations of the groups the output prints (groups hidden by HAVING/LIMIT are not released, so not registered). */
function printedPopulations(
  report: CheckReport,
  groupKeys: readonly string[],
  companionRows: ReadonlyArray<Record<string, unknown>>,
  populations: ReturnType<typeof populationsOf>,
) {
  const printed = new Set(report.cells.filter((c) => c.row !== null).map((c) => JSON.stringify(c.group)));
  return populations.filter((_, i) => {
    const row = companionRows[i]!;
    return printed.has(JSON.stringify(Object.fromEntries(groupKeys.map((key, k) => [key, row[`__g${k}`]]))));
  });
}
