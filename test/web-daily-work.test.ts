/**
 * Every role's day in Chromium, through the page only: a custodian creates a project and adds the researcher; the
 * researcher finds a column by completion, sees a refusal at its line and the cost preview, runs on the twin,
 * submits on real data and requests release; two custodians are notified and approve; the researcher is notified
 * and downloads; the policymaker is notified of a refreshed dashboard and sees it. axe finds no serious or
 * critical issue on each new page; screenshots go to `test-results/web/` (and `docs/screenshots/` with
 * SDF_SCREENSHOTS=docs).
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  createDemoPrincipals,
  startEnclaveServer,
  type DemoPrincipals,
  type EnclaveServer,
} from '../enclave-api/index.ts';
import { publishDashboard } from '../catalog/index.ts';
import { CHROMIUM_MISSING, findChromium } from '../platform/index.ts';
import { makeTestDatabase, makeTestHome, type TestDatabase } from './helpers.ts';
import { webUi } from '../web/index.ts';
import { fixtureDashboards, publishWebFixture } from './web-fixture.ts';
import { CHROMIUM_ARGS, seriousA11yIssues } from './web-browser.ts';

const CHROMIUM = findChromium();
const SKIP = process.env.SDF_SKIP_BROWSER === '1';
const SHOTS = join(process.cwd(), 'test-results', 'web');
const DOCS = join(process.cwd(), 'docs', 'screenshots');

describe.skipIf(SKIP)('every role’s day in the browser', { timeout: 150_000 }, () => {
  let db: TestDatabase;
  let home: ReturnType<typeof makeTestHome>;
  let server: EnclaveServer;
  let browser: Browser;
  let demo: DemoPrincipals;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  /** Requests each page made to another origin (must stay empty: the page talks only to its own server). */
  const foreign: string[] = [];
  let projectId = '';
  let lastPage: Page | null = null;

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error(`${CHROMIUM_MISSING}, or set SDF_SKIP_BROWSER=1 to skip`);
    mkdirSync(SHOTS, { recursive: true });
    db = await makeTestDatabase();
    home = makeTestHome();
    const { datasets } = await publishWebFixture(db.pool, home.releases);
    demo = await createDemoPrincipals(db.pool, { datasets });
    server = await startEnclaveServer({
      pool: db.pool,
      paths: home,
      databaseUrl: db.databaseUrl,
      port: 0,
      sandboxWorkers: 1,
      ...webUi(db.pool),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM!, headless: true, args: [...CHROMIUM_ARGS] });
  });

  afterAll(async () => {
    if (pageErrors.length) console.error(`errors in the page:\n${pageErrors.join('\n')}`);
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await db?.drop();
    home?.remove();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && lastPage) {
      await lastPage
        .screenshot({
          path: join(SHOTS, `failed-day-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`),
          fullPage: true,
        })
        .catch(() => undefined);
    }
  });

  async function signIn(role: keyof DemoPrincipals['tokens'], landing: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    lastPage = page;
    page.on('pageerror', (error) => {
      pageErrors.push(`${role}: ${error.stack ?? error.message}`);
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url)) foreign.push(request.url());
    });
    await page.goto(`${server.url}/#/signin`);
    await page.waitForSelector('main[data-ready="signin"]');
    await page.fill('#token', demo.tokens[role]);
    await page.click('#sign-in');
    await page.waitForSelector(`main[data-ready="${landing}"]`);
    return page;
  }

  async function open(page: Page, path: string): Promise<void> {
    await page.evaluate((p) => {
      location.hash = `#/${p}`;
    }, path);
    await page.waitForSelector(`main[data-ready="${path}"]`);
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.evaluate(() => {
      document.getElementById('toast')!.textContent = '';
    });
    await page.waitForTimeout(150);
    const file = join(SHOTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    if (process.env.SDF_SCREENSHOTS === 'docs') {
      mkdirSync(DOCS, { recursive: true });
      copyFileSync(file, join(DOCS, `${name}.png`));
    }
  }

  /** Opens the notifications list and follows the line whose title matches, landing on `landing`. */
  async function follow(page: Page, title: RegExp, landing: RegExp): Promise<void> {
    // the badge refreshes on each page change
    await page.evaluate(() => {
      location.hash = '#/catalog';
    });
    await page.waitForSelector('main[data-ready="catalog"]');
    await page.waitForSelector('#notifications-button');
    await page.click('#notifications-button');
    const line = page.locator('#notifications-list li.unread a', { hasText: title }).first();
    await line.waitFor();
    await line.click();
    await page.waitForFunction(
      (source) => new RegExp(source).test(document.querySelector('main')?.dataset.ready ?? ''),
      landing.source,
    );
  }

  it('lets a custodian create a project and add the researcher', async () => {
    const page = await signIn('custodian', 'review');
    await open(page, 'projects');
    await page.click('#new-project-link');
    await page.waitForSelector('main[data-ready="projects/new"]');
    await page.fill('#np-title', 'Grant take-up by district');
    await page.fill('#np-purpose', 'How grant take-up varies between districts, for the annual programme report.');
    await page.check('#np-ds-grants');
    await shot(page, 'project-new');
    expect(await seriousA11yIssues(page)).toEqual([]);
    await page.click('#np-create');
    await page.waitForFunction(() =>
      /^projects\/[0-9a-f-]{36}$/.test(document.querySelector('main')?.dataset.ready ?? ''),
    );
    projectId = (await page.evaluate(() => location.hash)).split('/').pop()!;

    await page.selectOption('#mp-member', { label: 'demo-researcher' });
    await page.click('#mp-add-member');
    await page.waitForFunction(() => /demo-researcher/.test(document.querySelector('#mp-members')?.textContent ?? ''));
    await page.fill('#mp-reason', 'the report runs into next year');
    const later = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
    await page.fill('#mp-ends', later);
    await page.click('#mp-extend');
    await page.waitForFunction((day) => (document.querySelector('#mp-window')?.textContent ?? '').includes(day), later);
    const history = await page.textContent('main');
    expect(history).toMatch(/project\.access_window_changed/);
    expect(history).toMatch(/member\.added/);
    expect(history).toMatch(/project\.created/);
    await shot(page, 'project-manage');
    expect(await seriousA11yIssues(page)).toEqual([]);
  });

  it('lets the researcher complete a column, see a refusal and the cost preview, run on the twin, submit and request release', async () => {
    const page = await signIn('researcher', 'workbench');
    await open(page, `workbench/${projectId}`);
    await page.waitForSelector('#schema li[data-column="grant_type"]');
    expect(await page.textContent('#schema')).toMatch(/person key/);

    // a refused table is marked at its line
    await page.click('.cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('SELECT count(*)\nFROM secrets');
    await page.click('#preview-real');
    await page.waitForSelector('#refusal-message');
    expect(await page.textContent('#refusal-message')).toMatch(/^Line 2: "secrets" is not a dataset/);
    await page.waitForSelector('.cm-lintRange-error');

    // completion finds the column
    await page.click('.cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('SELECT grants.grant_t');
    const option = page.locator('.cm-tooltip-autocomplete li[aria-selected="true"]', { hasText: 'grant_type' }).first();
    await option.waitFor();
    await page.waitForTimeout(100);
    await page.keyboard.press('Enter');
    await page.keyboard.type(', count(*) AS beneficiaries FROM grants GROUP BY grants.grant_type');
    expect(await page.evaluate(() => document.querySelector('.cm-content')?.textContent)).toBe(
      'SELECT grants.grant_type, count(*) AS beneficiaries FROM grants GROUP BY grants.grant_type',
    );

    // Ctrl+Enter runs on the twin
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('#synthetic-result table tbody tr', { timeout: 30_000 });
    expect(await page.locator('#synthetic-result tbody tr').count()).toBeGreaterThan(0);

    await page.click('#preview-real');
    await page.waitForSelector('#cost-preview #submit-real', { timeout: 30_000 });
    const preview = await page.textContent('#cost-preview');
    expect(preview).toMatch(/grants/);
    expect(preview).toMatch(/checked automatically/);
    expect(preview).toMatch(/two custodians decide/);
    await shot(page, 'workbench-preview');
    expect(await seriousA11yIssues(page)).toEqual([]);

    await page.click('#submit-real');
    await page.waitForSelector('#release-form', { timeout: 60_000 });
    await page.fill('#justification', 'Beneficiaries by grant type for the annual programme report.');
    await page.click('#request-release');
    await page.waitForSelector('#release-requested', { timeout: 30_000 });
    await page.waitForSelector('#history-list li[data-query-id]');
    expect(await page.locator('#history-list li').count()).toBeGreaterThanOrEqual(2);
    await shot(page, 'workbench-history');
    expect(await seriousA11yIssues(page)).toEqual([]);
  });

  it('re-runs a real query from the history only through its cost preview, and submits exactly the previewed SQL', async () => {
    const page = await signIn('researcher', 'workbench');
    await open(page, `workbench/${projectId}`);
    const submitted: Record<string, unknown>[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/queries')
        submitted.push(JSON.parse(r.postData() ?? '{}'));
    });
    const realSql = 'SELECT grants.grant_type, count(*) AS beneficiaries FROM grants GROUP BY grants.grant_type';
    const rerunReal = page.locator('#history-list button[aria-label$="on the real data"]').first();
    await rerunReal.click();
    await page.waitForSelector('#cost-preview #submit-real', { timeout: 30_000 });
    expect(await page.evaluate(() => document.querySelector('.cm-content')?.textContent)).toBe(realSql);
    expect(submitted).toEqual([]); // the re-run stopped at the preview

    // an edit after the preview voids it: no submit button until it is previewed again
    await page.click('.cm-content');
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText(' ');
    await page.waitForSelector('#preview-stale');
    expect(await page.locator('#submit-real').count()).toBe(0);

    await rerunReal.click();
    await page.click('#cost-preview #submit-real', { timeout: 30_000 });
    await page.waitForSelector('#real-result', { timeout: 60_000 });
    expect(submitted).toEqual([{ project: projectId, sql: realSql, target: 'real' }]);
    // the closed researcher view: status and check in words, no table and no count of rows
    expect(await page.textContent('#real-result')).toMatch(/succeeded/);
    expect(await page.locator('#real-result table').count()).toBe(0);
    expect(await page.textContent('#real-result')).not.toMatch(/\d[\d\s,]*\s+rows?\b/i);
  });

  it('notifies both custodians, who approve', async () => {
    for (const [role, title] of [
      ['custodian', /waits for review/],
      ['custodian2', /waits for a second custodian/],
    ] as const) {
      const page = await signIn(role, 'review');
      await follow(page, title, /^review\/[0-9a-f-]{36}$/);
      if (role === 'custodian') {
        await shot(page, 'notifications');
        expect(await seriousA11yIssues(page)).toEqual([]);
      }
      await page.selectOption('#decision', 'approve');
      await page.fill('#reason', 'Aggregate counts, large cells.');
      await page.click('#submit-decision');
      await page.waitForFunction(
        (expected) => new RegExp(expected).test(document.querySelector('#request-status')?.textContent ?? ''),
        role === 'custodian' ? 'partially' : 'approved',
      );
    }
  });

  it('notifies the researcher, who downloads the output', async () => {
    const page = await signIn('researcher', 'workbench');
    // a query notification links to the project's workbench (stored as #/editor/<project>, the editor's old address)
    await follow(page, /on the real data finished/, new RegExp(`^workbench/${projectId}$`));
    await follow(page, /was approved/, /^requests$/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#my-requests a[data-format="csv"] >> nth=0'),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toMatch(/grant_type,beneficiaries/);
  });

  it('notifies the policymaker of a refreshed dashboard, which they see', async () => {
    // the pipeline's publication step, as a dashboard refresh writes it
    const dashboard = fixtureDashboards()[0]!;
    await publishDashboard(db.pool, { ...dashboard, partition: '2025-01-31' });
    const page = await signIn('policymaker', 'dashboards');
    await follow(page, /was refreshed \(2025-01-31\)/, /^dashboards$/);
    expect(await page.textContent('main')).toMatch(new RegExp(dashboard.title.slice(0, 20)));
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
