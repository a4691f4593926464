/**
 * Domain events (project created, dataset granted, token issued …) written to the chain in the same transaction,
 * with the notifications they cause (a release request waiting, a release decided).
 */
import type pg from 'pg';
import type { Principal } from '../types.ts';
import { notifyForEvent } from '../notifications/notify.ts';
import { appendAuditInTransaction } from './store.ts';

export async function recordEvent(
  client: pg.PoolClient,
  principal: Principal | null,
  action: string,
  details: Record<string, unknown> & { projectId?: string; datasets?: string[] },
): Promise<void> {
  await appendAuditInTransaction(client, {
    userId: principal?.userId ?? null,
    tokenId: principal?.tokenId ?? null,
    method: 'EVENT',
    route: action,
    projectId: details.projectId ?? null,
    sqlHash: null,
    datasets: details.datasets ?? null,
    status: 0,
    bytes: 0,
    durationMs: 0,
    details,
  });
  await notifyForEvent(client, principal?.userId ?? null, action, details);
}
