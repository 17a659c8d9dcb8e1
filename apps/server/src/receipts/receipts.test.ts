// GET /r/<token>: the order's receipt for whoever holds the signed link, no sign-in; a forged,
// expired or unknown link gets one 404 page; the page prints and runs no other script.
import { readReceiptToken, receiptToken } from '@flux/api';
import { PREVIOUS_TEST_KEY, useTestApp } from '@flux/api/testing';
import { schema } from '@flux/db';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { receiptRoutes } from './routes';

// As during a key rotation: ENCRYPTION_KEY_PREVIOUS holds the key from before it.
const app = useTestApp({ previousServerKeys: [PREVIOUS_TEST_KEY] });
const http = () =>
  createApp(app.services, {
    whatsapp: { verifyToken: 'verify-token-test', appSecret: 'app-secret-test' },
    allowedOrigins: ['http://localhost:3000'],
    trustProxyHops: 0,
    secureCookies: false,
    bodyLimit: 1_000_000,
  });

/** A shop (XOF in French unless told) with one order of a customer, and its receipt's path. */
async function order(
  shop: {
    name?: string;
    euroInEnglish?: boolean;
    product?: { name: string; price: number };
    customer?: string;
    quantity?: number;
  } = {},
) {
  const owner = await app.signUp({ businessName: shop.name ?? 'Boutique <Awa>' });
  if (shop.euroInEnglish) {
    await app.services.db
      .update(schema.businesses)
      .set({ currency: 'EUR', locale: 'en' })
      .where(eq(schema.businesses.id, owner.businessId));
  }
  await owner.caller.business.update({
    settings: { deliveryFee: shop.euroInEnglish ? 490 : 1000 },
  });
  const product = await owner.caller.products.create({
    sku: 'ITEM',
    ...(shop.product ?? { name: 'Pagne <b>wax</b>', price: 7500 }),
    stock: 10,
  });
  const [prospect] = await app.services.db
    .insert(schema.prospects)
    .values({
      businessId: owner.businessId,
      phone: shop.euroInEnglish ? '+33612345678' : '+221770001122',
      name: shop.customer ?? 'Ousmane',
    })
    .returning();
  const created = await owner.caller.orders.create({
    prospectId: prospect?.id ?? '',
    lines: [{ productId: product.id, quantity: shop.quantity ?? 2 }],
    deliveryAddress: 'Mermoz',
  });
  const link = await owner.caller.orders.receiptLink({ id: created.id });
  return { owner, created, path: new URL(link.url).pathname };
}

/** The PDF's text, as a PDF reader extracts it, with French no-break spaces as plain ones. */
async function pdfText(response: Response) {
  const pdf = await getDocumentProxy(new Uint8Array(await response.arrayBuffer()));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

describe('GET /r/:token', () => {
  it('shows the shop, the lines, the total and the payment state, escaped, with a print stylesheet', async () => {
    const { owner, created, path } = await order();
    expect(path).toMatch(/^\/r\/[A-Za-z0-9_.-]+$/);
    const response = await http().request(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await response.text();
    expect(html).toContain('Boutique &lt;Awa&gt;');
    expect(html).toContain('Pagne &lt;b&gt;wax&lt;/b&gt;');
    expect(html).not.toContain('<b>wax</b>');
    expect(html).toContain('CMD-000001');
    expect(html.replace(/[\u00a0\u202f]/g, ' ')).toContain('16 000 F CFA');
    expect(html).toContain('Non payé');
    expect(html).toContain('@media print');
    // Paid: the receipt says so.
    await owner.caller.orders.setPaymentStatus({ id: created.id, status: 'paid' });
    expect(await (await http().request(path)).text()).toContain('>Payé<');
  });

  it('a forged, expired or unknown token is one and the same 404', async () => {
    const { path } = await order();
    const token = path.slice(3);
    // The MAC's first character carries 6 of its bits (the last one only 4: the rest is padding).
    const [payload = '', mac = ''] = token.split('.');
    const forged = `${payload}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
    const later = new Hono().route(
      '/r',
      receiptRoutes(app.services, { now: () => new Date(Date.now() + 31 * 86_400_000) }),
    );
    const answers = [
      await http().request(`/r/${forged}`),
      await http().request('/r/nothing-here'),
      await later.request(`/r/${token}`),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404]);
    const texts = await Promise.all(answers.map((answer) => answer.text()));
    expect(new Set(texts).size).toBe(1);
    expect(texts[0]).toContain('n’est plus valable');
  });

  it('a link shared before a key rotation still opens; one under a key not configured is the 404; new links use the current key', async () => {
    const { owner, created, path } = await order();
    const signed = (key: string) =>
      `/r/${receiptToken(key, {
        businessId: owner.businessId,
        orderId: created.id,
        expiresAt: new Date(Date.now() + 86_400_000),
      })}`;
    const before = await http().request(signed(PREVIOUS_TEST_KEY));
    expect(before.status).toBe(200);
    expect(await before.text()).toContain('CMD-000001');
    expect((await http().request(`${signed(PREVIOUS_TEST_KEY)}/pdf`)).status).toBe(200);
    expect(
      (await http().request(signed('bm90LWEta2V5LW9mLW91cnMtYXQtYWxsLTMyLWJ5dGU='))).status,
    ).toBe(404);
    const now = new Date();
    expect(
      readReceiptToken([app.services.config.deliveryCodeKey], path.slice(3), now),
    ).not.toBeNull();
    expect(readReceiptToken([PREVIOUS_TEST_KEY], path.slice(3), now)).toBeNull();
  });
});

describe('GET /r/:token/pdf', () => {
  it('is a PDF of the shop, the lines, the totals and the payment state, in French formatting', async () => {
    const { owner, created, path } = await order();
    // The page links to it, behind the same token.
    const html = await (await http().request(path)).text();
    expect(html).toContain(`href="${path.slice(3)}/pdf"`);
    const response = await http().request(`${path}/pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      'inline; filename="recu-CMD-000001.pdf"',
    );
    expect(response.headers.get('cache-control')).toContain('no-store');
    const text = await pdfText(response);
    expect(text).toContain('Boutique <Awa>');
    expect(text).toContain('Commande CMD-000001');
    expect(text).toContain('Client : Ousmane · +221770001122');
    expect(text).toContain('Pagne <b>wax</b>');
    expect(text).toContain('2 × 7 500 F CFA');
    expect(text).toContain('15 000 F CFA');
    expect(text).toMatch(/Livraison\s+1 000 F CFA/);
    expect(text).toMatch(/Total\s+16 000 F CFA/);
    expect(text).toContain('Paiement : À la livraison');
    expect(text).toContain('Non payé');
    expect(text).toContain('À régler à la livraison : 16 000 F CFA');

    // Delivered cash on delivery: collected at the door, nothing left to pay.
    for (const to of [
      'confirmed',
      'preparing',
      'ready',
      'out_for_delivery',
      'delivered',
    ] as const) {
      await owner.caller.orders.transition({ id: created.id, to });
    }
    const delivered = await pdfText(await http().request(`${path}/pdf`));
    expect(delivered).toContain('Encaissé à la livraison');
    expect(delivered).not.toContain('À régler');
  });

  it('a euro shop in English: amounts with their cents, English words', async () => {
    const { owner, created, path } = await order({
      name: 'Lyon Wax',
      euroInEnglish: true,
      product: { name: 'Foulard', price: 12.5 },
      customer: 'Chloé 🌸',
      quantity: 3,
    });
    await owner.caller.orders.setPaymentStatus({ id: created.id, status: 'paid' });
    const response = await http().request(`${path}/pdf`);
    expect(response.headers.get('content-disposition')).toContain('receipt-CMD-000001.pdf');
    const text = await pdfText(response);
    expect(text).toContain('Customer: Chloé ?');
    expect(text).toContain('Payment: Cash on delivery');
    expect(text).toMatch(/Total\s+€42\.40/);
    expect(text).toContain('3 × €12.50');
    expect(text).toContain('Paid');
  });

  it('a forged, expired or unknown token gets the 404 page, no PDF', async () => {
    const { path } = await order();
    const token = path.slice(3);
    const [payload = '', mac = ''] = token.split('.');
    const forged = `${payload}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
    const later = new Hono().route(
      '/r',
      receiptRoutes(app.services, { now: () => new Date(Date.now() + 31 * 86_400_000) }),
    );
    const answers = [
      await http().request(`/r/${forged}/pdf`),
      await http().request('/r/nothing-here/pdf'),
      await later.request(`/r/${token}/pdf`),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404]);
    for (const answer of answers) {
      expect(answer.headers.get('content-type')).toContain('text/html');
      expect(await answer.text()).toContain('n’est plus valable');
    }
  });
});
