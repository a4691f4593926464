/**
 * HTTP errors of the enclave (all `SdfError`s) and the one handler that writes `{ error: { code, message } }`.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { SdfError, logger } from '../../platform/index.ts';

export const unauthorized = (message = 'a valid API token is required (Authorization: Bearer <token>)'): SdfError =>
  new SdfError('unauthorized', message, 401);

/** 429 with the seconds after which to retry (sent as `Retry-After`). */
export const tooManyRequests = (message: string, retryAfterSeconds: number): SdfError =>
  new SdfError('rate_limited', message, 429, { retryAfter: Math.max(1, Math.ceil(retryAfterSeconds)) });

/** 422: the SQL was refused; `reason` is the policy's reason code. */
export const sqlRejected = (reason: string, message: string): SdfError => new SdfError(`sql_${reason}`, message, 422);

/** Turns a zod failure into a 400 that names the field. */
export function fromZod(error: z.ZodError, where: string): SdfError {
  const issue = error.issues[0];
  const field = [where, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  return new SdfError('bad_input', `${field}: ${issue?.message ?? 'invalid'}`, 400, { field });
}

/** Parses `value` with `schema`, throwing a 400 naming the field. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZod(result.error, where);
  return result.data;
}

/** Unknown routes under the API. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new SdfError('not_found', `no route ${req.method} ${req.path}`, 404));
};

/** The single error handler: SdfError → its status; body-parser errors → 400; anything else → 500 (logged). */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  let sdf: SdfError;
  if (error instanceof SdfError) sdf = error;
  else if (error instanceof z.ZodError) sdf = fromZod(error, '');
  else if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500) {
    sdf = new SdfError('bad_input', `body: ${error.message ?? 'malformed request'}`, error.status);
  } else {
    logger.error({ err: error, requestId: req.requestId }, 'unhandled error');
    sdf = new SdfError('internal', 'internal error', 500);
  }
  const retryAfter = (sdf.details as { retryAfter?: number } | undefined)?.retryAfter;
  if (sdf.status === 429 && retryAfter) res.setHeader('Retry-After', String(retryAfter));
  if (sdf.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  res.status(sdf.status).json({ error: { code: sdf.code, message: sdf.message } });
};
