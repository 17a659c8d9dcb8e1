import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyPassword } from '../password';
import { waitingDeliveriesOfAllBusinesses } from '../queries/deliveries';
import * as schema from '../schema';
import { createTestDatabase } from '../testing';
import { DEMO_LOGIN, seedDemo } from '.';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase(inject('pgServerUrl'), inject('pgTemplate'));
});
afterAll(() => database.drop());

const count = async (query: ReturnType<typeof sql>) =>
  (await database.db.execute<{ n: number }>(query)).rows[0]?.n;

describe('seedDemo', () => {
  it('builds the demo merchant once, even when two processes start together', async () => {
    const results = await Promise.all([
      seedDemo(database.db, { onlyIfEmpty: true }),
      seedDemo(database.db, { onlyIfEmpty: true }),
    ]);
    expect(results.filter((r) => r?.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r?.businessId)).size).toBe(1);
    expect(await count(sql`select count(*)::int as n from businesses`)).toBe(1);
  });

  it('has what the product needs to show: XOF in Dakar, 20 products, 30 prospects with French chats', async () => {
    const [business] = await database.db.select().from(schema.businesses);
    expect(business).toMatchObject({ currency: 'XOF', timezone: 'Africa/Dakar', country: 'SN' });
    expect(await database.db.$count(schema.products)).toBe(20);
    expect(await database.db.$count(schema.prospects)).toBe(30);
    expect(await database.db.$count(schema.conversations)).toBe(30);
    expect(await count(sql`select count(distinct conversation_id)::int as n from messages`)).toBe(
      30,
    );
    expect(
      await count(
        sql`select count(*)::int as n from messages where body ~* '(bonjour|bonsoir|merci|livraison)'`,
      ),
    ).toBeGreaterThan(20);
  });

  it('has orders in every state, with totals that add up', async () => {
    const statuses = await database.db.execute<{ status: string }>(
      sql`select distinct status::text as status from orders`,
    );
    expect(statuses.rows.map((r) => r.status).sort()).toEqual(
      [...schema.orderStatusEnum.enumValues].sort(),
    );
    expect(
      await count(
        sql`select count(*)::int as n from orders o where o.subtotal <> (select sum(line_total) from order_items i where i.order_id = o.id)`,
      ),
    ).toBe(0);
  });

  it('every order’s history starts with its creation, by a member or the AI, before its moves', async () => {
    expect(
      await count(
        sql`select count(*)::int as n from orders o where not exists (
          select 1 from audit_logs a where a.entity_type = 'order' and a.entity_id = o.id::text
            and a.action = 'order.create' and a.created_at = o.created_at)`,
      ),
    ).toBe(0);
    // Members' entries name a member; the AI's (drafts read from a chat) none.
    expect(
      await count(
        sql`select count(*)::int as n from audit_logs a join orders o on o.id::text = a.entity_id
          where a.action = 'order.create'
            and (a.actor_user_id is distinct from o.created_by
              or (a.actor_user_id is null) <> (a.actor_label = 'ai'))`,
      ),
    ).toBe(0);
    expect(
      await count(
        sql`select count(*)::int as n from audit_logs t join audit_logs c
          on c.entity_id = t.entity_id and c.action = 'order.create'
          where t.action = 'order.transition' and t.created_at < c.created_at`,
      ),
    ).toBe(0);
  });

  it('has 5 couriers within 3 km of the pickup point', async () => {
    const [business] = await database.db.select().from(schema.businesses);
    const pickup = business?.settings.pickup;
    expect(pickup).not.toBeNull();
    const couriers = await database.db.select().from(schema.couriers);
    expect(couriers).toHaveLength(5);
    for (const courier of couriers) {
      const dLat = ((courier.lastLat ?? 0) - (pickup?.lat ?? 0)) * 111_320;
      const dLng =
        ((courier.lastLng ?? 0) - (pickup?.lng ?? 0)) *
        111_320 *
        Math.cos(((pickup?.lat ?? 0) * Math.PI) / 180);
      expect(Math.hypot(dLat, dLng)).toBeLessThan(3_000);
    }
  });

  it('no delivery waits unseen: a pending one is flagged for the dispatcher and retried by the sweep', async () => {
    const pending = await database.db.execute<{ needs_dispatcher: boolean; flagged: boolean }>(
      sql`select d.needs_dispatcher, exists (
          select 1 from delivery_events e where e.delivery_id = d.id and e.type = 'cancelled'
            and (e.data->>'needsDispatcher')::boolean) as flagged
        from deliveries d where d.status = 'pending'`,
    );
    expect(pending.rows.length).toBeGreaterThan(0);
    expect(pending.rows).toEqual(
      pending.rows.map(() => ({ needs_dispatcher: true, flagged: true })),
    );
    // What the minute sweep offers again: every one of them.
    const swept = await waitingDeliveriesOfAllBusinesses(database.db);
    expect(swept).toHaveLength(pending.rows.length);
  });

  it('the demo login’s password is the one printed', async () => {
    const [owner] = await database.db
      .execute<{ password_hash: string }>(
        sql`select password_hash from users where email = ${DEMO_LOGIN.email}`,
      )
      .then((r) => r.rows);
    expect(await verifyPassword(owner?.password_hash ?? '', DEMO_LOGIN.password)).toBe(true);
  });

  it('a second run changes nothing', async () => {
    const before = await count(sql`select count(*)::int as n from messages`);
    const again = await seedDemo(database.db);
    expect(again?.created).toBe(false);
    expect(await count(sql`select count(*)::int as n from messages`)).toBe(before);
  });

  it('deleting the demo business deletes everything it owns, orders and deliveries included', async () => {
    const [business] = await database.db.select().from(schema.businesses);
    await database.db.execute(sql`delete from businesses where id = ${business?.id ?? ''}`);
    for (const table of [
      'orders',
      'order_items',
      'deliveries',
      'delivery_events',
      'prospects',
      'messages',
      'couriers',
      'products',
    ]) {
      expect(await count(sql.raw(`select count(*)::int as n from ${table}`))).toBe(0);
    }
  });
});
