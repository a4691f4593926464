/**
 * zod schemas of the enclave API's responses (the request schemas and the two big views, `Project` and `Query`,
 * are in `schemas.ts`). Every route declares its response with one of these, the OpenAPI document is generated
 * from them, and `contract.ts` exports their inferred types for the web client. A route's view function is typed
 * with the inferred type, so the server cannot drift from what the document and the client read.
 */
import { z } from 'zod';
import { openApiRegistry } from '../http/openapi.ts';
import { DECISIONS, RELEASE_STATUSES } from '../../output-checks/index.ts';
import { ROLES } from '../types.ts';
import { provenanceCheckSchema, provenanceUpstreamSchema } from '../../catalog/index.ts';
import { CheckReportView, PinnedReleaseView, Project, Query } from './schemas.ts';

export { PinnedReleaseView };

const Policy = z.object({
  autoReleasePass: z.boolean(),
  requiresTwoCustodians: z.boolean(),
  disclosureOverrides: z.record(z.string(), z.unknown()),
});

export const PolicyChangeView = openApiRegistry.register(
  'PolicyChange',
  z.object({
    id: z.uuid(),
    project: z.uuid(),
    change: Policy.partial(),
    loosens: z.array(z.string()),
    reason: z.string(),
    status: z.enum(['pending', 'approved']),
    proposedBy: z.uuid(),
    proposedAt: z.string(),
    approvedBy: z.uuid().nullable(),
    approvedAt: z.string().nullable(),
  }),
);

export const ProjectList = z.object({ projects: z.array(Project) });
export const ProjectCreated = Project.extend({ pendingPolicyChange: PolicyChangeView.nullable() });
export const GrantCreated = z.object({
  project: z.uuid(),
  dataset: z.string(),
  grantedBy: z.uuid().nullable(),
  reason: z.string(),
});
export const MemberAdded = z.object({ project: z.uuid(), userId: z.uuid() });
export const PolicyChangeList = z.object({ changes: z.array(PolicyChangeView) });
export const PolicyChangeApplied = z.object({ applied: z.literal(true), policy: Policy });
export const PolicyChangePending = z.object({ applied: z.literal(false), pending: PolicyChangeView });
export const PolicyChangeApproved = z.object({ applied: z.literal(true), change: PolicyChangeView, policy: Policy });

export const DatasetSummary = openApiRegistry.register(
  'DatasetSummary',
  z.object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    currentVersion: z
      .object({
        id: z.string(),
        version: z.string(),
        rowCount: z.number(),
        k: z.number().nullable(),
        releasedAt: z.string(),
      })
      .nullable(),
    hasSynthetic: z.boolean(),
    variableCount: z.number(),
  }),
);
export const DatasetList = z.object({ datasets: z.array(DatasetSummary) });

const verdict = z.enum(['pass', 'review', 'fail']);
const releaseFile = z.object({ name: z.string(), sha256: z.string(), bytes: z.number(), rows: z.number() });
const VersionRecord = z.object({
  id: z.string(),
  kind: z.enum(['anon', 'synthetic']),
  version: z.string(),
  path: z.string(),
  files: z.array(releaseFile),
  rowCount: z.number(),
  k: z.number().nullable(),
  releasedAt: z.string(),
  current: z.boolean(),
  provenance: z.object({
    runId: z.string(),
    codeVersion: z.string(),
    upstream: z.array(provenanceUpstreamSchema),
    checks: z.array(provenanceCheckSchema),
    risk: z.record(z.string(), z.unknown()),
    informationLoss: z.record(z.string(), z.unknown()),
  }),
});

/** One catalog entry (`catalog`'s `DatasetRecord`): the study description and provenance are declared loosely. */
export const DatasetRecord = openApiRegistry.register(
  'DatasetRecord',
  z.object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    study: z.object({
      title: z.string(),
      abstract: z.string(),
      universe: z.string(),
      unitOfAnalysis: z.string(),
      temporalCoverage: z.object({ start: z.string(), end: z.string().optional() }),
      spatialCoverage: z.object({
        country: z.string(),
        description: z.string(),
        levels: z.array(z.string()).optional(),
      }),
      sourceSystem: z.string(),
      custodian: z.string(),
      legalBasis: z.array(
        z.object({ instrument: z.string(), provision: z.string().optional(), note: z.string().optional() }),
      ),
      accessConditions: z.string(),
      citation: z.string(),
      keywords: z.array(z.string()).optional(),
      contact: z.object({ name: z.string(), email: z.string() }).optional(),
    }),
    currentVersion: VersionRecord.nullable(),
    currentSyntheticVersion: VersionRecord.nullable(),
    versions: z.array(VersionRecord),
    variables: z.array(
      z.object({
        name: z.string(),
        label: z.string(),
        type: z.string(),
        role: z.string(),
        valueLabels: z.record(z.string(), z.string()).optional(),
        anonymisation: z.string().optional(),
        disclosureClass: z.string().optional(),
        summary: z
          .object({
            kind: z.enum(['numeric', 'categorical', 'key']),
            threshold: z.number(),
            count: z.number(),
            missing: z.number().nullable(),
            distinct: z.number().nullable(),
            suppressed: z.array(z.string()),
          })
          .optional(),
      }),
    ),
    updatedAt: z.string(),
  }),
);

const dashboardFields = {
  id: z.string(),
  title: z.string(),
  description: z.string(),
  unit: z.string(),
  dimensions: z.array(z.string()),
  protection: z.object({ method: z.enum(['dp', 'suppress_round']), params: z.record(z.string(), z.unknown()) }),
  lineage: z.record(z.string(), z.unknown()),
  partition: z.string(),
  updatedAt: z.string(),
};
export const DashboardSummary = z.object({ ...dashboardFields, rows: z.number() });
export const DashboardList = z.object({ dashboards: z.array(DashboardSummary) });
export const Dashboard = openApiRegistry.register(
  'Dashboard',
  z.object({ ...dashboardFields, data: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))) }),
);
export const PrivacyBudget = z.object({
  ledgerId: z.string(),
  total: z.number(),
  periodDays: z.number(),
  from: z.string(),
  to: z.string(),
  spent: z.number(),
  remaining: z.number(),
  spends: z.array(z.object({ on: z.string(), releaseId: z.string(), epsilon: z.number() })),
});

export const QueryList = z.object({ queries: z.array(Query) });

/**
 * A release request as the caller may see it (`requestView` of output checks): the check report is the full one
 * for custodians and the closed researcher report otherwise (`CheckReportView`).
 */
export const ReleaseRequestView = openApiRegistry.register(
  'ReleaseRequest',
  z.object({
    id: z.uuid(),
    query: z.uuid(),
    project: z.uuid(),
    requester: z.uuid(),
    status: z.enum(RELEASE_STATUSES),
    justification: z.string(),
    requiresTwoCustodians: z.boolean(),
    round: z.number(),
    protection: z.object({ suppress: z.boolean().optional(), roundBase: z.number().optional() }),
    outcome: verdict,
    autoReleased: z.boolean(),
    sql: z.string().nullable(),
    sqlHash: z.string().nullable(),
    /** The releases the query read; file hashes only for custodians. */
    datasets: z.array(PinnedReleaseView).nullable(),
    output: z.object({
      columns: z.array(z.object({ name: z.string(), type: z.string() })).nullable(),
      rows: z.number().nullable(),
      sha256: z.string().nullable(),
    }),
    columnSummary: z.unknown(),
    checkReport: CheckReportView,
    votes: z.array(
      z.object({
        custodian: z.uuid(),
        round: z.number(),
        decision: z.enum(DECISIONS),
        reason: z.string(),
        votedAt: z.string(),
      }),
    ),
    votesCast: z.number(),
    history: z.array(
      z.object({
        from: z.enum(RELEASE_STATUSES).nullable(),
        to: z.enum(RELEASE_STATUSES),
        by: z.uuid().nullable(),
        reason: z.string().nullable(),
        at: z.string(),
      }),
    ),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
    downloads: z.array(z.string()).optional(),
    requesterName: z.string().optional(),
    projectTitle: z.string().optional(),
    /** The output's rows, for custodians reading one request. */
    rows: z.array(z.record(z.string(), z.unknown())).optional(),
  }),
);
export const DisclosureProfileView = z.object({
  project: z.uuid(),
  defaults: z.record(z.string(), z.unknown()),
  overrides: z.unknown(),
  profile: z.record(z.string(), z.unknown()),
  problem: z.string().nullable(),
});
export const DisclosureProfilePending = z.object({
  project: z.uuid(),
  applied: z.literal(false),
  pending: PolicyChangeView,
});

/** The disclosure-control record (`sdf.disclosure-record/1`), declared by its schema name and parts. */
export const DisclosureRecordDocument = z
  .object({
    schema: z.literal('sdf.disclosure-record/1'),
    release: z.record(z.string(), z.unknown()),
    query: z.record(z.string(), z.unknown()),
    output: z.record(z.string(), z.unknown()),
    checks: z.record(z.string(), z.unknown()),
  })
  .loose();

export const ReleaseRequestList = z.object({
  requests: z.array(ReleaseRequestView.extend({ canDecide: z.boolean() })),
});

/** A 200/201/202 response declared with its schema, for `registerPath`. */
export const jsonResponse = (description: string, schema: z.ZodType) => ({
  description,
  content: { 'application/json': { schema } },
});

/** One audit entry (the hash chain's fields). */
export const AuditEntry = openApiRegistry.register(
  'AuditEntry',
  z.object({
    seq: z.number(),
    at: z.string(),
    userId: z.uuid().nullable(),
    tokenId: z.uuid().nullable(),
    method: z.string(),
    route: z.string(),
    projectId: z.string().nullable(),
    sqlHash: z.string().nullable(),
    datasets: z.array(z.string()).nullable(),
    status: z.number(),
    bytes: z.number(),
    durationMs: z.number(),
    details: z.record(z.string(), z.unknown()).nullable(),
    prevHash: z.string(),
    hash: z.string(),
  }),
);
export const AuditList = z.object({ entries: z.array(AuditEntry) });
export const ChainVerdict = z.discriminatedUnion('verdict', [
  z.object({ verdict: z.literal('pass'), reason: z.literal(''), checked: z.number(), headHash: z.string() }),
  z.object({
    verdict: z.literal('fail'),
    reason: z.enum(['edited', 'deleted_or_reordered', 'broken_link']),
    seq: z.number(),
    checked: z.number(),
  }),
]);
export const ProbingDays = z.object({
  since: z.string(),
  days: z.number(),
  rows: z.array(
    z.object({
      day: z.string(),
      user: z.uuid(),
      userName: z.string().nullable(),
      project: z.string().nullable(),
      failed: z.number(),
      refused: z.number(),
      total: z.number(),
      threshold: z.number(),
      alert: z.boolean(),
    }),
  ),
});

const roles = z.enum(ROLES);
export const Me = z.object({ id: z.uuid(), name: z.string(), role: roles, tokenId: z.uuid().nullable() });
// The user row as stored (snake_case), as the routes have always returned it.
const User = z.object({
  id: z.uuid(),
  name: z.string(),
  role: roles,
  created_at: z.string(),
  disabled_at: z.string().nullable(),
});
export const UserList = z.object({ users: z.array(User) });
export const IssuedToken = z.object({ token: z.string(), tokenId: z.uuid(), expiresAt: z.string() });
export const UserCreated = z.object({ user: User, token: z.string(), tokenId: z.uuid(), expiresAt: z.string() });
export const TokenRevoked = z.object({ id: z.uuid(), revoked: z.literal(true) });

export const Health = z.object({
  status: z.enum(['ok', 'unavailable']),
  postgres: z.object({ ok: z.boolean(), ms: z.number() }),
  sandbox: z.record(z.string(), z.unknown()),
});
