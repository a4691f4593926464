/**
 * Every role's day in Chromium, through the page only: a custodian creates a project and adds the researcher; the
 * researcher finds a column by completion, sees a refusal at its line and the cost preview, runs on the twin,
 * submits on real data and requests release; two custodians are notified and approve; the researcher is notified
 * and downloads; the policymaker is notified of a refreshed dashboard and sees it. axe finds no serious or
 * critical issue on each new page; screenshots go to `test-results/web/` (and `docs/screenshots/` with
 * SDF_SCREENSHOTS=docs).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { publishDashboard } from '../catalog/index.ts';
import { fixtureDashboards } from './web-fixture.ts';
import { seriousA11yIssues } from './web-browser.ts';
import { SKIP_BROWSER, useBrowser } from './web-harness.ts';

describe.skipIf(SKIP_BROWSER)('every role’s day in the browser', { timeout: 150_000 }, () => {
  const web = useBrowser({ pageTimeoutMs: 20_000, failedShotPrefix: 'failed-day-' });
  const { signIn, open, shot } = web;
  let projectId = '';

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
    await publishDashboard(web.db.pool, { ...dashboard, partition: '2025-01-31' });
    const page = await signIn('policymaker', 'dashboards');
    await follow(page, /was refreshed \(2025-01-31\)/, /^dashboards$/);
    expect(await page.textContent('main')).toMatch(new RegExp(dashboard.title.slice(0, 20)));
    expect(web.foreignRequests).toEqual([]);
    expect(web.pageErrors).toEqual([]);
  });
});
