// The courier app's moments that may give a waiting delivery its courier (the sign-up limits of
// dispatch.test.ts left out: this file signs up its own users).
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deliveryOtp, useTestApp } from '../testing';
import { dispatchWorld } from './dispatch.cases';

const app = useTestApp();

describe('waiting deliveries', () => {
  it('a courier going available, back in view or done asks for the waiting deliveries, once per business', async () => {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    const businessId = owner.businessId;
    const courier = world.rider.caller.courier;
    const queued = async () =>
      (
        await app.services.db.execute<{ n: number }>(sql`
          select count(*)::int as n from pgboss.job
          where name = 'delivery.offer-waiting' and singleton_key = ${businessId}
            and state = 'created'`)
      ).rows[0]?.n;
    await courier.setAvailability({ businessId, status: 'offline' });
    expect(await queued()).toBe(0);
    await courier.setAvailability({ businessId, status: 'available' });
    expect(await queued()).toBe(1);
    // One waiting run per business is enough: a second reason does not queue a second.
    await courier.updateLocation({ businessId, lat: 14.7, lng: -17.45 });
    expect(await queued()).toBe(1);
    await app.services.db.execute(
      sql`delete from pgboss.job where name = 'delivery.offer-waiting'`,
    );
    // A fresh position from a courier already in view asks for nothing.
    await courier.updateLocation({ businessId, lat: 14.71, lng: -17.45 });
    expect(await queued()).toBe(0);
    // A delivery done frees a slot.
    const done = await world.delivery('picked_up');
    await courier.deliver({
      businessId,
      deliveryId: done,
      clientActionId: 'waiting-deliver',
      otp: deliveryOtp(done),
    });
    expect(await queued()).toBe(1);
  });
});
