/** People and tokens: admins add users and issue tokens; anyone may revoke their own token; `GET /me`. */
import { Router } from 'express';
import { notFound } from '../../platform/index.ts';
import { principalOf, requireRole } from '../auth/middleware.ts';
import { recordEvent } from '../audit/events.ts';
import { createUser, getUser, issueToken, listUsers, revokeToken } from '../db/people.ts';
import { isUuid } from '../db/projects.ts';
import { inTransaction } from '../db/queryable.ts';
import type { EnclaveDeps } from '../http/deps.ts';
import { parseInput } from '../http/errors.ts';
import { STANDARD_ERRORS, openApiRegistry } from '../http/openapi.ts';
import { IdParam, NewTokenBody, NewUserBody } from './schemas.ts';
import { IssuedToken, Me, TokenRevoked, UserCreated, UserList, jsonResponse } from './responses.ts';
import type { ApiMe } from '../contract.ts';

openApiRegistry.registerPath({
  method: 'post',
  path: '/api/v1/users',
  summary: 'Add a user and issue their first token, shown once (admin)',
  request: { body: { content: { 'application/json': { schema: NewUserBody } } } },
  responses: { 201: jsonResponse('the user and token', UserCreated), ...STANDARD_ERRORS },
});
openApiRegistry.registerPath({
  method: 'post',
  path: '/api/v1/tokens/{id}/revoke',
  summary: 'Revoke a token (its owner or an admin)',
  request: { params: IdParam },
  responses: { 200: jsonResponse('revoked', TokenRevoked), ...STANDARD_ERRORS },
});

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/v1/me',
  summary: 'Who the token belongs to',
  responses: { 200: jsonResponse('the caller', Me), ...STANDARD_ERRORS },
});
openApiRegistry.registerPath({
  method: 'post',
  path: '/api/v1/users/{id}/tokens',
  summary: 'Issue another token for a user, shown once (admin)',
  request: { params: IdParam, body: { content: { 'application/json': { schema: NewTokenBody } } } },
  responses: { 201: jsonResponse('the token', IssuedToken), ...STANDARD_ERRORS },
});
openApiRegistry.registerPath({
  method: 'get',
  path: '/api/v1/users',
  summary: 'Every user (admin)',
  responses: { 200: jsonResponse('the users', UserList), ...STANDARD_ERRORS },
});

export function usersRouter(deps: EnclaveDeps): Router {
  const router = Router();
  const { pool } = deps;

  router.get('/me', (req, res) => {
    const { userId, name, role, tokenId } = principalOf(req);
    res.json({ id: userId, name, role, tokenId } satisfies ApiMe);
  });

  router.get('/users', requireRole('admin'), async (_req, res) => {
    res.json({ users: await listUsers(pool) });
  });

  router.post('/users', requireRole('admin'), async (req, res) => {
    const principal = principalOf(req);
    const body = parseInput(NewUserBody, req.body, 'body');
    const result = await inTransaction(pool, async (client) => {
      const user = await createUser(client, body);
      const issued = await issueToken(client, { userId: user.id, days: body.tokenDays });
      await recordEvent(client, principal, 'user.created', {
        userId: user.id,
        role: user.role,
        tokenId: issued.tokenId,
      });
      return { user, issued };
    });
    res.status(201).json({
      user: result.user,
      token: result.issued.token,
      tokenId: result.issued.tokenId,
      expiresAt: result.issued.expiresAt,
    });
  });

  router.post('/users/:id/tokens', requireRole('admin'), async (req, res) => {
    const principal = principalOf(req);
    const { id } = parseInput(IdParam, req.params, 'params');
    const body = parseInput(NewTokenBody, req.body ?? {}, 'body');
    if (!(await getUser(pool, id))) throw notFound('user');
    const issued = await inTransaction(pool, async (client) => {
      const token = await issueToken(client, { userId: id, days: body.days, label: body.label });
      await recordEvent(client, principal, 'token.issued', { userId: id, tokenId: token.tokenId });
      return token;
    });
    res.status(201).json(issued);
  });

  router.post('/tokens/:id/revoke', async (req, res) => {
    const principal = principalOf(req);
    const { id } = parseInput(IdParam, req.params, 'params');
    const owned =
      isUuid(id) &&
      (await pool.query('select 1 from enclave.tokens where id = $1 and user_id = $2', [id, principal.userId])).rows
        .length > 0;
    if (!owned && principal.role !== 'admin') throw notFound('token');
    const revoked = await inTransaction(pool, async (client) => {
      const done = isUuid(id) && (await revokeToken(client, id));
      if (done) await recordEvent(client, principal, 'token.revoked', { tokenId: id });
      return done;
    });
    if (!revoked) throw notFound('token');
    res.json({ id, revoked: true });
  });

  return router;
}
