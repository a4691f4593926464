/**
 * `GET /metrics` in Prometheus text format, for operators. What one process sees (HTTP requests, rate-limit
 * refusals, its sandbox pool) is counted here; what all processes share (the job queue, query outcomes and run
 * times, whichever worker ran them) is read from PostgreSQL at scrape time, so any API process answers for the
 * whole facility. Only an admin's bearer token or `SDF_METRICS_TOKEN` may read it; each scrape is audited.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type pg from 'pg';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { forbidden, logger } from '../../platform/index.ts';
import { pipelineFigures, type PipelineFigures } from '../../pipelines/index.ts';
import type { SandboxPool } from '../sandbox/pool.ts';
import { unauthorized } from './errors.ts';

export interface EnclaveMetrics {
  registry: Registry;
  /** Counts and times every request by route once its response is sent; logs it with its request id. */
  middleware: RequestHandler;
  /** Serves the registry (put `authorizeMetrics` in front of it). */
  handler: RequestHandler;
}

/** Which limiter refused a request: limiters set it in `res.locals` so the refusal is counted once, by name. */
export function markRateLimited(res: Response, limiter: string): void {
  res.locals.rateLimited = limiter;
}

const QUEUE_SQL = `
  select t.identifier as task,
         case when j.locked_at is not null then 'running'
              when j.attempts >= j.max_attempts then 'failed'
              when j.run_at > now() then 'scheduled'
              else 'ready' end as state,
         count(*)::int as n
    from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
   group by 1, 2`;

const QUERIES_SQL = `
  select target, status, coalesce(outcome, error_code, '') as outcome, count(*)::int as n
    from enclave.queries group by 1, 2, 3`;

/** Run times of queries finished in the last 15 minutes, on any worker. */
const RUN_TIMES_SQL = `
  select target, count(*)::int as n,
         percentile_cont(0.5) within group (order by extract(epoch from finished_at - started_at)) as p50,
         percentile_cont(0.95) within group (order by extract(epoch from finished_at - started_at)) as p95,
         percentile_cont(0.5) within group (order by extract(epoch from started_at - submitted_at)) as wait_p50
    from enclave.queries
   where finished_at > now() - interval '15 minutes' and started_at is not null
   group by 1`;

export function makeMetrics(deps: { pool: pg.Pool; sandbox: SandboxPool }): EnclaveMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'sdf_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'sdf_http_request_duration_seconds',
    help: 'HTTP request durations by route',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'sdf_rate_limit_refusals_total',
    help: 'requests refused by a rate limiter (429)',
    labelNames: ['limiter'],
    registers: [registry],
  });
  new Gauge({
    name: 'sdf_sandbox_workers',
    help: 'sandbox processes of this API process by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const s = deps.sandbox.status();
      this.set({ state: 'busy' }, s.busy);
      this.set({ state: 'idle' }, s.ready - s.busy);
      this.set({ state: 'starting' }, s.starting);
      this.set({ state: 'waiting' }, s.waiting);
    },
  });
  new Gauge({
    name: 'sdf_queue_jobs',
    help: 'graphile-worker jobs in the shared queue by task and state',
    labelNames: ['task', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      const { rows } = await deps.pool.query<{ task: string; state: string; n: number }>(QUEUE_SQL);
      for (const row of rows) this.set({ task: row.task, state: row.state }, row.n);
    },
  });
  new Gauge({
    name: 'sdf_queries',
    help: 'researcher queries by target, status and outcome (the check outcome, or the error code of a failed one)',
    labelNames: ['target', 'status', 'outcome'],
    registers: [registry],
    async collect() {
      this.reset();
      const { rows } = await deps.pool.query<{ target: string; status: string; outcome: string; n: number }>(
        QUERIES_SQL,
      );
      for (const row of rows) this.set({ target: row.target, status: row.status, outcome: row.outcome }, row.n);
    },
  });
  new Gauge({
    name: 'sdf_query_seconds',
    help: 'run time and queue wait of queries finished in the last 15 minutes, by target and quantile',
    labelNames: ['target', 'phase', 'quantile'],
    registers: [registry],
    async collect() {
      this.reset();
      const { rows } = await deps.pool.query<{ target: string; p50: number; p95: number; wait_p50: number }>(
        RUN_TIMES_SQL,
      );
      for (const row of rows) {
        this.set({ target: row.target, phase: 'run', quantile: '0.5' }, row.p50);
        this.set({ target: row.target, phase: 'run', quantile: '0.95' }, row.p95);
        this.set({ target: row.target, phase: 'wait', quantile: '0.5' }, row.wait_p50);
      }
    },
  });

  addWorkerGauges(registry, deps.pool);

  const middleware: RequestHandler = (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      // Unmatched paths share one label: a scan of random URLs must not grow the series without bound.
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      const seconds = (performance.now() - started) / 1000;
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      durations.observe({ method: req.method, route }, seconds);
      const limiter = res.locals.rateLimited as string | undefined;
      if (limiter) refusals.inc({ limiter });
      logger.info(
        { requestId: req.requestId, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000) },
        'request',
      );
    });
    next();
  };
  const handler: RequestHandler = async (_req, res, next) => {
    try {
      const body = await registry.metrics();
      res.setHeader('Cache-Control', 'no-store');
      res.type(registry.contentType).send(body);
    } catch (error) {
      next(error);
    }
  };
  return { registry, middleware, handler };
}

/**
 * Figures from inside the worker processes, read from PostgreSQL (each `sdf worker` reports itself at every
 * pipeline heartbeat): which are alive, each one's sandbox pool, pipeline runs and materialisations and their
 * durations. One read per scrape serves all of these gauges.
 */
function addWorkerGauges(registry: Registry, pool: pg.Pool): void {
  let cached: { at: number; figures: Promise<PipelineFigures> } | null = null;
  const figures = () => {
    if (!cached || Date.now() - cached.at > 1_000) cached = { at: Date.now(), figures: pipelineFigures(pool) };
    return cached.figures;
  };
  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge, f: PipelineFigures) => void) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        fill(this, await figures());
      },
    });
  gauge(
    'sdf_worker_heartbeat_age_seconds',
    'seconds since each live pipeline worker pool last said it is alive',
    ['worker'],
    (g, f) => {
      for (const w of f.workers) g.set({ worker: w.worker }, w.heartbeat_age);
    },
  );
  gauge(
    'sdf_worker_sandbox_workers',
    "each worker process's sandbox processes by state, as of its last heartbeat",
    ['worker', 'state'],
    (g, f) => {
      for (const w of f.workers) {
        const sandbox = (w.stats.sandbox ?? {}) as Record<string, number>;
        for (const [state, n] of Object.entries(sandbox)) g.set({ worker: w.worker, state }, n);
      }
    },
  );
  gauge('sdf_pipeline_runs', 'pipeline runs by status', ['status'], (g, f) => {
    for (const r of f.runs) g.set({ status: r.status }, r.n);
  });
  gauge(
    'sdf_pipeline_materialisations',
    'materialisation attempts started in the last 24 hours by status (retrying: failed or interrupted, retried)',
    ['status'],
    (g, f) => {
      for (const m of f.materialisations) g.set({ status: m.status }, m.n);
    },
  );
  gauge(
    'sdf_pipeline_materialisation_seconds',
    'run time of materialisations that succeeded in the last 7 days, by asset and quantile',
    ['asset', 'quantile'],
    (g, f) => {
      for (const d of f.durations) {
        g.set({ asset: d.asset, quantile: '0.5' }, d.p50);
        g.set({ asset: d.asset, quantile: '0.95' }, d.p95);
      }
    },
  );
}

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/**
 * Lets a scrape through with `Authorization: Bearer $SDF_METRICS_TOKEN`, or an admin's own token (through
 * `authenticate`'s principal). Anyone else: 401 without a token, 403 with someone else's.
 */
export function authorizeMetrics(metricsToken: string | undefined, authenticate: RequestHandler): RequestHandler {
  const expected = metricsToken ? sha256(metricsToken) : null;
  const isMetricsToken = (req: Request) => {
    const match = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '');
    return expected !== null && match !== null && timingSafeEqual(sha256(match[1]!), expected);
  };
  return (req, res, next) => {
    if (isMetricsToken(req)) {
      res.locals.audit = { ...res.locals.audit, details: { scrapedWith: 'SDF_METRICS_TOKEN' } };
      return next();
    }
    if (!req.get('authorization')) return next(unauthorized());
    authenticate(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (req.principal?.role !== 'admin') return next(forbidden('metrics are for admins and the metrics scraper'));
      next();
    });
  };
}
