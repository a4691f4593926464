/** zod schemas of the enclave API: the routes validate with them and the OpenAPI document is generated from them. */
import { z } from 'zod';
import { openApiRegistry } from '../http/openapi.ts';
import { QUERY_STATUSES, QUERY_TARGETS, ROLES } from '../types.ts';
import { SQL_CONTROL_CHARACTER } from '../sandbox/sql-guard.ts';
import { checkReportSchema, researcherReportSchema, uncheckedReportSchema } from '../../output-checks/index.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
export const IdParam = z.object({ id: z.string().min(1).max(200) });

export const NewProjectBody = openApiRegistry.register(
  'NewProject',
  z.object({
    title: z.string().min(1).max(300),
    purpose: z.string().min(1).max(5000),
    legalBasis: z.string().min(1).max(2000),
    startsOn: isoDate,
    endsOn: isoDate,
    // Two custodians per release unless a second custodian approves turning it off (see policy changes).
    requiresTwoCustodians: z.boolean().default(true),
    autoReleasePass: z.boolean().default(false),
    disclosureOverrides: z.record(z.string(), z.unknown()).default({}),
    datasets: z
      .array(z.object({ id: z.string().regex(/^[a-z][a-z0-9_]*$/), reason: z.string().min(1).max(2000) }))
      .default([]),
    members: z.array(z.uuid()).default([]),
  }),
);

export const Project = openApiRegistry.register(
  'Project',
  z.object({
    id: z.uuid(),
    title: z.string(),
    purpose: z.string(),
    legalBasis: z.string(),
    startsOn: isoDate,
    endsOn: isoDate,
    requiresTwoCustodians: z.boolean(),
    autoReleasePass: z.boolean(),
    disclosureOverrides: z.record(z.string(), z.unknown()),
    datasets: z.array(
      z.object({ id: z.string(), grantedBy: z.string().nullable(), reason: z.string(), grantedAt: z.string() }),
    ),
    members: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
  }),
);

export const GrantBody = z.object({
  dataset: z.string().regex(/^[a-z][a-z0-9_]*$/),
  reason: z.string().min(1).max(2000),
});
export const MemberBody = z.object({ userId: z.uuid() });

export const NewQueryBody = openApiRegistry.register(
  'NewQuery',
  z.object({
    project: z.string().min(1).max(100),
    sql: z
      .string()
      .min(1)
      .max(100_000)
      .refine(
        (sql) => !SQL_CONTROL_CHARACTER.test(sql),
        'contains a control character (NUL or another besides tab and line breaks)',
      ),
    target: z.enum(QUERY_TARGETS),
  }),
);

/** A release a query read, pinned at submission (`files` with their hashes for custodians only). */
export const PinnedReleaseView = z.object({
  datasetId: z.string(),
  versionId: z.string(),
  version: z.string(),
  kind: z.enum(['anon', 'synthetic']),
  files: z.array(z.object({ name: z.string(), sha256: z.string() })).optional(),
});

/**
 * A check report as the caller may see it: the full report (or the crashed checker's placeholder) for custodians,
 * the closed researcher report for a researcher on real data; null until the output is checked.
 */
export const CheckReportView = z
  .union([
    // Cloned: output-checks may build its schemas before `openapi.ts` extends zod, and only a later instance has
    // the `openapi` method the registry calls.
    openApiRegistry.register('CheckReport', checkReportSchema.clone()),
    openApiRegistry.register('UncheckedReport', uncheckedReportSchema.clone()),
    openApiRegistry.register('ResearcherReport', researcherReportSchema.clone()),
  ])
  .nullable();

export const QueryAccepted = z.object({ id: z.uuid(), status: z.enum(QUERY_STATUSES) });

export const Query = openApiRegistry.register(
  'Query',
  z.object({
    id: z.uuid(),
    project: z.uuid(),
    user: z.uuid(),
    target: z.enum(QUERY_TARGETS),
    status: z.enum(QUERY_STATUSES),
    sql: z.string(),
    sqlHash: z.string(),
    submittedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    timings: z.object({ queuedMs: z.number().nullable(), runMs: z.number().nullable() }),
    datasets: z.array(PinnedReleaseView).nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    outcome: z.enum(['pass', 'review', 'fail']).nullable(),
    checkReport: CheckReportView,
    columns: z.array(z.object({ name: z.string(), type: z.string() })).nullable(),
    rowCount: z.number().nullable(),
    truncated: z.boolean().nullable(),
    rows: z.array(z.record(z.string(), z.unknown())).optional(),
  }),
);

export const NewUserBody = z.object({
  name: z.string().min(1).max(200),
  role: z.enum(ROLES),
  tokenDays: z.number().int().min(1).max(3650).default(90),
});
export const NewTokenBody = z.object({
  days: z.number().int().min(1).max(3650).default(90),
  label: z.string().max(200).default(''),
});

export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce.number().int().min(1).optional(),
  user: z.uuid().optional(),
  project: z.string().max(100).optional(),
});
