// Headless Chromium for the browser tests: Debian's (playwright-core cannot download one here),
// started with the flags this machine needs (no sandbox as root, no GPU, and no background
// networking: its connections to Google's hosts are refused, many at a time).
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_LOGIN } from '@flux/db/seed';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

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

/** A French page of the built dashboard in a fresh Chromium, closed after the file's tests. */
export function useFrenchDashboardPage(): { page: () => Page } {
  requireChromium();
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    page.setDefaultTimeout(15_000);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  return {
    page: () => {
      if (!page) throw new Error('The page opens in beforeAll');
      return page;
    },
  };
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
