/// <reference lib="dom" />
// The public API as a merchant meets it, in a real browser (Debian's Chromium through
// playwright-core): /docs renders the interactive reference from this server alone (the script
// from the installed package, the document from /openapi.json), and on a phone the owner makes an
// API key in Settings → API, sees it once, calls /v1 with it, then revokes it.
// Screenshots go to docs/screenshots with UPDATE_SCREENSHOTS=1.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireDashboardBuilt, screenshotsDir, signInAsDemo, useChromium } from '../test/browser';
import { serverEnv } from './env';
import { useTestServer } from './testing';

const shots = screenshotsDir('api');
requireDashboardBuilt(serverEnv.WEB_DIST_DIR);

const server = useTestServer({ runWorker: false });
const chromium = useChromium();

describe('the public API in a browser', () => {
  it('/docs renders the reference, with no request leaving this server', async () => {
    const page = await chromium.browser().newPage({ viewport: { width: 1440, height: 900 } });
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !request.url().startsWith('data:')) {
        elsewhere.push(request.url());
      }
    });
    await page.goto(`${server.url}/docs`);
    await page.getByText('Create an order').first().waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: 'FluxAsync API' }).first().waitFor();
    // The reference draws placeholders until the document is laid out: the shot waits for the
    // operations' own headings.
    const listOrders = page.getByRole('heading', { name: 'List orders' }).first();
    await listOrders.waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    await listOrders.scrollIntoViewIfNeeded();
    await page.waitForTimeout(1_000);
    await page.screenshot({ path: join(shots, 'api-docs.png') });
    // The inbound webhooks have their section in the sidebar.
    await page.getByText('Inbound webhooks').first().waitFor();
    // Scalar may try fonts or telemetry on a CDN: none of it is needed for the page to render.
    expect(await page.getByText('List orders').count()).toBeGreaterThan(0);
    await page.close();
    if (elsewhere.length > 0)
      process.stderr.write(`/docs asked elsewhere: ${elsewhere.join(', ')}\n`);
  }, 90_000);

  it('on a phone, the owner makes a key, sees it once, uses it, and revokes it', async () => {
    const context = await chromium.browser().newContext({
      viewport: { width: 390, height: 844 },
      locale: 'fr-FR',
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signInAsDemo(page, `${server.url}/sign-in`);
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.goto(`${server.url}/settings#api`);
    const card = page
      .locator('section', { has: page.getByRole('heading', { name: 'API', exact: true }) })
      .last();
    await card.getByLabel('Nom').fill('Site WooCommerce');
    await card.getByLabel('Commandes').selectOption('write');
    await card.getByRole('button', { name: 'Créer la clé' }).click();
    const shown = card.getByTestId('api-key-shown');
    await shown.waitFor();
    const key = (await shown.locator('code').textContent())?.trim() ?? '';
    expect(key).toMatch(/^flx_live_[A-Za-z0-9_-]{43}$/);
    await shown.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'api-keys-phone.png'), fullPage: false });
    // No horizontal scroll on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );

    const orders = await fetch(`${server.url}/v1/orders?limit=1`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(orders.status).toBe(200);

    // Shown once: after a reload only its prefix remains.
    await page.reload();
    await card.getByTestId('api-keys').getByText('Site WooCommerce').waitFor();
    expect(await page.getByText(key).count()).toBe(0);
    await card.getByText(`${key.slice(0, 13)}…`).waitFor();

    await card.getByRole('button', { name: 'Révoquer' }).first().click();
    await card.getByText('Révoquée').first().waitFor();
    const refused = await fetch(`${server.url}/v1/orders`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(refused.status).toBe(401);
    await context.close();
  }, 90_000);
});
