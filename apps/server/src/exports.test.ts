// GET /exports/orders.csv: the session cookie and the business's own orders only, the list's
// filters, French headers, numbers as numbers, RFC 4180 quoting, spreadsheet formulas disarmed,
// and an answer that streams: its first bytes leave before its last row is read.
import { useTestApp } from '@flux/api/testing';
import { schema } from '@flux/db';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createApp } from './app';
import { exportRoutes } from './exports';

const app = useTestApp();
const http = () =>
  createApp(app.services, {
    whatsapp: { verifyToken: 'verify-token-test', appSecret: 'app-secret-test' },
    allowedOrigins: ['http://localhost:3000'],
    trustProxyHops: 0,
    secureCookies: false,
    bodyLimit: 1_000_000,
  });
const cookie = (token: string) => ({ cookie: `flux_session=${token}` });

async function shop(names: (string | null)[]) {
  const owner = await app.signUp();
  await owner.caller.business.update({ settings: { deliveryFee: 1000 } });
  const wax = await owner.caller.products.create({
    sku: 'WAX',
    name: 'Pagne "wax", 6 yards',
    price: 7500,
    stock: 100,
  });
  const orders = [];
  for (const [index, name] of names.entries()) {
    const [prospect] = await app.services.db
      .insert(schema.prospects)
      .values({
        businessId: owner.businessId,
        phone: `+2217700000${String(index).padStart(2, '0')}`,
        name,
      })
      .returning();
    orders.push(
      await owner.caller.orders.create({
        prospectId: prospect?.id ?? '',
        lines: [{ productId: wax.id, quantity: index + 1 }],
        deliveryAddress: 'Mermoz\nvilla 12',
      }),
    );
  }
  return { owner, orders };
}

/** CSV text as rows of fields (a small RFC 4180 reader, for the assertions). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('GET /exports/orders.csv', () => {
  it('writes the business’s orders newest first, French headers, numbers as numbers, quoting right', async () => {
    const { owner } = await shop(['Awa, "la reine"', '=HYPERLINK("http://evil")', '-2+3', null]);
    const other = await shop(['Someone else']);
    const response = await http().request('/exports/orders.csv', { headers: cookie(owner.token) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="commandes-.+-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    // A UTF-8 byte order mark first, so that Excel reads the accents (a decoder drops it).
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('Commande,Date,Statut,Client,Téléphone,Articles,')).toBe(true);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([
      'Commande',
      'Date',
      'Statut',
      'Client',
      'Téléphone',
      'Articles',
      'Sous-total',
      'Livraison',
      'Total',
      'Devise',
      'Mode de paiement',
      'Paiement',
      'Adresse de livraison',
    ]);
    expect(rows.map((row) => row[0])).toEqual([
      'CMD-000004',
      'CMD-000003',
      'CMD-000002',
      'CMD-000001',
    ]);
    const first = rows[3] ?? [];
    expect(first[2]).toBe('En attente');
    expect(first[3]).toBe('Awa, "la reine"');
    // A phone starts with +: a spreadsheet would read it as a formula.
    expect(first[4]).toBe("'+221770000000");
    expect(first[5]).toBe('1 × Pagne "wax", 6 yards');
    expect(first.slice(6, 12)).toEqual([
      '7500',
      '1000',
      '8500',
      'XOF',
      'Paiement à la livraison',
      'Non payée',
    ]);
    expect(first[12]).toBe('Mermoz\nvilla 12');
    expect(first[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // Formulas are disarmed; an empty name is an empty field.
    expect(rows[2]?.[3]).toBe(`'=HYPERLINK("http://evil")`);
    expect(rows[1]?.[3]).toBe("'-2+3");
    expect(rows[0]?.[3]).toBe('');
    // The raw text: quotes doubled inside quoted fields, numbers bare.
    expect(text).toContain('"Awa, ""la reine"""');
    expect(text).toContain(',7500,1000,8500,XOF,');
    expect(text).not.toContain('Someone else');
    void other;
  });

  it('applies the list’s filters: search, status, days', async () => {
    const { owner, orders } = await shop(['Ousmane Diallo', 'Hélène Faye', 'Ousmane Sy']);
    await owner.caller.orders.confirm({ id: orders[2]?.id ?? '' });
    const csv = async (query: string) =>
      parseCsv(
        await (
          await http().request(`/exports/orders.csv?${query}`, { headers: cookie(owner.token) })
        ).text(),
      )
        .slice(1)
        .map((row) => row[0]);
    expect(await csv('q=ousmane')).toEqual(['CMD-000003', 'CMD-000001']);
    expect(await csv('q=helene')).toEqual(['CMD-000002']);
    expect(await csv('q=ousmane&status=confirmed')).toEqual(['CMD-000003']);
    expect(await csv('status=pending,confirmed')).toEqual([
      'CMD-000003',
      'CMD-000002',
      'CMD-000001',
    ]);
    expect(
      await csv(`from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`),
    ).toEqual([]);
    expect(await csv('q=CMD-000002')).toEqual(['CMD-000002']);
    expect(await csv('q=CMD-x')).toEqual([]);
  });

  it('without a session is 401; a courier is 403; bad filters are 400 naming the field; another business is 404', async () => {
    const { owner } = await shop(['A']);
    const stranger = await app.signUp();
    expect((await http().request('/exports/orders.csv')).status).toBe(401);
    const bad = await http().request('/exports/orders.csv?from=yesterday&status=lost', {
      headers: cookie(owner.token),
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { issues: { path: string }[] };
    expect(body.issues.map((issue) => issue.path).sort()).toEqual(['from', 'status.0']);
    const foreign = await http().request(`/exports/orders.csv?businessId=${owner.businessId}`, {
      headers: cookie(stranger.token),
    });
    expect(foreign.status).toBe(404);
    const courier = await app.signUp();
    await app.join(owner, courier, 'courier');
    const denied = await http().request(`/exports/orders.csv?businessId=${owner.businessId}`, {
      headers: cookie(courier.token),
    });
    expect(denied.status).toBe(403);
  });

  it('streams: the first rows are sent before the last page is read', async () => {
    const { owner, orders } = await shop(['One', 'Two', 'Three', 'Four', 'Five', 'Six']);
    const routes = new Hono().route(
      '/exports',
      exportRoutes(app.services, { clientIp: () => null, secureCookies: false, pageSize: 2 }),
    );
    const response = await routes.request('/exports/orders.csv', { headers: cookie(owner.token) });
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no body');
    const decoder = new TextDecoder();
    const first = await reader.read();
    const head = decoder.decode(first.value);
    // The header and the first page (the two newest orders), nothing more yet.
    expect(head).toContain('CMD-000006');
    expect(head).toContain('CMD-000005');
    expect(head).not.toContain('CMD-000004');
    // The oldest order's customer is renamed after the first bytes left: the export shows the new
    // name, so its page was read from PostgreSQL afterwards, not held in memory from the start.
    const [oldest] = await app.services.db
      .select()
      .from(schema.orders)
      .where(eq(schema.orders.id, orders[0]?.id ?? ''));
    await app.services.db
      .update(schema.prospects)
      .set({ name: 'Renamed meanwhile' })
      .where(eq(schema.prospects.id, oldest?.prospectId ?? ''));
    let rest = '';
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      rest += decoder.decode(chunk.value);
    }
    expect(rest).toContain('CMD-000001');
    expect(rest).toContain('Renamed meanwhile');
    expect(rest).not.toContain(',One,');
  });
});
