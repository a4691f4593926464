import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { z } from 'zod';
import { openApiRegistry } from './openapi.ts';
import { openApiPath, responseContract } from './response-contract.ts';

let server: Server;
let base: string;

beforeAll(async () => {
  openApiRegistry.registerPath({
    method: 'get',
    path: '/api/v1/contract-probe/{id}',
    responses: {
      200: {
        description: 'probe',
        content: { 'application/json': { schema: z.object({ id: z.string(), at: z.string() }) } },
      },
    },
  });
  const app = express();
  app.use(responseContract());
  const api = express.Router();
  api.get('/contract-probe/:id', (req, res) => {
    if (req.params.id === 'bad') res.json({ id: 7, at: 'now' });
    else res.json({ id: req.params.id, at: new Date(0) });
  });
  api.get('/undeclared', (_req, res) => res.json({ anything: true }));
  app.use('/api/v1', api);
  server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => server?.close());

describe('the response contract', () => {
  it('writes express paths as OpenAPI does', () => {
    expect(openApiPath('/api/v1/projects/:id/members/:userId')).toBe('/api/v1/projects/{id}/members/{userId}');
    expect(openApiPath('/api/v1/audit')).toBe('/api/v1/audit');
  });

  it('passes an answer that fits its schema on the wire (a Date is its ISO string there)', async () => {
    const response = await fetch(`${base}/api/v1/contract-probe/a1`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 'a1', at: '1970-01-01T00:00:00.000Z' });
  });

  it('turns an answer its schema refuses into a 500 naming the route and the field', async () => {
    const response = await fetch(`${base}/api/v1/contract-probe/bad`);
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('response_contract');
    expect(body.error.message).toMatch(/^get \/api\/v1\/contract-probe\/\{id\} answered 200 .*: id: /);
  });

  it('leaves a route without a declared schema alone', async () => {
    const response = await fetch(`${base}/api/v1/undeclared`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ anything: true });
  });
});
