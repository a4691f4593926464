/**
 * Authentication and role guards. Authentication tries a list of authenticators in order (the bearer token one
 * by default); the web UI adds a session-cookie authenticator to the list without touching the routes.
 */
import type { Request, RequestHandler } from 'express';
import type pg from 'pg';
import { forbidden } from '../../platform/index.ts';
import { principalForToken } from '../db/people.ts';
import { unauthorized } from '../http/errors.ts';
import type { Principal, Role } from '../types.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticate` for signed-in requests. */
    principal?: Principal;
  }
}

/** Finds the caller from a request, or null if this authenticator does not apply. Throw 401 to reject outright. */
export type Authenticator = (req: Request) => Promise<Principal | null>;

/** `Authorization: Bearer <token>`, looked up by hash; unknown, expired or revoked tokens are 401. */
export function bearerAuthenticator(pool: pg.Pool): Authenticator {
  return async (req) => {
    const header = req.get('authorization');
    if (!header) return null;
    const match = /^Bearer ([A-Za-z0-9_\-.~+/]+=*)$/.exec(header);
    if (!match) throw unauthorized('the Authorization header must be "Bearer <token>"');
    const principal = await principalForToken(pool, match[1]!);
    if (!principal) throw unauthorized('the token is unknown, expired or revoked');
    return principal;
  };
}

/** Requires a principal from one of the authenticators; otherwise 401. */
export function authenticate(authenticators: readonly Authenticator[]): RequestHandler {
  return async (req, _res, next) => {
    try {
      for (const authenticator of authenticators) {
        const principal = await authenticator(req);
        if (principal) {
          req.principal = principal;
          return next();
        }
      }
      next(unauthorized());
    } catch (error) {
      next(error);
    }
  };
}

/** The signed-in caller (401 if the route was reached without `authenticate`). */
export function principalOf(req: Request): Principal {
  if (!req.principal) throw unauthorized();
  return req.principal;
}

/** Allows only the listed roles (403 otherwise). */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const principal = req.principal;
    if (!principal) return next(unauthorized());
    if (!roles.includes(principal.role)) return next(forbidden(`this needs the role ${roles.join(' or ')}`));
    next();
  };
}
