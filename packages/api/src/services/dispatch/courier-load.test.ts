// The courier load (deliveries a courier carries now), counted by one query for the board, the
// app and both assignments: what counts, what does not, and whose.
import { schema } from '@flux/db';
import { courierLoad, courierLoads } from '@flux/db/queries/couriers';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../testing';

const app = useTestApp();

describe('courier load', () => {
  it('counts offered, accepted and picked-up deliveries; not finished ones, nor another business’s', async () => {
    const owner = await app.signUp();
    const product = await owner.caller.products.create({
      sku: 'LOAD-1',
      name: 'Pagne wax',
      price: 5_000,
      stock: 100,
    });
    const [prospect] = await app.services.db
      .insert(schema.prospects)
      .values({ businessId: owner.businessId, phone: '+221774400901' })
      .returning();
    const [busy, idle] = await app.services.db
      .insert(schema.couriers)
      .values(
        ['Awa', 'Binta'].map((name, i) => ({
          businessId: owner.businessId,
          name,
          phone: `+22177990090${i}`,
          vehicle: 'motorbike' as const,
        })),
      )
      .returning();
    if (!busy || !idle || !prospect) throw new Error('setup failed');
    const statuses = ['offered', 'accepted', 'picked_up', 'delivered', 'failed'] as const;
    const ids: string[] = [];
    for (const status of statuses) {
      const order = await owner.caller.orders.create({
        prospectId: prospect.id,
        lines: [{ productId: product.id, quantity: 1 }],
      });
      const [delivery] = await app.services.db
        .insert(schema.deliveries)
        .values({ businessId: owner.businessId, orderId: order.id, courierId: busy.id, status })
        .returning({ id: schema.deliveries.id });
      if (delivery) ids.push(delivery.id);
    }
    const db = app.services.db;
    const loads = await courierLoads(db, {
      businessId: owner.businessId,
      courierIds: [busy.id, idle.id],
    });
    expect(loads.get(busy.id)).toBe(3);
    expect(loads.has(idle.id)).toBe(false);
    expect(await courierLoad(db, { businessId: owner.businessId, courierId: idle.id })).toBe(0);
    // Reassigning one of their own deliveries: it does not count against them.
    expect(
      await courierLoad(db, {
        businessId: owner.businessId,
        courierId: busy.id,
        exceptDeliveryId: ids[0] ?? '',
      }),
    ).toBe(2);
    const other = await app.signUp();
    expect(await courierLoad(db, { businessId: other.businessId, courierId: busy.id })).toBe(0);
    expect(await courierLoads(db, { businessId: owner.businessId, courierIds: [] })).toEqual(
      new Map(),
    );
  });
});
