// Headless Chromium for the browser tests: Debian's (playwright-core cannot download one here),
// started with the flags this machine needs (no sandbox as root, no GPU, and no background
// networking: its connections to Google's hosts are refused, many at a time).
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_LOGIN } from '@flux/db/seed';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll, beforeEach, onTestFailed } from 'vitest';
import { serverEnv } from '../src/env';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Fails the test file at once, in words, when there is no Chromium to drive. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  }
}

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A Chromium for the file's tests (launched before them, closed after them). */
export function useChromium(): { browser: () => Browser } {
  requireChromium();
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  return {
    browser: () => {
      if (!browser) throw new Error('Chromium launches in beforeAll');
      return browser;
    },
  };
}

/** A phone's screen as the phone tests take it: 390×844 at twice the density, touch. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

export interface FrenchPageOptions {
  /** The context's other options (a viewport, a phone, a time zone...); the locale is French. */
  context?: BrowserContextOptions;
  /** Done on the context before the page opens (permissions, init scripts). */
  prepare?: (context: BrowserContext) => Promise<void>;
  /** The page's default timeout (15 s unless said). */
  timeoutMs?: number;
  /** A Chromium of the file's (useChromium) to open the page in, rather than one of its own. */
  chromium?: { browser: () => Browser };
}

/**
 * A French page (fr-FR) in a fresh Chromium (or `chromium`'s), opened before the tests of the file
 * (or of the describe block it is called in) and closed after them: the tracking page, the courier
 * app, or (useFrenchDashboardPage) the dashboard.
 */
export function useFrenchPage(options: FrenchPageOptions = {}): {
  page: () => Page;
  context: () => BrowserContext;
  browser: () => Browser;
} {
  const chromium = options.chromium ?? useChromium();
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    context = await chromium.browser().newContext({ ...options.context, locale: 'fr-FR' });
    await options.prepare?.(context);
    page = await context.newPage();
    page.setDefaultTimeout(options.timeoutMs ?? 15_000);
  }, 60_000);
  afterAll(async () => {
    await context?.close();
  });
  return {
    page: () => {
      if (!page) throw new Error('The page opens in beforeAll');
      return page;
    },
    context: () => {
      if (!context) throw new Error('The context opens in beforeAll');
      return context;
    },
    browser: chromium.browser,
  };
}

/**
 * A French page of the built dashboard (the test server serves it) in a fresh Chromium, closed
 * after the file's tests. Fails the file at once when the dashboard is not built.
 */
export function useFrenchDashboardPage(options: FrenchPageOptions = {}) {
  requireDashboardBuilt(serverEnv.WEB_DIST_DIR);
  return useFrenchPage(options);
}

/** Opens `url` signed out and signs in as the demo merchant on the French sign-in page. */
export async function signInAsDemo(page: Page, url: string) {
  await page.goto(url);
  await page.getByLabel('E-mail').fill(DEMO_LOGIN.email);
  await page.getByLabel('Mot de passe').fill(DEMO_LOGIN.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/**
 * Where a browser test's screenshots go: docs/screenshots with UPDATE_SCREENSHOTS=1 (committed),
 * else a temporary folder of its own.
 */
export function screenshotsDir(prefix: string): string {
  const dir =
    process.env.UPDATE_SCREENSHOTS === '1'
      ? join(fileURLToPath(new URL('../../..', import.meta.url)), 'docs/screenshots')
      : mkdtempSync(join(tmpdir(), `flux-${prefix}-shots-`));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Fails the test file at once, in words, when the dashboard has not been built. */
export function requireDashboardBuilt(dir: string): void {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`The dashboard is not built: run \`pnpm build\` first (${dir})`);
  }
}

/** A screenshot of the screen itself: the toasts of earlier steps are hidden for it. */
export async function screenshotWithoutToasts(page: Page, path: string): Promise<void> {
  const hide = await page.addStyleTag({
    content: '[data-testid^="toast-"] { display: none !important; }',
  });
  await page.screenshot({ path });
  await hide.evaluate((element) => (element as Element).remove());
}

/**
 * What the browser showed when a test of the file failed: `failed-<prefix><test name>.png` in
 * `dir` (toasts hidden), said on stderr under `label`.
 */
export function screenshotFailures(
  page: () => Page | undefined,
  dir: string,
  options: { label: string; prefix?: string },
): void {
  beforeEach((test) => {
    onTestFailed(async () => {
      const current = page();
      const name = test.task.name.replace(/\W+/g, '-').slice(0, 60);
      if (current) {
        await screenshotWithoutToasts(
          current,
          join(dir, `failed-${options.prefix ?? ''}${name}.png`),
        ).catch(() => undefined);
      }
      process.stderr.write(`${options.label}: screenshot of the failure in ${dir}\n`);
    });
  });
}
