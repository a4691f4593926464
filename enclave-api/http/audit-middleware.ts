/**
 * Records every request and its response in the audit chain once the response is sent: who, which token, the
 * route, project, SQL hash, datasets, status, bytes and duration. Routes add the project, SQL and datasets
 * through `auditContext(res)`.
 */
import type { RequestHandler, Response } from 'express';
import type pg from 'pg';
import { logger } from '../../platform/index.ts';
import { appendAudit } from '../audit/store.ts';

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

export function makeAuditRecorder(pool: pg.Pool): AuditRecorder {
  const pending = new Set<Promise<unknown>>();
  const middleware: RequestHandler = (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const context = auditContext(res);
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : req.path;
      const append = appendAudit(pool, {
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
        details: { path: req.originalUrl.slice(0, 500), ...context.details },
      })
        .catch((error: unknown) => logger.error({ err: error }, 'could not append to the audit log'))
        .finally(() => pending.delete(append));
      pending.add(append);
    });
    next();
  };
  return {
    middleware,
    async drain() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
