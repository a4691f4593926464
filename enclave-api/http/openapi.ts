/**
 * The OpenAPI description, generated from the same zod schemas the routes validate with. Each route file
 * registers its paths on `openApiRegistry` when it is imported.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import type { RequestHandler } from 'express';
import { z } from 'zod';

extendZodWithOpenApi(z);

export const openApiRegistry = new OpenAPIRegistry();

export const bearerAuth = openApiRegistry.registerComponent('securitySchemes', 'bearerAuth', {
  type: 'http',
  scheme: 'bearer',
});

/** The `{ error: { code, message } }` body of every error response. */
export const ErrorBody = openApiRegistry.register(
  'Error',
  z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
);

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorBody } },
});

/** The usual error responses of a signed-in route. */
export const STANDARD_ERRORS = {
  400: errorResponse('bad input (names the field)'),
  401: errorResponse('no or invalid token'),
  403: errorResponse('not allowed'),
  404: errorResponse('not found or not visible to you'),
  429: errorResponse('rate limited; see Retry-After'),
} as const;

/**
 * The generated document. Its server is `baseUrl` (default `/`, relative to wherever the document was fetched):
 * never a request header, which a client or a poisoned cache could set to another host.
 */
export function openApiDocument(baseUrl = '/'): unknown {
  return new OpenApiGeneratorV31(openApiRegistry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Secure Data Facility enclave API',
      version: '1.0.0',
      description: 'Authenticated, audited access to anonymised releases through a sandboxed DuckDB.',
    },
    servers: [{ url: baseUrl }],
    security: [{ bearerAuth: [] }],
  });
}

/** `GET /openapi.json`: the document with a fixed server, whatever Host or X-Forwarded-* the request carries. */
export const openApiHandler =
  (baseUrl = '/'): RequestHandler =>
  (_req, res) => {
    res.json(openApiDocument(baseUrl));
  };
