/**
 * zod schemas of the three shapes a stored or shown check report takes: the full `CheckReport` (custodians), the
 * placeholder stored when the checker crashed (`UncheckedReport`), and the closed `ResearcherReport`. The API
 * declares a query's and a release request's `checkReport` with them, so the OpenAPI document and the web client's
 * types carry the report. Each schema is checked against its interface at compile time: a field added to one and
 * not the other fails the typecheck.
 */
import { z } from 'zod';
import { PROFILE_SETTINGS } from './profile.ts';
import { RESEARCHER_RULES, type ResearcherReport } from './researcher-report.ts';
import type { CellVerdict, CheckReport, DisclosureProfile } from './types.ts';

const verdict = z.enum(['pass', 'review', 'fail']);

const cellVerdictSchema = z.object({ verdict, rule: z.string(), reason: z.string() });

const disclosureProfileSchema = z.object(
  Object.fromEntries(Object.entries(PROFILE_SETTINGS).map(([name, setting]) => [name, setting.schema])) as {
    [K in keyof DisclosureProfile]: z.ZodType<DisclosureProfile[K]>;
  },
);

const statisticKind = z.enum(['count', 'sum', 'mean', 'extreme', 'spread', 'model', 'group', 'other']);

const cellStatsSchema = z.object({
  kind: statisticKind,
  persons: z.number().nullable(),
  cellPersons: z.number().nullable().optional(),
  value: z.number().nullable().optional(),
  total: z.number().nullable().optional(),
  top: z.array(z.number()).readonly().optional(),
  minContribution: z.number().nullable().optional(),
  minRow: z.number().nullable().optional(),
  residualDf: z.number().nullable().optional(),
  binary: z.object({ ones: z.number(), zeros: z.number() }).nullable().optional(),
});

const checkedCellSchema = z.object({
  row: z.number().nullable(),
  column: z.string(),
  absent: z.boolean().optional(),
  group: z.record(z.string(), z.unknown()),
  stats: cellStatsSchema,
  verdict,
  verdicts: z.array(cellVerdictSchema),
});

const columnSummarySchema = z.object({
  column: z.string(),
  role: z.enum(['group', 'statistic', 'identifier', 'other']),
  kind: statisticKind.optional(),
  cells: z.number(),
  pass: z.number(),
  review: z.number(),
  fail: z.number(),
  minPersons: z.number().nullable(),
});

const roundingAppliedSchema = z.object({
  countBase: z.number(),
  significantFigures: z.number(),
  columns: z.record(z.string(), z.object({ base: z.number().nullable(), figures: z.number().nullable() })),
});

/** The full report a custodian reads (`CheckReport`). */
export const checkReportSchema = z.object({
  outcome: verdict,
  reasons: z.array(z.string()),
  shape: z.string(),
  profile: disclosureProfileSchema,
  cells: z.array(checkedCellSchema),
  columns: z.array(columnSummarySchema),
  findings: z.array(cellVerdictSchema),
  checkedAt: z.string(),
  rounding: roundingAppliedSchema.optional(),
});

/** What is stored in place of a report when the checker crashed: a failing outcome and the finding that says why. */
export interface UncheckedReport {
  outcome: 'fail';
  checked: false;
  findings: CellVerdict[];
  cells: [];
}

export const uncheckedReportSchema = z.object({
  outcome: z.literal('fail'),
  checked: z.literal(false),
  findings: z.array(cellVerdictSchema),
  cells: z.tuple([]),
});

const researcherFindingSchema = z.object({
  verdict,
  rule: z.enum(RESEARCHER_RULES as [ResearcherReport['findings'][number]['rule'], ...typeof RESEARCHER_RULES]),
  reason: z.string(),
});

/** The closed researcher report (`ResearcherReport`): no field beyond the interface's. */
export const researcherReportSchema = z.object({
  outcome: verdict,
  shape: z.string(),
  profile: disclosureProfileSchema,
  cells: z.array(
    z.object({
      row: z.number().nullable(),
      column: z.string(),
      verdict,
      verdicts: z.array(researcherFindingSchema),
    }),
  ),
  findings: z.array(researcherFindingSchema),
  reasons: z.array(z.string()),
});

/** True when A and B are the same type (optional and readonly modifiers included). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compile-time only: each schema infers exactly its interface, or this type does not check. */
type Assert<T extends true> = T;
export type ReportSchemasMatchTypes = Assert<
  | Same<z.infer<typeof checkReportSchema>, CheckReport>
  | Same<z.infer<typeof uncheckedReportSchema>, UncheckedReport>
  | Same<z.infer<typeof researcherReportSchema>, ResearcherReport>
>;
