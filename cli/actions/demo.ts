/** The work of `sdf demo` (see `commands/demo.ts`). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { httpPort, parseSettingsGroup, UsageError } from '../../platform/index.ts';
import { defaultAsOf, generateRegistries, lastGeneration } from '../../sources/index.ts';
import { runPipeline, startFacilityWorker } from '../../pipelines/index.ts';
import { listDatasets } from '../../catalog/index.ts';
import { createDemoPrincipals, startEnclaveServer } from '../../enclave-api/index.ts';
import { webUi } from '../../web/index.ts';
import { withFacility, type Facility } from '../facility.ts';
import { makeProgress } from '../progress.ts';
import { untilSignal } from '../signals.ts';
import type { DemoOptions } from '../commands/demo.ts';

/** True when the registries of (persons, seed, asOf) are already in place, so a rerun need not regenerate them. */
async function registriesMatch(pool: pg.Pool, persons: number, seed: number, asOf: string): Promise<boolean> {
  const last = await lastGeneration(pool);
  return last !== null && last.persons === persons && last.seed === seed && last.asOf === asOf;
}

function curlExamples(baseUrl: string, demoFile: string): string {
  return [
    'Try it (tokens are in the demo file):',
    `  TOKEN=$(node -e "console.log(require('${demoFile}').tokens.researcher)")`,
    `  PROJECT=$(node -e "console.log(require('${demoFile}').project)")`,
    `  curl -s -H "Authorization: Bearer $TOKEN" ${baseUrl}/api/v1/datasets`,
    `  curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\`,
    `       -d "{\\"project\\":\\"$PROJECT\\",\\"target\\":\\"synthetic\\",\\"sql\\":\\"select grant_type, count(*) as n from grants group by grant_type\\"}" \\`,
    `       ${baseUrl}/api/v1/queries`,
  ].join('\n');
}

async function prepare(facility: Facility, persons: number, seed: number): Promise<{ asOf: string; lines: string[] }> {
  const asOf = defaultAsOf();
  const lines: string[] = [];
  const started = performance.now();
  if (await registriesMatch(facility.pool, persons, seed, asOf)) {
    lines.push(`source registries: reused (${persons} persons, seed ${seed}, as of ${asOf})`);
  } else {
    const summary = await generateRegistries({
      pool: facility.pool,
      paths: facility.paths,
      persons,
      seed,
      asOf,
      progress: makeProgress(),
    });
    const dirty = Object.values(summary.dirty).reduce(
      (sum, kinds) => sum + Object.values(kinds).reduce((a, b) => a + b, 0),
      0,
    );
    lines.push(
      `source registries: ${summary.persons} persons, ${summary.rows.grants} grants, ${summary.rows.monthlyEarnings} payroll rows, ` +
        `${summary.rows.healthVisits} clinic visits, ${summary.rows.enrolments} enrolments (${dirty} dirty rows seeded) in ${summary.seconds} s`,
    );
  }
  const run = await runPipeline({
    pool: facility.pool,
    paths: facility.paths,
    settings: facility.settings,
    date: asOf,
    progress: makeProgress(),
  });
  if (run.status !== 'succeeded') {
    throw new Error(`nightly run ${run.runId} for ${asOf} ended ${run.status}; see \`sdf pipeline status\``);
  }
  lines.push(
    `nightly run ${run.runId} (${asOf}): ${run.materialisations.length} materialisations in ${run.seconds.toFixed(1)} s`,
  );
  lines.push(`ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { asOf, lines };
}

/** Prepares the facility, prints the summary and serves until SIGINT/SIGTERM (unless `--no-serve`). */
export async function demo(options: DemoOptions): Promise<void> {
  const persons = Number(options.persons ?? parseSettingsGroup('pipeline').persons);
  const seed = Number(options.seed);
  const port = options.port === undefined ? httpPort() : Number(options.port);
  if (!Number.isInteger(persons) || persons < 100)
    throw new UsageError(`--persons must be an integer ≥ 100, got "${options.persons}"`);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${options.seed}"`);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0–65535, got "${options.port}"`);
  await withFacility(async (facility) => {
    const { lines } = await prepare(facility, persons, seed);
    const datasets = (await listDatasets(facility.pool)).map((dataset) => dataset.id);
    const principals = await createDemoPrincipals(facility.pool, { datasets });
    const server = options.serve
      ? await startEnclaveServer({ ...facility, ...webUi(facility.pool, facility.settings.web), port })
      : null;
    const worker = options.serve
      ? await startFacilityWorker(facility.pool, facility.paths, 2, { settings: facility.settings })
      : null;
    const baseUrl = server?.url ?? `http://127.0.0.1:${port}`;
    const demoFile = join(facility.paths.home, 'demo.json');
    writeFileSync(
      demoFile,
      `${JSON.stringify({ baseUrl, tokens: principals.tokens, project: principals.project }, null, 2)}\n`,
      { mode: 0o600 },
    );
    // Listen before saying we serve: a signal sent on reading the summary could otherwise reach the handlers being replaced.
    const signalled = server ? untilSignal() : null;
    process.stdout.write(
      [
        '',
        'Secure Data Facility — demo',
        ...lines.map((line) => `  ${line}`),
        `  published datasets: ${datasets.join(', ') || 'none'} (sdf catalog list)`,
        `  demo users and project ${principals.project}: tokens in ${demoFile}`,
        server
          ? `  web UI and API: ${baseUrl}/ (OpenAPI: ${baseUrl}/openapi.json) — sign in with a token from the demo file`
          : '  not serving (--no-serve)',
        '',
        server ? curlExamples(baseUrl, demoFile) : '',
        server ? '\nCtrl-C stops the facility (and its embedded PostgreSQL).\n' : '',
      ].join('\n'),
    );
    if (!server || !signalled) return;
    const signal = await signalled;
    process.stderr.write(`${signal}: stopping the worker, the API and PostgreSQL\n`);
    await worker?.stop();
    await server.close();
  });
}
