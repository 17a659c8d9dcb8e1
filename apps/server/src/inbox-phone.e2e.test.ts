/// <reference lib="dom" />
// The inbox on a phone (390×844, headless Chromium through playwright-core) against the whole
// product in this process (the built app, the demo merchant, the worker, WhatsApp's sandbox):
// a quick reply saved in the settings and put in with `/`, a product card from the catalog, a
// photo, an internal note, the customer card following the order live, the customer's page, then
// the AI's draft reply accepted and its draft order confirmed from the sheet. Screenshots go to docs/screenshots with
// UPDATE_SCREENSHOTS=1.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  PHONE,
  screenshotFailures,
  screenshotsDir,
  screenshotWithoutToasts,
  signInAsDemo,
  useFrenchDashboardPage,
} from '../test/browser';
import { postDemoCustomerText } from '../test/http';
import { useTestServer } from './testing';

const shots = screenshotsDir('phone');

const server = useTestServer();
const dashboard = useFrenchDashboardPage({ context: PHONE });
let page: Page;
beforeAll(() => {
  page = dashboard.page();
});

const shot = (name: string) => screenshotWithoutToasts(page, join(shots, `${name}.png`));
screenshotFailures(() => page, shots, { label: 'inbox phone e2e', prefix: 'phone-' });

const customer = '221770008888';

describe('the inbox on a phone', () => {
  it('signs in and saves a quick reply in the settings', async () => {
    await signInAsDemo(page, `${server.url}/sign-in`);
    await page.waitForURL((url) => url.pathname === '/inbox');
    await page.goto(`${server.url}/settings`);
    const card = page.locator('section').filter({ hasText: 'Réponses rapides' }).first();
    await card.getByLabel('Titre').fill('Frais de livraison');
    await card.getByLabel('Raccourci').fill('livraison');
    await card.getByLabel('Texte').fill('Bonjour {prénom}, la livraison à Dakar coûte 1 000 F.');
    await card.getByRole('button', { name: 'Ajouter' }).click();
    await card.getByTestId('quick-replies-settings').getByText('/livraison').waitFor();
  });

  it('replies to a new customer with a quick reply and a product card, and leaves a note', async () => {
    // The tab's title counts unread conversations, from the live events (nothing polls it).
    await page.waitForFunction(() => /^(\(\d+\) )?FluxAsync$/.test(document.title));
    const unreadBefore = Number(/^\((\d+)\)/.exec(await page.title())?.[1] ?? 0);
    await postDemoCustomerText(
      server.url,
      { waId: customer, name: 'Mariama Téléphone' },
      'Bonjour, je prends le sac en raphia, livraison à Dakar svp',
    );
    await page.waitForFunction(
      (expected) => document.title === expected,
      `(${unreadBefore + 1}) FluxAsync`,
      { timeout: 10_000 },
    );
    await page.goto(`${server.url}/inbox`);
    const row = page.getByTestId('conversation-row').filter({ hasText: 'Mariama Téléphone' });
    await row.click();
    await page.getByTestId('message').filter({ hasText: 'raphia' }).waitFor();
    // On a phone the thread takes the screen: the list is gone until "back".
    expect(await page.getByTestId('conversation-list').isVisible()).toBe(false);

    const composer = page.getByLabel('Réponse');
    await composer.fill('/livr');
    const picker = page.getByTestId('quick-replies');
    await picker.getByRole('button').filter({ hasText: '/livraison' }).click();
    await expect(composer.inputValue()).resolves.toBe(
      'Bonjour Mariama, la livraison à Dakar coûte 1 000 F.',
    );
    await page.getByTestId('send').click();
    await page
      .getByTestId('message')
      .filter({ hasText: 'Bonjour Mariama, la livraison à Dakar coûte 1 000 F.' })
      .waitFor();

    await page.getByTestId('attach').click();
    await page.getByTestId('attach-menu').getByRole('button', { name: 'Fiche produit' }).click();
    const products = page.getByTestId('product-picker');
    await products.getByLabel('Chercher un produit').fill('raphia');
    await products.getByRole('button', { name: 'Envoyer Sac en raphia tressé' }).click();
    await page
      .getByTestId('message')
      .filter({ hasText: /Sac en raphia tressé — [\d\s\u202f]+F\sCFA/ })
      .waitFor();

    // A photo from the phone, with what is written as its caption.
    await composer.fill('La couleur naturelle');
    await page.getByTestId('attach').click();
    await page.getByTestId('photo-input').setInputFiles({
      name: 'sac.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0, 0, 1]),
    });
    const photo = page.getByTestId('message').filter({ hasText: 'La couleur naturelle' });
    await photo.waitFor();
    await photo.getByTestId('sent-image').waitFor({ state: 'attached' });

    await page.getByTestId('mode-note').click();
    await page.getByLabel('Note interne').fill('Veut aussi la couleur naturelle');
    await page.getByTestId('add-note').click();
    await page.getByTestId('note').filter({ hasText: 'Veut aussi la couleur naturelle' }).waitFor();
    await shot('phone-inbox-thread');
  });

  it('the customer card follows an order confirmed elsewhere, live', async () => {
    await page.getByTestId('open-assistant').click();
    const card = page.getByRole('region', { name: 'Fiche client' });
    // The AI drafted the order the customer asked about.
    await card.getByText('Brouillon').waitFor({ timeout: 30_000 });
    // Another member confirms it (the API, not this page): only the live event can tell the card.
    const confirmed = await page.evaluate(async () => {
      const conversationId = new URL(location.href).searchParams.get('c');
      const input = encodeURIComponent(JSON.stringify({ json: { status: ['draft'], limit: 50 } }));
      const list = (await (await fetch(`/trpc/orders.list?input=${input}`)).json()) as {
        result: { data: { json: { items: { id: string; conversationId: string | null }[] } } };
      };
      const draft = list.result.data.json.items.find((o) => o.conversationId === conversationId);
      if (!draft) return 'no draft';
      const answer = await fetch('/trpc/orders.confirm', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ json: { id: draft.id } }),
      });
      return answer.status;
    });
    expect(confirmed).toBe(200);
    await card.getByText('Confirmée').waitFor({ timeout: 20_000 });
    expect(await card.getByText('Brouillon').count()).toBe(0);
  });

  it('opens the customer page from the thread', async () => {
    await page.getByTestId('open-customer').click();
    const customerPage = page.getByTestId('customer-page');
    await customerPage.getByRole('heading', { name: 'Mariama Téléphone' }).waitFor();
    await customerPage.getByText('Veut aussi la couleur naturelle').waitFor();
    await customerPage.getByTestId('customer-totals').waitFor();
    await shot('phone-customer');
  });

  it("accepts the AI's draft reply and confirms its draft order, from the sheet", async () => {
    const buyer = '221770007777';
    await postDemoCustomerText(
      server.url,
      { waId: buyer, name: 'Ndeye Mobile' },
      'Bonjour, je voudrais 2 sacs en raphia tressé, livraison à Mermoz',
    );
    await page.goto(`${server.url}/inbox`);
    await page.getByTestId('conversation-row').filter({ hasText: 'Ndeye Mobile' }).click();
    await page.getByTestId('message').filter({ hasText: 'raphia' }).waitFor();

    // The AI panel is a sheet over the thread on a phone: the draft is accepted there.
    await page.getByTestId('open-assistant').click();
    const panel = page.getByTestId('ai-panel');
    await panel.getByTestId('ai-draft').waitFor({ timeout: 30_000 });
    const draft = (await panel.getByTestId('ai-draft').textContent()) ?? '';
    expect(draft.length).toBeGreaterThan(5);
    await panel.getByTestId('ai-accept').click();
    await panel.getByTestId('ai-review-state').getByText('Acceptée').waitFor();
    // Sent: in the thread behind the sheet.
    await page
      .getByTestId('message')
      .filter({ hasText: draft.slice(0, 30) })
      .first()
      .waitFor({ state: 'attached' });

    const order = page.getByTestId('draft-order');
    await order.getByText('Sac en raphia tressé').waitFor({ timeout: 20_000 });
    const reference = (await order.locator('h3 span').textContent())?.trim() ?? '';
    expect(reference).toMatch(/^CMD-\d{6}$/);
    await order.getByTestId('confirm-draft').click();
    await page.getByText(`Commande ${reference} confirmée`).waitFor();
  });
});
