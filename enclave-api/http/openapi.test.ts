import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument, openApiHandler } from './openapi.ts';
// Importing the routers registers every path, as the app does.
import { API_ROUTERS } from '../routes/index.ts';
import { healthRouter } from '../routes/health.ts';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
type Paths = Record<string, Record<string, Operation>>;

/** Every (method, path) of the document whose success responses do not all carry a schema. */
function withoutResponseSchema(paths: Paths): string[] {
  return Object.entries(paths).flatMap(([path, operations]) =>
    Object.entries(operations).flatMap(([method, operation]) => {
      const successes = Object.entries(operation.responses).filter(
        ([status]) => status.startsWith('2') && status !== '204',
      );
      const declared =
        successes.length > 0 &&
        successes.every(([, r]) => Object.values(r.content ?? {}).some((c) => c.schema !== undefined));
      return declared ? [] : [`${method.toUpperCase()} ${path}`];
    }),
  );
}

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
    expect((openApiDocument('https://enclave.example/') as { servers: unknown }).servers).toEqual([
      { url: 'https://enclave.example/' },
    ]);
  });

  it('declares a response schema for every route', () => {
    expect(API_ROUTERS.length + [healthRouter].length).toBeGreaterThan(5);
    const paths = (openApiDocument() as { paths: Paths }).paths;
    // A floor on what the routers register, so an empty document cannot pass.
    expect(Object.keys(paths).length).toBeGreaterThan(30);
    expect(withoutResponseSchema(paths)).toEqual([]);
  });

  it('finds a route that registers only a bare 200', () => {
    const paths: Paths = {
      '/declared': { get: { responses: { 200: { content: { 'application/json': { schema: { type: 'object' } } } } } } },
      '/bare': { post: { responses: { 201: { description: 'ok' } as never, 400: {} } } },
      '/none': { get: { responses: { 404: {} } } },
    };
    expect(withoutResponseSchema(paths)).toEqual(['POST /bare', 'GET /none']);
  });

  it('describes a check report by its three shapes, the researcher one closed to its own fields', () => {
    const doc = openApiDocument() as {
      components: { schemas: Record<string, { properties?: Record<string, unknown>; anyOf?: unknown[] }> };
    };
    const { schemas } = doc.components;
    const refs = (name: string) => JSON.stringify(schemas[name]!.properties!.checkReport);
    for (const name of ['Query', 'ReleaseRequest'])
      for (const shape of ['CheckReport', 'UncheckedReport', 'ResearcherReport'])
        expect(refs(name)).toContain(`#/components/schemas/${shape}`);
    expect(Object.keys(schemas.ResearcherReport!.properties!).sort()).toEqual([
      'cells',
      'findings',
      'outcome',
      'profile',
      'reasons',
      'shape',
    ]);
    expect(Object.keys(schemas.CheckReport!.properties!)).toEqual(expect.arrayContaining(['columns', 'checkedAt']));
  });
});
