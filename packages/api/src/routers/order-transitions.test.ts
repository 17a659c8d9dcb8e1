// The whole order lifecycle, table-driven: every allowed move works, every other move from every
// state is refused, and the final states have no way out. The table is written here again, on
// purpose: a test that read the service's own table would agree with any mistake made in it.
import { schema } from '@flux/db';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestUser, useTestApp } from '../testing';

const app = useTestApp();

const STATUSES = [
  'draft',
  'pending',
  'confirmed',
  'preparing',
  'ready',
  'out_for_delivery',
  'delivered',
  'cancelled',
  'failed',
  'returned',
] as const;
type Status = (typeof STATUSES)[number];

/** The lifecycle as the product defines it (docs/architecture.md, "Commerce"). */
const ALLOWED: Record<Status, Status[]> = {
  draft: ['pending', 'confirmed', 'cancelled'],
  pending: ['confirmed', 'cancelled'],
  confirmed: ['preparing', 'cancelled'],
  preparing: ['ready', 'cancelled'],
  ready: ['out_for_delivery', 'cancelled'],
  out_for_delivery: ['delivered', 'failed'],
  delivered: [],
  cancelled: [],
  failed: ['returned'],
  returned: [],
};
const FINAL: Status[] = ['delivered', 'cancelled', 'returned'];

let owner: TestUser;
let productId = '';
let prospectId = '';
beforeAll(async () => {
  owner = await app.signUp();
  const product = await owner.caller.products.create({
    sku: 'LIFE',
    name: 'Panier',
    price: 2_000,
    stock: 100_000,
  });
  productId = product.id;
  const [prospect] = await app.services.db
    .insert(schema.prospects)
    .values({ businessId: owner.businessId, phone: '+221775550001' })
    .returning();
  prospectId = prospect?.id ?? '';
});

/** An order standing in `status` (put there directly: how it got there is not under test). */
async function orderIn(status: Status) {
  const order = await owner.caller.orders.create({
    prospectId,
    lines: [{ productId, quantity: 1 }],
  });
  await app.services.db.update(schema.orders).set({ status }).where(eq(schema.orders.id, order.id));
  return order.id;
}

const pairs = STATUSES.flatMap((from) => STATUSES.map((to) => [from, to] as const));

describe('the order lifecycle', () => {
  it.each(pairs)('%s → %s is allowed exactly when the table says so', async (from, to) => {
    const id = await orderIn(from);
    const moved = await owner.caller.orders
      .transition({ id, to, reason: 'Client injoignable' })
      .then(
        (order) => order.status,
        (error: { code?: string }) => error.code,
      );
    const [row] = await app.services.db
      .select({ status: schema.orders.status })
      .from(schema.orders)
      .where(eq(schema.orders.id, id));
    if (ALLOWED[from].includes(to)) {
      expect(moved).toBe(to);
      expect(row?.status).toBe(to);
    } else {
      expect(moved).toBe('BAD_REQUEST');
      expect(row?.status).toBe(from); // nothing written
    }
  });

  it.each(STATUSES)(
    'an order %s offers exactly its allowed moves (none from a final state)',
    async (status) => {
      const order = await owner.caller.orders.byId({ id: await orderIn(status) });
      expect([...order.allowedTransitions].sort()).toEqual([...ALLOWED[status]].sort());
      expect(order.allowedTransitions.length === 0).toBe(FINAL.includes(status));
    },
  );
});
