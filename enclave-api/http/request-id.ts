/**
 * Request ids: the `X-Request-Id` a proxy sent (if it is a plain token), else a new UUID. It is echoed in the
 * response, written in the request's audit entry and log line, and carried into the query job it submits, so
 * one id follows a query from HTTP to the worker that ran it.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `requestId` for every request. */
    requestId?: string;
  }
}

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Anything else from the client (log injection, huge values) is replaced by a fresh id. */
const ACCEPTED = /^[A-Za-z0-9._:-]{1,128}$/;

export function acceptedRequestId(header: string | undefined): string {
  return header && ACCEPTED.test(header) ? header : randomUUID();
}

export const requestId: RequestHandler = (req, res, next) => {
  req.requestId = acceptedRequestId(req.get(REQUEST_ID_HEADER));
  res.setHeader(REQUEST_ID_HEADER, req.requestId);
  next();
};
