/** `GET /health`: liveness and readiness of PostgreSQL and the sandbox, for anyone (no secrets in it). */
import { Router } from 'express';
import type { EnclaveDeps } from '../http/deps.ts';
import { openApiRegistry } from '../http/openapi.ts';
import { Health, jsonResponse } from './responses.ts';

openApiRegistry.registerPath({
  method: 'get',
  path: '/health',
  summary: 'Liveness and readiness of PostgreSQL and the DuckDB sandbox',
  security: [],
  responses: { 200: jsonResponse('ready', Health), 503: jsonResponse('not ready', Health) },
});

async function pingPostgres(deps: EnclaveDeps): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2_000).unref());
  const ping = (deps.healthPool ?? deps.pool).query('select 1').then(
    () => true,
    () => false,
  );
  const ok = await Promise.race([ping, timeout]);
  return { ok, ms: Math.round(performance.now() - started) };
}

export function healthRouter(deps: EnclaveDeps): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const postgres = await pingPostgres(deps);
    const sandbox = deps.sandbox.status();
    const ready = postgres.ok && sandbox.ok;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'unavailable', postgres, sandbox });
  });
  return router;
}
