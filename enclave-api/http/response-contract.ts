/**
 * Checks every JSON answer against the schema its route declares for that status (the schemas OpenAPI is generated
 * from), when `SDF_CHECK_RESPONSES` is on — as in the test suite, so that an answer drifting from the contract the
 * web client compiles against fails a test instead of reaching a client. Off by default: it costs a parse per
 * answer. A mismatch becomes a 500 `response_contract` naming the route and the first wrong field.
 */
import type { RequestHandler } from 'express';
import type { ZodType } from 'zod';
import { logger } from '../../platform/index.ts';
import { openApiRegistry } from './openapi.ts';

type ResponseSchemas = Map<string, Map<string, ZodType>>;

/** `get /api/v1/projects/{id}` → status → schema, from the routes registered so far. */
function declaredResponses(): ResponseSchemas {
  const byRoute: ResponseSchemas = new Map();
  for (const definition of openApiRegistry.definitions) {
    if (definition.type !== 'route') continue;
    const { method, path, responses } = definition.route;
    const statuses = new Map<string, ZodType>();
    for (const [status, response] of Object.entries(responses ?? {})) {
      const schema = (response as { content?: Record<string, { schema?: unknown }> }).content?.['application/json']
        ?.schema;
      if (schema && typeof (schema as ZodType).safeParse === 'function') statuses.set(status, schema as ZodType);
    }
    byRoute.set(`${method} ${path}`, statuses);
  }
  return byRoute;
}

/** Express's `/projects/:id` as OpenAPI writes it, `/projects/{id}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

export function responseContract(): RequestHandler {
  let schemas: ResponseSchemas | undefined;
  return (req, res, next) => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const routePath = (req.route as { path?: unknown } | undefined)?.path;
      if (typeof routePath !== 'string') return json(body);
      schemas ??= declaredResponses();
      const route = `${req.method.toLowerCase()} ${openApiPath(`${req.baseUrl}${routePath}`)}`;
      const schema = schemas.get(route)?.get(String(res.statusCode));
      if (!schema) return json(body);
      // the wire form is what the contract promises (a Date, say, reaches the client as its ISO string)
      const parsed = schema.safeParse(JSON.parse(JSON.stringify(body ?? null)));
      if (parsed.success) return json(body);
      const issue = parsed.error.issues[0];
      const message = `${route} answered ${res.statusCode} with a body its schema refuses: ${issue?.path.join('.') || '(body)'}: ${issue?.message}`;
      logger.error({ route, issues: parsed.error.issues.slice(0, 5) }, 'response breaks its declared schema');
      res.status(500);
      return json({ error: { code: 'response_contract', message } });
    };
    next();
  };
}
