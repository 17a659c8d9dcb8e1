// GET /r/<token>: the order's receipt for whoever holds the signed link, no sign-in; a forged,
// expired or unknown link gets one 404 page; the page prints and runs no other script.
import { useTestApp } from '@flux/api/testing';
import { schema } from '@flux/db';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { receiptRoutes } from './routes';

const app = useTestApp();
const http = () =>
  createApp(app.services, {
    whatsapp: { verifyToken: 'verify-token-test', appSecret: 'app-secret-test' },
    allowedOrigins: ['http://localhost:3000'],
    trustProxyHops: 0,
    secureCookies: false,
    bodyLimit: 1_000_000,
  });

async function order() {
  const owner = await app.signUp({ businessName: 'Boutique <Awa>' });
  await owner.caller.business.update({ settings: { deliveryFee: 1000 } });
  const wax = await owner.caller.products.create({
    sku: 'WAX',
    name: 'Pagne <b>wax</b>',
    price: 7500,
    stock: 10,
  });
  const [prospect] = await app.services.db
    .insert(schema.prospects)
    .values({ businessId: owner.businessId, phone: '+221770001122', name: 'Ousmane' })
    .returning();
  const created = await owner.caller.orders.create({
    prospectId: prospect?.id ?? '',
    lines: [{ productId: wax.id, quantity: 2 }],
    deliveryAddress: 'Mermoz',
  });
  const link = await owner.caller.orders.receiptLink({ id: created.id });
  return { owner, created, path: new URL(link.url).pathname };
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
});
