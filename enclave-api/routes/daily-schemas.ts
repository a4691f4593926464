/**
 * zod schemas of the everyday routes (notifications, project administration, the cost preview): the routes
 * validate and answer with them, the OpenAPI document is generated from them, and `daily-contract.ts` exports
 * their inferred types for the web client.
 */
import { z } from 'zod';
import { openApiRegistry } from '../http/openapi.ts';
import { NOTIFICATION_KINDS } from '../notifications/rules.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

/** `{ description, content }` of a JSON response with `schema`. */
export const jsonBody = (description: string, schema: z.ZodType) => ({
  description,
  content: { 'application/json': { schema } },
});

export const Notification = openApiRegistry.register(
  'Notification',
  z.object({
    id: z.uuid(),
    kind: z.enum(NOTIFICATION_KINDS),
    subject: z.string(),
    project: z.uuid().nullable(),
    title: z.string(),
    link: z.string(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  }),
);
export const NotificationList = openApiRegistry.register(
  'NotificationList',
  z.object({ unread: z.number().int(), notifications: z.array(Notification) }),
);
export const NotificationListQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const MemberParams = z.object({ id: z.string().min(1).max(200), userId: z.uuid() });
export const GrantParams = z.object({ id: z.string().min(1).max(200), dataset: z.string().regex(/^[a-z][a-z0-9_]*$/) });
export const ReasonBody = z.object({ reason: z.string().trim().min(1, 'a reason is required').max(2000) });
export const MemberRemoved = z.object({ project: z.uuid(), userId: z.uuid(), removed: z.literal(true) });
export const GrantRevoked = z.object({ project: z.uuid(), dataset: z.string(), revoked: z.literal(true) });

export const AccessWindowBody = openApiRegistry.register(
  'AccessWindowChange',
  z.union([
    z.object({ endsOn: isoDate, reason: z.string().trim().min(1, 'a reason is required').max(2000) }).strict(),
    z.object({ close: z.literal(true), reason: z.string().trim().min(1, 'a reason is required').max(2000) }).strict(),
  ]),
);
export const AccessWindow = z.object({ project: z.uuid(), startsOn: isoDate, endsOn: isoDate, open: z.boolean() });

export const HistoryEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  action: z.string(),
  actor: z.uuid().nullable(),
  actorName: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const ProjectHistory = openApiRegistry.register(
  'ProjectHistory',
  z.object({ project: z.uuid(), entries: z.array(HistoryEntry) }),
);

export const PreviewBody = openApiRegistry.register(
  'QueryPreviewRequest',
  z.object({ project: z.string().min(1).max(100), sql: z.string().min(1).max(100_000) }),
);

export const QueryPreview = openApiRegistry.register(
  'QueryPreview',
  z.object({
    project: z.uuid(),
    policy: z.object({ verdict: z.enum(['pass', 'fail']), reason: z.string(), message: z.string() }),
    /** The releases a real run would read: the project's current anonymised releases that the SQL names. */
    releases: z.array(
      z.object({
        dataset: z.string(),
        version: z.string(),
        versionId: z.string(),
        rows: z.number().int(),
        twinRows: z.number().int().nullable(),
      }),
    ),
    estimate: z.object({
      rowsScanned: z.number().int(),
      twinRunMs: z.number().nullable(),
      realRunMs: z.number().nullable(),
      basis: z.string(),
    }),
    twin: z.object({ ran: z.boolean(), rowCount: z.number().int().nullable(), error: z.string().nullable() }),
    review: z.object({
      shape: z.enum(['aggregate', 'group', 'row-level', 'unanalysable']),
      automatic: z.boolean(),
      release: z.enum(['auto_release', 'one_custodian', 'two_custodians']),
      reasons: z.array(z.string()),
    }),
    budget: z.object({ usedToday: z.number().int(), perDay: z.number().int() }),
  }),
);
