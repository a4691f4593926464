/**
 * The web UI in a real browser (Debian's Chromium through playwright-core) against the real enclave server:
 * each role signs in; a policymaker filters a dashboard and the chart and map change; a researcher runs a
 * synthetic query, submits a real one and requests release; two custodians approve; the researcher downloads.
 * Screenshots of every page go to `test-results/web/` (and to `docs/screenshots/` with SDF_SCREENSHOTS=docs);
 * axe-core finds no serious or critical accessibility issue on the three main pages.
 *
 * Chromium missing is a failure (CI installs it); set SDF_SKIP_BROWSER=1 to skip these tests deliberately.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousA11yIssues } from './web-browser.ts';
import { SKIP_BROWSER, useBrowser } from './web-harness.ts';

if (SKIP_BROWSER) console.warn('SDF_SKIP_BROWSER=1: skipping the browser tests of the web UI');

// Generous per-test time: real queries queue behind other test files' work on a shared 2-core machine.
describe.skipIf(SKIP_BROWSER)('web UI in Chromium', { timeout: 120_000 }, () => {
  const web = useBrowser({ pageTimeoutMs: 15_000, failedShotPrefix: 'failed-' });
  const { signIn, open, shot } = web;

  afterAll(() => {
    console.info(`web page ready times (ms): ${JSON.stringify(web.readyMs)}`);
  });

  it('sets an HttpOnly SameSite=Strict session cookie and refuses a cookie request without the CSRF token', async () => {
    const page = await signIn('admin', 'projects');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'sdf_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const withoutCsrf = await page.evaluate(
      async () =>
        (
          await fetch('/api/v1/projects', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: '{}',
          })
        ).status,
    );
    expect(withoutCsrf).toBe(403);
    await shot(page, 'projects');
    await page.click('#sign-out');
    await page.waitForSelector('main[data-ready="signin"]');
    const afterSignOut = await page.evaluate(async () => (await fetch('/api/v1/projects')).status);
    expect(afterSignOut).toBe(401);
  });

  it('can be signed in to and navigated with the keyboard alone', async () => {
    const context = await web.browser.newContext();
    web.contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${web.server.url}/#/signin`);
    await page.waitForSelector('main[data-ready="signin"]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('token'); // focus starts in the token field
    await page.keyboard.type(web.demo.tokens.policymaker);
    await page.keyboard.press('Enter');
    await page.waitForSelector('main[data-ready="dashboards"]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main'); // focus moves to the new page
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBeTruthy(); // first dashboard tab
    for (let i = 0; i < 30 && (await page.evaluate(() => document.activeElement?.textContent)) !== 'Catalog'; i++) {
      await page.keyboard.press('Shift+Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Catalog');
    await page.keyboard.press('Enter');
    await page.waitForSelector('main[data-ready="catalog"]');
  });

  it('has an accessibility check that does catch a serious issue', async () => {
    const page = await (await web.browser.newContext()).newPage();
    await page.setContent(
      '<html lang="en"><title>x</title><main><input type="text"><p style="color:#ccc;background:#fff">faint</p></main></html>',
    );
    expect((await seriousA11yIssues(page)).join('\n')).toMatch(/label|contrast/);
    await page.context().close();
  });

  it('refuses a wrong token on the sign-in page', async () => {
    const context = await web.browser.newContext();
    web.contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${web.server.url}/#/signin`);
    await page.waitForSelector('main[data-ready="signin"]');
    await page.fill('#token', 'sdf_not-a-real-token');
    await page.click('#sign-in');
    await expect(page.waitForSelector('[role="alert"]')).resolves.toBeTruthy();
    expect(await page.textContent('[role="alert"]')).toMatch(/not valid/);
    await shot(page, 'sign-in');
  });

  it('lets a policymaker filter a dashboard, changing both the chart and the map', async () => {
    const page = await signIn('policymaker', 'dashboards');
    await page.click('button[data-id="grant_beneficiaries"]');
    await page.waitForSelector('button[data-id="grant_beneficiaries"][aria-pressed="true"]');
    await page.waitForSelector('#f-grant_type');
    await page.waitForSelector('#chart canvas');
    await page.waitForSelector('#map canvas');
    const before = {
      chart: await page.getAttribute('#chart', 'data-fingerprint'),
      map: await page.getAttribute('#map', 'data-fingerprint'),
    };
    await page.selectOption('#f-year', '2023');
    const afterYear = {
      chart: await page.getAttribute('#chart', 'data-fingerprint'),
      map: await page.getAttribute('#map', 'data-fingerprint'),
    };
    expect(afterYear.chart).not.toBe(before.chart);
    expect(afterYear.map).not.toBe(before.map);
    await page.selectOption('#f-grant_type', 'CSG');
    const afterType = await page.getAttribute('#map', 'data-fingerprint');
    expect(afterType).not.toBe(afterYear.map);
    await page.selectOption('#f-province', 'GP');
    expect(await page.getAttribute('#chart', 'data-fingerprint')).not.toBe(afterYear.chart);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#chart-title + .row button:has-text("Download CSV")'),
    ]);
    const lines = readFileSync((await csv.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('month,grant_type,beneficiaries');
    expect(lines.slice(1).every((l) => l.startsWith('2023-') && l.includes(',CSG,'))).toBe(true);
    await page.click('#protection summary');
    expect(await page.textContent('#protection')).toMatch(/threshold\s*10/);
    await page.selectOption('#f-year', '');
    await page.selectOption('#f-grant_type', '');
    await page.selectOption('#f-province', '');
    await shot(page, 'dashboards');
    expect(await seriousA11yIssues(page)).toEqual([]);

    await page.click('button[data-id="clinic_visits"]');
    await page.waitForSelector('#map-level');
    await page.selectOption('#map-level', 'district');
    await page.waitForSelector('#map canvas');
    await shot(page, 'dashboards-districts');
    await page.click('#map-title + .row button[aria-pressed]');
    const mapTable = await page.textContent('.card table');
    expect(mapTable).toMatch(/City of Johannesburg/);

    // Grant recipients later in employment, as a share of recipients: the linked-data indicator.
    await page.click('button[data-id="grant_recipients_employed"]');
    await page.waitForSelector('#f-figure');
    await page.selectOption('#f-figure', 'later_employed_per_recipients');
    await page.click('#chart-title + .row button[aria-pressed]');
    const shares = await page.locator('.card table tbody td.num').allTextContents();
    expect(shares.length).toBe(4);
    for (const share of shares.map((t) => Number(t.replace(',', '.')))) {
      // en-ZA writes a decimal comma
      expect(share).toBeGreaterThan(0);
      expect(share).toBeLessThanOrEqual(1);
    }
  });

  let requestId = '';
  let flaggedRequestId = '';

  /** Replaces the workbench editor's SQL (inserted as text, so completion and bracket closing do not interfere). */
  async function setSql(page: Page, sql: string): Promise<void> {
    await page.click('.cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(sql);
  }

  /** Previews the editor's SQL on the real data, submits it and waits for its checked result. */
  async function submitReal(page: Page): Promise<void> {
    await page.click('#preview-real');
    await page.click('#cost-preview #submit-real', { timeout: 30_000 });
    await page.waitForSelector('#real-result', { timeout: 30_000 });
  }

  /** The closed researcher view of a real query: no table and no count of rows, in the result or the history. */
  async function expectNoRealRows(page: Page): Promise<void> {
    expect(await page.locator('#real-result table').count()).toBe(0);
    expect(await page.textContent('#real-result')).not.toMatch(/\d[\d\s,]*\s+rows?\b/i);
    expect(await page.textContent('#history')).not.toMatch(/\d[\d\s,]*\s+rows?\b/i);
  }

  it('lets a researcher browse the catalog, run on the synthetic twin, submit on real data and request release', async () => {
    const page = await signIn('researcher', 'workbench'); // the workbench is the SQL editor, on the first project
    await page.waitForSelector('#sql-editor .cm-content');
    expect(await page.locator('#project option').count()).toBeGreaterThanOrEqual(1);
    await page.click('#run-synthetic');
    await page.waitForSelector('#synthetic-result table tbody tr');
    expect(await page.locator('#synthetic-result tbody tr').count()).toBe(4);
    await submitReal(page);
    expect(await page.textContent('#real-result')).toMatch(/succeeded/);
    await expectNoRealRows(page);
    await page.fill('#justification', 'Counts of beneficiaries by grant type for the annual programme report.');
    await page.click('#request-release');
    await page.waitForSelector('#release-requested', { timeout: 30_000 });
    requestId = String(await page.getAttribute('#release-requested', 'data-request-id'));
    await shot(page, 'workbench');
    expect(await seriousA11yIssues(page)).toEqual([]);

    // A maximum reveals one person's value: flagged for a custodian's judgement, still requestable.
    await setSql(page, 'SELECT grant_type, max(monthly_amount) AS highest FROM grants GROUP BY grant_type');
    await page.click('#preview-real');
    await page.click('#cost-preview #submit-real', { timeout: 30_000 });
    await page.waitForFunction(
      () => /review/.test(document.querySelector('#real-result')?.textContent ?? ''),
      undefined,
      { timeout: 30_000 },
    );
    await expectNoRealRows(page);
    await page.fill('#justification', 'Top of the payment scale per grant type, for a benefit-cap briefing.');
    await page.click('#request-release');
    await page.waitForSelector('#release-requested', { timeout: 30_000 });
    flaggedRequestId = String(await page.getAttribute('#release-requested', 'data-request-id'));

    // A table with small cells: the check says which cells, which rule and what to change; no release offered.
    await setSql(page, 'SELECT district, age_band, sex, count(*) AS n FROM grants GROUP BY district, age_band, sex');
    await submitReal(page);
    await page.waitForSelector('#real-result #check-reasons li', { timeout: 30_000 });
    expect(await page.textContent('#real-result')).toMatch(/fail/);
    expect(await page.textContent('#change-query')).toMatch(/Change the query/);
    expect(await page.locator('#request-release').count()).toBe(0);
    await expectNoRealRows(page);
    await shot(page, 'workbench-check-failed');
    expect(await seriousA11yIssues(page)).toEqual([]);

    await open(page, 'catalog');
    await shot(page, 'catalog');
    await open(page, 'catalog/grants');
    expect(await page.textContent('main')).toMatch(/Child support grant/);
    const exports = await page.evaluate(async () =>
      Promise.all(
        ['dcat', 'ddi'].map(async (f) => {
          const res = await fetch(`/api/v1/datasets/grants/${f}`);
          return `${res.status} ${(await res.text()).slice(0, 200)}`;
        }),
      ),
    );
    expect(exports[0]).toMatch(/^200 .*@context/s);
    expect(exports[1]).toMatch(/^200 .*codeBook/s);
    await shot(page, 'dataset');
  });

  it('needs two custodians to approve, showing the two-person state', async () => {
    const first = await signIn('custodian', 'review');
    await first.waitForSelector('#queue tbody tr');
    expect(await first.locator('#queue tbody tr').count()).toBe(2);
    await shot(first, 'review-queue');
    await open(first, `review/${flaggedRequestId}`);
    expect(await first.locator('td.v-review').count()).toBeGreaterThan(0); // the flagged cells are marked
    expect(await first.getAttribute('td.v-review >> nth=0', 'title')).toBeTruthy(); // with the rule on hover
    await shot(first, 'review-request-flagged');
    await open(first, `review/${requestId}`);
    expect(await first.textContent('#approvals')).toMatch(/0 of 2/);
    expect(await first.textContent('#sql')).toMatch(/GROUP BY grant_type/);
    await shot(first, 'review-request');
    expect(await seriousA11yIssues(first)).toEqual([]);
    await first.click('#submit-decision');
    expect(await first.$eval('#reason', (el) => (el as HTMLTextAreaElement).validity.valueMissing)).toBe(true);
    expect(await first.textContent('#request-status')).toBe('submitted');
    await first.fill('#reason', 'Counts are large and the check passed.');
    await first.click('#submit-decision');
    await first.waitForFunction(() => /partially/.test(document.querySelector('#request-status')?.textContent ?? ''));

    const second = await signIn('custodian2', 'review');
    await open(second, `review/${requestId}`);
    await second.selectOption('#decision', 'approve');
    await second.fill('#reason', 'Agree: aggregate counts, no small cells.');
    await second.click('#submit-decision');
    await second.waitForFunction(() => /approved/.test(document.querySelector('#request-status')?.textContent ?? ''));

    await open(second, 'audit');
    expect(await second.textContent('#chain-status')).toMatch(/intact/);
    await shot(second, 'audit');
    // more than a page of entries (every request is audited): older ones come a page at a time, none twice
    await second.evaluate(async () => {
      for (let i = 0; i < 120; i += 1) await fetch('/api/v1/datasets', { credentials: 'same-origin' });
    });
    await open(second, 'audit');
    const seqs = () =>
      second.$$eval('#audit-entries tbody tr td:first-child', (cells) =>
        cells.map((c) => Number(c.textContent!.replace(/\D/g, ''))),
      );
    expect(await seqs()).toHaveLength(100);
    await second.click('#older-audit');
    await second.waitForFunction(() => document.querySelectorAll('#audit-entries tbody tr').length > 100);
    const all = await seqs();
    expect(all.every((seq, i) => i === 0 || seq < all[i - 1]!)).toBe(true);
    // one person's entries only
    const person = await second.$eval('#audit-user option:nth-child(2)', (o) => ({
      value: (o as HTMLOptionElement).value,
      name: o.textContent!,
    }));
    await second.selectOption('#audit-user', person.value);
    await second.waitForFunction((name) => {
      const users = Array.from(
        document.querySelectorAll('#audit-entries tbody tr td:nth-child(3)'),
        (c) => c.textContent,
      );
      return users.length > 0 && users.every((u) => u === name);
    }, person.name);
    await open(second, 'access');
    await shot(second, 'access-patterns');
  });

  it('lets the researcher download the approved output', async () => {
    const page = await signIn('researcher', 'workbench');
    await open(page, 'requests');
    await page.waitForSelector('#my-requests a[data-format="csv"]');
    await shot(page, 'my-requests');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#my-requests a[data-format="csv"]'),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toMatch(/grant_type/);
    expect(csv).toMatch(/CSG/);
  });
});
