/**
 * Per-minute rate limits in front of routes: the API's per-address sign-in and per-user limits, and the web UI's
 * sign-in limit. A refusal is a 429 `rate_limited` (through the error handler) and is counted by the metrics
 * under the limiter's name.
 */
import type { Request, RequestHandler, Response } from 'express';
import { rateLimit, ipKeyGenerator, type Store } from 'express-rate-limit';
import { markRateLimited } from './metrics.ts';
import { tooManyRequests } from './errors.ts';

export interface RateLimiterOptions {
  /** Names the limiter in metrics and prefixes its keys in the store. */
  name: string;
  perMinute: number;
  /** Where counts live (the enclave passes its PostgreSQL one, shared by every API process); default memory. */
  store?: (prefix: string) => Store;
  /** Default: the client address. */
  key?: (req: Request) => string;
  /** Whether a finished request counts towards the limit (default every request). */
  counts?: (res: Response) => boolean;
  /** The 429's message (default "more than N requests in a minute"). */
  message?: string;
}

/** A limiter of `perMinute` counted requests per key. */
export function rateLimiter(options: RateLimiterOptions): RequestHandler {
  const { name, perMinute, counts = () => true } = options;
  return rateLimit({
    ...(options.store ? { store: options.store(`${name}:`) } : {}),
    windowMs: 60_000,
    limit: perMinute,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => !counts(res),
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: options.key ?? ((req) => ipKeyGenerator(req.ip ?? '')),
    handler: (req, res, next) => {
      markRateLimited(res, name);
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = reset ? (reset.getTime() - Date.now()) / 1000 : 60;
      next(tooManyRequests(options.message ?? `more than ${perMinute} requests in a minute`, seconds));
    },
  });
}
