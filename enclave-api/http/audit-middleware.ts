/**
 * Records every request and its response in the audit chain once the response is sent: who, which token, the
 * route, project, SQL hash, datasets, status, bytes and duration. Routes add the project, SQL and datasets
 * through `auditContext(res)`.
 */
import type { RequestHandler, Response } from 'express';
import type pg from 'pg';
import { logger } from '../../platform/index.ts';
import type { AuditEvent } from '../audit/chain.ts';
import { appendAuditBatchInTransaction } from '../audit/store.ts';
import { inTransaction } from '../db/queryable.ts';
import { notifyProbing } from '../notifications/notify.ts';

/** A real-data submission the API refused (4xx): it counts towards its researcher's probing alert. */
const refusedRealSubmission = (e: AuditEvent): e is AuditEvent & { userId: string; projectId: string } =>
  e.method === 'POST' &&
  e.status >= 400 &&
  e.status <= 499 &&
  e.userId !== null &&
  e.projectId !== null &&
  String(e.details?.path ?? '').split('?')[0] === '/api/v1/queries' &&
  e.details?.target === 'real';

/**
 * Probing alerts for the batch's refused real submissions, in the batch's transaction; under a savepoint, so a
 * failing alert never costs the audit entries.
 */
async function alertOnRefusals(client: pg.PoolClient, batch: readonly AuditEvent[]): Promise<void> {
  for (const event of batch.filter(refusedRealSubmission)) {
    await client.query('savepoint probing_alert');
    try {
      await notifyProbing(client, event.userId, event.projectId);
      await client.query('release savepoint probing_alert');
    } catch (error) {
      await client.query('rollback to savepoint probing_alert');
      logger.error({ err: error }, 'could not check the probing alert');
    }
  }
}

export interface AuditContext {
  projectId?: string;
  sqlHash?: string;
  datasets?: string[];
  details?: Record<string, unknown>;
}

/** The audit fields a route fills in for the current request. */
export function auditContext(res: Response): AuditContext {
  res.locals.audit ??= {};
  return res.locals.audit as AuditContext;
}

export interface AuditRecorder {
  middleware: RequestHandler;
  /** Resolves when every entry started so far is written (for graceful shutdown and tests). */
  drain(): Promise<void>;
}

/** Largest number of entries written in one transaction. */
const BATCH = 500;

/**
 * Records every request once its response is sent. Entries are queued and written by one writer in batches,
 * so a burst of requests takes one connection and one lock acquisition instead of one each.
 */
export function makeAuditRecorder(pool: pg.Pool): AuditRecorder {
  const queue: AuditEvent[] = [];
  let writing: Promise<void> | null = null;

  async function writeAll(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, BATCH);
      try {
        await inTransaction(pool, async (client) => {
          await appendAuditBatchInTransaction(client, batch);
          await alertOnRefusals(client, batch);
        });
      } catch (error) {
        logger.error({ err: error, lost: batch.length }, 'could not append to the audit log');
      }
    }
  }

  function enqueue(event: AuditEvent): void {
    queue.push(event);
    writing ??= writeAll().finally(() => {
      writing = null;
    });
  }

  const middleware: RequestHandler = (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const context = auditContext(res);
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : req.path;
      enqueue({
        userId: req.principal?.userId ?? null,
        tokenId: req.principal?.tokenId ?? null,
        method: req.method,
        route,
        projectId: context.projectId ?? null,
        sqlHash: context.sqlHash ?? null,
        datasets: context.datasets ?? null,
        status: res.statusCode,
        bytes: Number(res.getHeader('content-length') ?? 0),
        durationMs: performance.now() - started,
        details: { path: req.originalUrl.slice(0, 500), requestId: req.requestId, ...context.details },
      });
    });
    next();
  };
  return {
    middleware,
    async drain() {
      while (writing) await writing;
    },
  };
}
