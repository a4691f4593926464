/**
 * The JSON the UI's own routes (`/ui/*`) answer with, as zod schemas, and their inferred types for the client
 * (`import type` only, erased from the bundle). The router types its answers with them, so a renamed field
 * fails the typecheck on both sides, as the enclave API's contract does.
 */
import { z } from 'zod';
import { ROLES } from '../../enclave-api/index.ts';

/** `GET /ui/session` when signed in, and `POST /ui/session` (201). */
export const SessionInfo = z.object({
  user: z.object({ name: z.string(), role: z.enum(ROLES) }),
  csrf: z.string(),
  expiresAt: z.string(),
});
/** `GET /ui/session` when not signed in: an answer, not an error. */
export const NoSession = z.object({ user: z.null() });
/** `GET /ui/people` (custodians and admins): everyone's id, name and role, for names instead of ids. */
export const People = z.object({
  people: z.array(z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES) })),
});

export type UiSessionInfo = z.infer<typeof SessionInfo>;
export type UiNoSession = z.infer<typeof NoSession>;
export type UiPeople = z.infer<typeof People>;
