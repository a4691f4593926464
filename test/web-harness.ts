/**
 * Fixtures for the web UI tests. `useWebEnclave` starts the real enclave server with the UI mounted (as `sdf serve`
 * mounts it) over a fresh test database and home, with the demo principals; `useBrowser` adds Chromium on top,
 * with a signed-in page per role, page timings, screenshots, and the page errors and foreign requests it saw.
 * Each registers its vitest hooks in the calling `describe`; read the fixture's fields inside tests and hooks only.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  createDemoPrincipals,
  startEnclaveServer,
  type DemoPrincipals,
  type EnclaveServer,
} from '../enclave-api/index.ts';
import { CHROMIUM_MISSING, findChromium } from '../platform/index.ts';
import { webUi } from '../web/index.ts';
import { makeTestDatabase, makeTestHome, type TestDatabase } from './helpers.ts';
import { publishWebFixture } from './web-fixture.ts';
import { CHROMIUM_ARGS } from './web-browser.ts';

/** SDF_SKIP_BROWSER=1 skips the browser tests deliberately; otherwise Chromium missing is a failure. */
export const SKIP_BROWSER = process.env.SDF_SKIP_BROWSER === '1';
const SHOTS = join(process.cwd(), 'test-results', 'web');
const DOCS = join(process.cwd(), 'docs', 'screenshots');

/** The running enclave a web test talks to. */
export interface WebEnclave {
  readonly db: TestDatabase;
  readonly home: ReturnType<typeof makeTestHome>;
  readonly server: EnclaveServer;
  readonly demo: DemoPrincipals;
}

export interface WebEnclaveOptions {
  /** Publish `publishWebFixture`'s datasets and give the demo principals access to them (default true). */
  fixture?: boolean;
  /** Run the graphile worker inside the server (default: the server's default, true). */
  runWorker?: boolean;
}

/** A web enclave to start and stop; `stop` undoes as much of `start` as ran. */
function makeWebEnclave(options: WebEnclaveOptions): WebEnclave & { start(): Promise<void>; stop(): Promise<void> } {
  let db: TestDatabase | undefined;
  let home: ReturnType<typeof makeTestHome> | undefined;
  let server: EnclaveServer | undefined;
  let demo: DemoPrincipals | undefined;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the web enclave's ${what} is read before its beforeAll ran`);
    return value;
  };
  return {
    get db() {
      return started(db, 'database');
    },
    get home() {
      return started(home, 'home');
    },
    get server() {
      return started(server, 'server');
    },
    get demo() {
      return started(demo, 'demo principals');
    },
    async start() {
      db = await makeTestDatabase();
      home = makeTestHome();
      const { datasets } =
        (options.fixture ?? true) ? await publishWebFixture(db.pool, home.releases) : { datasets: [] };
      demo = await createDemoPrincipals(db.pool, { datasets });
      server = await startEnclaveServer({
        pool: db.pool,
        paths: home,
        databaseUrl: db.databaseUrl,
        port: 0,
        sandboxWorkers: 1,
        ...(options.runWorker === undefined ? {} : { runWorker: options.runWorker }),
        ...webUi(db.pool),
      });
    },
    async stop() {
      await server?.close();
      await db?.drop();
      home?.remove();
    },
  };
}

/** Starts a web enclave before the calling `describe`'s tests and stops it after them. */
export function useWebEnclave(options: WebEnclaveOptions = {}): WebEnclave {
  const enclave = makeWebEnclave(options);
  beforeAll(() => enclave.start());
  afterAll(() => enclave.stop());
  return enclave;
}

export interface BrowserOptions {
  /** Playwright's default timeout for each signed-in page, in ms. */
  pageTimeoutMs: number;
  /** File-name prefix of the full-page screenshot taken when a test fails, in `test-results/web/`. */
  failedShotPrefix: string;
}

/** A web enclave with Chromium, and the page helpers the browser tests share. */
export interface BrowserFixture extends WebEnclave {
  readonly browser: Browser;
  /** Contexts closed after the tests; push any context a test opens itself. */
  readonly contexts: BrowserContext[];
  /** Uncaught errors in any signed-in page, prefixed with its role. */
  readonly pageErrors: string[];
  /** Requests a signed-in page made to another origin than its server. */
  readonly foreignRequests: string[];
  /** Navigation → page rendered with its data, per page (for printing, never asserting: timings belong in benches). */
  readonly readyMs: Record<string, number>;
  /** Signs in as `role` in a new context through the sign-in page and waits for `landing` to be ready. */
  signIn(role: keyof DemoPrincipals['tokens'], landing: string): Promise<Page>;
  /** Moves the page to `#/<path>` and waits until that page is ready. */
  open(page: Page, path: string): Promise<void>;
  /** A full-page screenshot to `test-results/web/<name>.png` (and `docs/screenshots/` with SDF_SCREENSHOTS=docs). */
  shot(page: Page, name: string): Promise<void>;
}

/**
 * Starts a web enclave and Chromium before the calling `describe`'s tests (failing when Chromium is missing), closes
 * both after them, and screenshots the last signed-in page of each failing test.
 */
export function useBrowser(options: BrowserOptions): BrowserFixture {
  const enclave = makeWebEnclave({});
  let browser: Browser | undefined;
  let lastPage: Page | null = null;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const foreignRequests: string[] = [];
  const readyMs: Record<string, number> = {};

  beforeAll(async () => {
    const executablePath = findChromium();
    // `npm test`'s pretest step installs it or stops; a direct `vitest run` without it fails here, saying so.
    if (!executablePath) throw new Error(`${CHROMIUM_MISSING}, or set SDF_SKIP_BROWSER=1 to skip`);
    mkdirSync(SHOTS, { recursive: true });
    await enclave.start();
    browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
  });

  afterAll(async () => {
    if (pageErrors.length) console.error(`errors in the page:\n${pageErrors.join('\n')}`);
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await enclave.stop();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && lastPage) {
      await lastPage
        .screenshot({
          path: join(SHOTS, `${options.failedShotPrefix}${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`),
          fullPage: true,
        })
        .catch(() => undefined);
    }
  });

  const launched = (): Browser => {
    if (!browser) throw new Error('the browser is read before its beforeAll ran');
    return browser;
  };

  async function signIn(role: keyof DemoPrincipals['tokens'], landing: string): Promise<Page> {
    const context = await launched().newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(options.pageTimeoutMs);
    lastPage = page;
    const { server, demo } = enclave;
    page.on('pageerror', (error) => {
      pageErrors.push(`${role}: ${error.stack ?? error.message}`);
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url)) foreignRequests.push(request.url());
    });
    await page.goto(`${server.url}/#/signin`);
    await page.waitForSelector('main[data-ready="signin"]');
    await page.fill('#token', demo.tokens[role]);
    const started = Date.now();
    await page.click('#sign-in');
    await page.waitForSelector(`main[data-ready="${landing}"]`);
    readyMs[`sign-in→${landing}`] = Date.now() - started;
    return page;
  }

  async function open(page: Page, path: string): Promise<void> {
    const started = Date.now();
    await page.evaluate((p) => {
      location.hash = `#/${p}`;
    }, path);
    await page.waitForSelector(`main[data-ready="${path}"]`);
    readyMs[path.replace(/\/[0-9a-f-]{36}$/, '/:id')] = Date.now() - started;
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.evaluate(() => {
      document.getElementById('toast')!.textContent = '';
    });
    await page.waitForTimeout(150); // let chart animations settle so the picture is readable
    const file = join(SHOTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    if (process.env.SDF_SCREENSHOTS === 'docs') {
      mkdirSync(DOCS, { recursive: true });
      copyFileSync(file, join(DOCS, `${name}.png`));
    }
  }

  return {
    get db() {
      return enclave.db;
    },
    get home() {
      return enclave.home;
    },
    get server() {
      return enclave.server;
    },
    get demo() {
      return enclave.demo;
    },
    get browser() {
      return launched();
    },
    contexts,
    pageErrors,
    foreignRequests,
    readyMs,
    signIn,
    open,
    shot,
  };
}
