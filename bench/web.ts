/**
 * Web UI timings on demo-shaped data: `node bin/run-ts.js bench/web.ts [persons=20000] [loads=5]`.
 * Builds a facility in a temporary $SDF_HOME (synthetic registries, one nightly run, demo people), serves the
 * enclave with the UI, and drives Debian's Chromium: median milliseconds from navigation to each page rendered
 * with its data, plus the client bundle's build time and size. Prints JSON and one human line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { openFacility } from '../cli/index.ts';
import { findChromium } from '../platform/index.ts';
import { defaultAsOf, generateRegistries } from '../sources/index.ts';
import { runPipeline } from '../pipelines/index.ts';
import { listDatasets } from '../catalog/index.ts';
import { createDemoPrincipals, startEnclaveServer, type DemoPrincipals } from '../enclave-api/index.ts';
import { buildClientBundle, webUi } from '../web/index.ts';

const persons = Number(process.argv[2] ?? 20_000);
const loads = Number(process.argv[3] ?? 5);
const PAGES: Record<keyof DemoPrincipals['tokens'], string[]> = {
  policymaker: ['dashboards', 'catalog'],
  researcher: ['workbench', 'catalog', 'catalog/grants', 'requests'],
  custodian: ['review', 'projects', 'audit', 'access'],
  custodian2: [],
  admin: [],
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** A full page load (script revalidated by ETag, session, data) until the page has rendered with its data. */
async function timePage(page: Page, baseUrl: string, path: string): Promise<number> {
  await page.goto('about:blank');
  const started = performance.now();
  await page.goto(`${baseUrl}/#/${path}`);
  await page.waitForSelector(`main[data-ready="${path}"]`, { timeout: 30_000 });
  return performance.now() - started;
}

const home = mkdtempSync(join(tmpdir(), 'sdf-bench-web-'));
const facility = await openFacility({ home });
try {
  const bundle = await buildClientBundle();
  const asOf = defaultAsOf();
  await generateRegistries({ pool: facility.pool, paths: facility.paths, persons, seed: 1, asOf });
  await runPipeline({ pool: facility.pool, paths: facility.paths, databaseUrl: facility.databaseUrl, date: asOf });
  const datasets = (await listDatasets(facility.pool)).map((d) => d.id);
  const demo = await createDemoPrincipals(facility.pool, { datasets });
  const server = await startEnclaveServer({ ...facility, ...webUi(facility.pool), port: 0, sandboxWorkers: 1 });
  const browser = await chromium.launch({
    executablePath: findChromium() ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const pages: Record<string, number> = {};
  try {
    for (const [role, paths] of Object.entries(PAGES) as [keyof DemoPrincipals['tokens'], string[]][]) {
      if (paths.length === 0) continue;
      const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
      await page.goto(`${server.url}/#/signin`);
      await page.waitForSelector('main[data-ready="signin"]');
      await page.fill('#token', demo.tokens[role]);
      await page.click('#sign-in');
      await page.waitForSelector('main[data-ready]:not([data-ready="signin"])');
      for (const path of paths) {
        const times: number[] = [];
        for (let i = 0; i < loads; i++) times.push(await timePage(page, server.url, path));
        pages[path] = Math.round(median(times));
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const worst = Object.entries(pages).sort((a, b) => b[1] - a[1])[0];
  process.stdout.write(
    `${JSON.stringify({ persons, loads, bundleBuildMs: bundle.builtInMs, bundleKiB: Math.round(bundle.js.length / 1024), pageReadyMedianMs: pages })}\n`,
  );
  process.stdout.write(
    `web: every page rendered with its data in ≤ ${worst?.[1]} ms (median of ${loads} full reloads, slowest ${worst?.[0]}) at ${persons} persons; bundle ${Math.round(bundle.js.length / 1024)} KiB built in ${bundle.builtInMs} ms\n`,
  );
} finally {
  await facility.close();
  rmSync(home, { recursive: true, force: true });
}
