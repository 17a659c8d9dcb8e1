/// <reference lib="dom" />
// A phone order on a phone (390×844, headless Chromium through playwright-core) against the whole
// product in this process: the demo merchant takes an order from a new customer by phone, edits
// its lines before confirming it, and makes its receipt link. Screenshots go to docs/screenshots
// with UPDATE_SCREENSHOTS=1.
import { join } from 'node:path';
import { schema } from '@flux/db';
import { and, eq, like } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PHONE, screenshotsDir, signInAsDemo, useFrenchDashboardPage } from '../test/browser';
import { useTestServer } from './testing';

const shots = screenshotsDir('phone-order');

const server = useTestServer({ runWorker: false });
const dashboard = useFrenchDashboardPage({ context: PHONE });
let page: Page;
beforeAll(() => {
  page = dashboard.page();
});

const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`) });

describe('a phone order at 390×844', () => {
  it('the merchant takes an order by phone from a new customer', async () => {
    await signInAsDemo(page, `${server.url}/orders/new`);
    await page.getByRole('heading', { name: 'Commande par téléphone' }).waitFor();

    await page.getByRole('button', { name: 'Nouveau client' }).click();
    await page.getByLabel('Nom', { exact: true }).fill('Mariama Téléphone');
    await page.getByLabel('Téléphone', { exact: true }).fill('+221 77 555 44 33');
    await page.getByRole('button', { name: 'Créer le client' }).click();
    await page.getByTestId('picked-customer').getByText('Mariama Téléphone').waitFor();

    await page.getByLabel('Chercher un produit du catalogue').fill('bazin teinte');
    await page.getByRole('button', { name: 'Ajouter Bazin teinté 3 m' }).click();
    await page.getByRole('button', { name: 'Un Bazin teinté 3 m de plus' }).click();
    await expect(page.getByLabel('Quantité de Bazin teinté 3 m').inputValue()).resolves.toBe('2');
    await page.getByLabel('Adresse de livraison').fill('Mermoz, villa 12');
    await page.getByLabel('Paiement').selectOption('mobile_money');
    await page.getByLabel('Frais de livraison (XOF)').fill('2000');
    await shot('phone-order-new');
    await page.getByRole('button', { name: 'Créer la commande' }).click();

    await page.getByRole('heading', { name: /^Commande CMD-\d{6}$/ }).waitFor();
    await page.getByText('Mariama Téléphone').first().waitFor();
    await page.getByText('Mobile money').first().waitFor();
    const fee = await page.getByText('2 000 F CFA').count();
    expect(fee).toBeGreaterThan(0);
  });

  it('edits the lines before confirming: one item added, a quantity lowered, totals follow', async () => {
    await page.getByRole('button', { name: 'Modifier les articles' }).click();
    await page.getByLabel('Chercher un produit du catalogue').fill('sandales');
    await page.getByRole('button', { name: 'Ajouter Sandales cuir homme (Ngaye Mékhé)' }).click();
    await page.getByRole('button', { name: 'Un Bazin teinté 3 m de moins' }).click();
    await shot('phone-order-edit-lines');
    await page.getByRole('button', { name: 'Enregistrer les articles' }).click();
    await page.getByText('Articles enregistrés').waitFor();
    await page.getByText('Sandales cuir homme (Ngaye Mékhé)').first().waitFor();
    await page.getByTestId('order-timeline').getByText('Articles modifiés').waitFor();
    // The server's lines: one bazin, one pair of sandals.
    const lines = await page.locator('table tbody tr').allTextContents();
    expect(lines.some((text) => text.includes('Bazin teinté 3 m') && text.includes('1 ×'))).toBe(
      true,
    );
    expect(lines.some((text) => text.includes('Sandales cuir homme (Ngaye Mékhé)'))).toBe(true);

    // Once confirmed, the lines no longer change.
    await page.getByTestId('order-actions').getByRole('button', { name: 'Confirmer' }).click();
    await page.getByText('Commande passée à « Confirmée »').waitFor();
    expect(await page.getByRole('button', { name: 'Modifier les articles' }).count()).toBe(0);
  });

  it('the orders list finds it by the customer’s name, exports that search, and marks it ready in bulk', async () => {
    await page.goto(`${server.url}/orders`);
    await page.getByTestId('orders-table').waitFor();
    // Accents and case left aside: "telephone" finds "Téléphone".
    await page.getByLabel('N°, nom ou téléphone').fill('mariama telephone');
    await page.waitForURL(/q=mariama/);
    const rows = page.getByTestId('orders-table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(2);
    const row = rows.filter({ hasText: 'Mariama Téléphone' });
    const href = await page.getByRole('link', { name: 'Exporter (CSV)' }).getAttribute('href');
    expect(href).toBe('/exports/orders.csv?q=mariama+telephone');
    // The export, with this browser's session cookie.
    const csv = await page.evaluate(async (path) => (await fetch(path)).text(), href ?? '');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(csv).toContain('Mariama Téléphone');
    await row.getByRole('checkbox').check();
    await page.getByTestId('bulk-bar').getByRole('button', { name: 'Marquer prêtes' }).click();
    await page.getByText('1 commande mise à jour').waitFor();
    await row.getByText('Prête').waitFor();
    await shot('orders-bulk');
    await row.getByRole('link').click();
  });

  it('makes a receipt link that opens without signing in', async () => {
    await page.getByRole('button', { name: 'Reçu' }).click();
    const url = await page.getByTestId('receipt-url').inputValue();
    expect(url).toMatch(/\/r\/[A-Za-z0-9_.-]+$/);
    await shot('phone-order-receipt-link');
    const incognito = await dashboard
      .browser()
      .newContext({ viewport: { width: 390, height: 844 } });
    const receipt = await incognito.newPage();
    await receipt.goto(url.replace(/^https?:\/\/[^/]+/, server.url));
    await receipt.getByTestId('receipt').getByText('Sandales cuir homme (Ngaye Mékhé)').waitFor();
    await receipt.screenshot({ path: join(shots, 'receipt.png') });
    // Its PDF, behind the same link, from the dialog as from the page.
    expect(await page.getByTestId('receipt-pdf').getAttribute('href')).toBe(`${url}/pdf`);
    const pdf = await receipt.request.get(`${receipt.url()}/pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await incognito.close();
  });

  it('sends the receipt of an order to its customer on WhatsApp once, even on a double click', async () => {
    const db = server.running.database.db;
    // A demo order whose customer writes on WhatsApp, and wrote within the last 24 h.
    const [row] = await db
      .select({ orderId: schema.orders.id, conversationId: schema.conversations.id })
      .from(schema.orders)
      .innerJoin(
        schema.conversations,
        and(
          eq(schema.conversations.id, schema.orders.conversationId),
          eq(schema.conversations.channel, 'whatsapp'),
        ),
      )
      .limit(1);
    const conversationId = row?.conversationId ?? '';
    await db
      .update(schema.conversations)
      .set({ serviceWindowEndsAt: new Date(Date.now() + 3_600_000) })
      .where(eq(schema.conversations.id, conversationId));
    const receiptsSent = async () =>
      (
        await db
          .select({ id: schema.messages.id })
          .from(schema.messages)
          .where(
            and(
              eq(schema.messages.conversationId, conversationId),
              like(schema.messages.body, 'Votre reçu pour la commande %'),
            ),
          )
      ).length;
    expect(await receiptsSent()).toBe(0);

    await page.goto(`${server.url}/orders/${row?.orderId ?? ''}`);
    await page.getByRole('button', { name: 'Reçu' }).click();
    await page.getByTestId('receipt-url').waitFor();
    await page.getByTestId('receipt-send').dblclick();
    await page.getByText('Reçu envoyé au client sur WhatsApp').waitFor();
    await page.getByTestId('receipt-send').getByText('Envoyé sur WhatsApp').waitFor();
    await shot('phone-order-receipt-sent');
    expect(await receiptsSent()).toBe(1);
  });
});
