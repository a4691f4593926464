/**
 * `POST /queries/preview`: before a real run, what it would read, cost and go through — the SQL policy's verdict,
 * the real releases the SQL names (with their published row counts), an estimate of rows scanned and run time
 * from a run on the synthetic twins, and whether the output's shape is checked automatically or by custodians.
 * No real data is read; the twin run is audited like any request, and the preview counts against nothing.
 */
import { Router } from 'express';
import { findDatasetRecord, type CurrentVersion } from '../../catalog/index.ts';
import { analyseQuery, projectProfile } from '../../output-checks/index.ts';
import { SdfError, forbidden } from '../../platform/index.ts';
import { loadVisibleProject } from '../access/load.ts';
import { canQueryProject, startOfUtcDay } from '../access/rules.ts';
import { principalOf } from '../auth/middleware.ts';
import { hashSql } from '../auth/tokens.ts';
import { countRealQueriesSince } from '../db/probing.ts';
import { auditContext } from '../http/audit-middleware.ts';
import type { EnclaveDeps } from '../http/deps.ts';
import { parseInput } from '../http/errors.ts';
import { STANDARD_ERRORS, openApiRegistry } from '../http/openapi.ts';
import { estimateCost, reviewPath, type PreviewRelease } from '../queries/cost-preview.ts';
import { resolveVersions } from '../queries/job.ts';
import { runSandboxedQuery } from '../sandbox/run.ts';
import { PreviewBody, QueryPreview, jsonBody } from './daily-schemas.ts';

openApiRegistry.registerPath({
  method: 'post',
  path: '/api/v1/queries/preview',
  summary:
    'Cost preview of a real query without touching real data: releases read, rows scanned and run time estimated from the synthetic twin and published row counts, automatic or custodian review (project members)',
  request: { body: { content: { 'application/json': { schema: PreviewBody } } } },
  responses: { 200: jsonBody('the preview', QueryPreview), ...STANDARD_ERRORS },
});

/** Published row counts of a release and of its twin, from the catalog. */
async function rowCounts(
  deps: EnclaveDeps,
  release: CurrentVersion,
  twin: CurrentVersion | undefined,
): Promise<PreviewRelease> {
  const record = await findDatasetRecord(deps.pool, release.datasetId);
  const rowsOf = (versionId: string | undefined) =>
    record?.versions.find((v) => String(v.id) === String(versionId))?.rowCount ?? null;
  return {
    dataset: release.datasetId,
    version: release.version,
    versionId: String(release.versionId),
    rows: rowsOf(String(release.versionId)) ?? 0,
    twinRows: twin ? rowsOf(String(twin.versionId)) : null,
  };
}

export function queryPreviewRouter(deps: EnclaveDeps): Router {
  const router = Router();
  router.post('/queries/preview', async (req, res) => {
    const principal = principalOf(req);
    const body = parseInput(PreviewBody, req.body, 'body');
    const audit = auditContext(res);
    audit.sqlHash = hashSql(body.sql);
    audit.details = { ...audit.details, preview: true };
    const { project, member } = await loadVisibleProject(deps.pool, principal, body.project);
    audit.projectId = project.id;
    if (!canQueryProject(principal, member))
      throw forbidden('only members of the project preview and run queries in it');
    const [real, twins] = await Promise.all([
      resolveVersions(deps.pool, deps.paths.releases, project.id, 'real'),
      resolveVersions(deps.pool, deps.paths.releases, project.id, 'synthetic'),
    ]);
    if (real.length === 0)
      throw new SdfError('no_release', "none of the project's datasets has a published anonymised release", 409);
    const policy = await deps.sqlChecker.check(
      body.sql,
      real.map((r) => r.datasetId),
    );
    const named = new Set(await deps.sqlChecker.tables(body.sql));
    const read = real.filter((r) => named.has(r.datasetId.toLowerCase()));
    audit.datasets = read.map((r) => r.datasetId);
    const releases = await Promise.all(
      read.map((r) =>
        rowCounts(
          deps,
          r,
          twins.find((t) => t.datasetId === r.datasetId),
        ),
      ),
    );

    const readTwins = twins.filter((t) => named.has(t.datasetId.toLowerCase()));
    let twin: { ran: boolean; rowCount: number | null; error: string | null; ms: number | null } = {
      ran: false,
      rowCount: null,
      error: null,
      ms: null,
    };
    if (policy.verdict === 'pass' && readTwins.length > 0) {
      twin = await runSandboxedQuery(deps.sandbox, { sql: body.sql, releases: readTwins }).then(
        (result) => ({ ran: true, rowCount: result.rowCount, error: null, ms: result.durationMs }),
        (error: unknown) => ({
          ran: false,
          rowCount: null,
          error: error instanceof SdfError ? error.message : 'the synthetic run failed',
          ms: null,
        }),
      );
    }
    const profile = projectProfile(project.disclosure_overrides).profile;
    const analysis = await analyseQuery(
      body.sql,
      real.map((r) => ({
        name: r.datasetId,
        pseudonymColumn: r.pseudonymColumn,
        identifierColumns: r.pseudonymColumns ?? [],
      })),
    );
    const review = reviewPath(analysis, {
      autoReleasePass: project.auto_release_pass,
      requiresTwoCustodians: project.requires_two_custodians || profile.twoCustodians,
    });
    const { rowsScanned, realRunMs, basis } = estimateCost(releases, twin.ms);
    res.json(
      QueryPreview.parse({
        project: project.id,
        policy:
          policy.verdict === 'pass'
            ? { verdict: 'pass', reason: '', message: '' }
            : { verdict: 'fail', reason: policy.reason, message: policy.message },
        releases,
        estimate: { rowsScanned, twinRunMs: twin.ms === null ? null : Math.round(twin.ms), realRunMs, basis },
        twin: { ran: twin.ran, rowCount: twin.rowCount, error: twin.error },
        review: { shape: analysis.shape, ...review },
        budget: {
          usedToday: await countRealQueriesSince(deps.pool, project.id, startOfUtcDay()),
          perDay: profile.realQueriesPerDay,
        },
      }),
    );
  });
  return router;
}
