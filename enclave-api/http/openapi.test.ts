import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument, openApiHandler } from './openapi.ts';

function get(server: Server, path: string, headers: Record<string, string>): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the OpenAPI document', () => {
  let server: Server;
  beforeAll(async () => {
    const app = express();
    app.get('/openapi.json', openApiHandler());
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([
    [{ Host: 'evil.example' }],
    [{ Host: 'evil.example:8443', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' }],
    [{ Host: '127.0.0.1' }],
  ])('names a relative server whatever the request headers say (%j)', async (headers) => {
    const body = await get(server, '/openapi.json', headers);
    expect(body).not.toContain('evil.example');
    expect(JSON.parse(body).servers).toEqual([{ url: '/' }]);
  });

  it('uses a configured base URL when given one', () => {
    expect((openApiDocument('https://enclave.example/') as { servers: unknown }).servers).toEqual([{ url: 'https://enclave.example/' }]);
  });
});
