/**
 * zod schemas of the enclave API's responses (the request schemas and the two big views, `Project` and `Query`,
 * are in `schemas.ts`). Every route declares its response with one of these, the OpenAPI document is generated
 * from them, and `contract.ts` exports their inferred types for the web client. A route's view function is typed
 * with the inferred type, so the server cannot drift from what the document and the client read.
 */
import { z } from 'zod';
import { openApiRegistry } from '../http/openapi.ts';
import { DECISIONS, RELEASE_STATUSES } from '../../output-checks/index.ts';
import { Project, Query } from './schemas.ts';

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
export const GrantCreated = z.object({ project: z.uuid(), dataset: z.string(), grantedBy: z.uuid().nullable(), reason: z.string() });
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
    currentVersion: z.object({ id: z.string(), version: z.string(), rowCount: z.number(), k: z.number().nullable(), releasedAt: z.string() }).nullable(),
    hasSynthetic: z.boolean(),
    variableCount: z.number(),
  }),
);
export const DatasetList = z.object({ datasets: z.array(DatasetSummary) });

export const QueryList = z.object({ queries: z.array(Query) });

const verdict = z.enum(['pass', 'review', 'fail']);

/**
 * A release request as the caller may see it (`requestView` of output checks): the check report is the full one
 * for custodians and the closed researcher report otherwise, so it is declared by its outcome only.
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
    datasets: z.unknown(),
    output: z.object({ columns: z.unknown(), rows: z.number().nullable(), sha256: z.string().nullable() }),
    columnSummary: z.unknown(),
    checkReport: z.unknown(),
    votes: z.array(z.object({ custodian: z.uuid(), round: z.number(), decision: z.enum(DECISIONS), reason: z.string(), votedAt: z.string() })),
    votesCast: z.number(),
    history: z.array(z.object({ from: z.enum(RELEASE_STATUSES).nullable(), to: z.enum(RELEASE_STATUSES), by: z.uuid().nullable(), reason: z.string().nullable(), at: z.string() })),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
    downloads: z.array(z.string()).optional(),
    requesterName: z.string().optional(),
    projectTitle: z.string().optional(),
    /** The output's rows, for custodians reading one request. */
    rows: z.array(z.record(z.string(), z.unknown())).optional(),
  }),
);
export const ReleaseRequestList = z.object({ requests: z.array(ReleaseRequestView.extend({ canDecide: z.boolean() })) });

/** A 200/201/202 response declared with its schema, for `registerPath`. */
export const jsonResponse = (description: string, schema: z.ZodType) => ({ description, content: { 'application/json': { schema } } });
