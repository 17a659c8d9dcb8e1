// The customer's delivery code as a secret: never in an answer, a few wrong guesses lock the
// delivery for the courier, and only the dispatcher lifts the lock (audited). The app runs as during
// a key rotation (a previous server key): the code told before it still opens the door.
import { createHash } from 'node:crypto';
import { schema } from '@flux/db';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../lib/live';
import { deliveryOtp as codeUnder } from '../services/dispatch';
import { deliveryOtp, PREVIOUS_TEST_KEY, useTestApp } from '../testing';
import { dispatchWorld } from './dispatch.cases';

const app = useTestApp({ previousServerKeys: [PREVIOUS_TEST_KEY] });
let actions = 0;
const next = () => `code-test-${++actions}`;

/** Every string anywhere in an answer. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.values(value).flatMap(strings);
  }
  return [];
}

/** Neither the code under the current key nor the one under the previous key. */
const wrongCode = (deliveryId: string) => {
  const right = [deliveryOtp(deliveryId), codeUnder(deliveryId, PREVIOUS_TEST_KEY)];
  return ['0000', '0001', '0002'].find((code) => !right.includes(code)) ?? '0003';
};

describe('the delivery code', () => {
  it('no courier answer lets the courier recover the code (all 10,000 codes tried against every string)', async () => {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    const businessId = owner.businessId;
    const courier = world.rider.caller.courier;
    const deliveryId = await world.delivery('offered');
    const answers: unknown[] = [];
    answers.push(await courier.myOffers({ businessId }));
    answers.push(await courier.accept({ businessId, deliveryId, clientActionId: next() }));
    answers.push(await courier.myDeliveries({ businessId }));
    answers.push(await courier.me({ businessId }));
    answers.push(await courier.pickUp({ businessId, deliveryId, clientActionId: next() }));
    const seen = new Set(answers.flatMap(strings));
    // What an attacker does with a leaked hash: hash every code and look for a match.
    const recovered: string[] = [];
    for (let code = 0; code < 10_000; code++) {
      const guess = String(code).padStart(4, '0');
      const hash = createHash('sha256').update(`${deliveryId}:${guess}`).digest('hex');
      if (seen.has(hash)) recovered.push(guess);
    }
    expect(recovered).toEqual([]);
    expect(JSON.stringify(answers)).not.toMatch(/hash|otp/i);
  });

  it('after 5 wrong codes the delivery is locked: the right code is refused and the dispatcher is told', async () => {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    const businessId = owner.businessId;
    const courier = world.rider.caller.courier;
    const deliveryId = await world.delivery('picked_up');
    const heard: LiveEvent[] = [];
    const unsubscribe = app.services.live.subscribe(businessId, (event) => heard.push(event));
    const wrong = wrongCode(deliveryId);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await expect(
        courier.deliver({ businessId, deliveryId, clientActionId: next(), otp: wrong }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    // The right code, too late: the courier must call the shop.
    await expect(
      courier.deliver({
        businessId,
        deliveryId,
        clientActionId: next(),
        otp: deliveryOtp(deliveryId),
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    unsubscribe();
    const [delivery] = await app.services.db
      .select({ status: schema.deliveries.status })
      .from(schema.deliveries)
      .where(eq(schema.deliveries.id, deliveryId));
    expect(delivery?.status).toBe('picked_up');
    expect(heard).toContainEqual({ type: 'delivery.updated', deliveryId, reason: 'code_locked' });
    // The board shows it, and its detail says why.
    const detail = await owner.caller.deliveries.byId({ id: deliveryId });
    expect(detail).toMatchObject({ codeLocked: true, wrongCodes: 5 });
  });

  it('after a key rotation, the code told under the previous key opens the door; the shop now tells the new one, which does too', async () => {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    const businessId = owner.businessId;
    const told = await world.delivery('picked_up');
    const toldBefore = codeUnder(told, PREVIOUS_TEST_KEY);
    // The shop's detail gives the code under the current key (new codes are made under it).
    expect((await owner.caller.deliveries.byId({ id: told })).otp).toBe(deliveryOtp(told));
    expect(deliveryOtp(told)).toBe(codeUnder(told, app.services.config.deliveryCodeKey));
    const courier = world.rider.caller.courier;
    const done = await courier.deliver({
      businessId,
      deliveryId: told,
      clientActionId: next(),
      otp: toldBefore,
    });
    expect(done.delivery.status).toBe('delivered');
    const shown = await world.delivery('picked_up');
    const second = await courier.deliver({
      businessId,
      deliveryId: shown,
      clientActionId: next(),
      otp: deliveryOtp(shown),
    });
    expect(second.delivery.status).toBe('delivered');
    // Any other code is still wrong, and counted.
    const third = await world.delivery('picked_up');
    await expect(
      courier.deliver({
        businessId,
        deliveryId: third,
        clientActionId: next(),
        otp: wrongCode(third),
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await owner.caller.deliveries.byId({ id: third })).toMatchObject({ wrongCodes: 1 });
  });

  it('a photo URL alone does not complete a delivery', async () => {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    const businessId = owner.businessId;
    const deliveryId = await world.delivery('picked_up');
    await expect(
      world.rider.caller.courier.deliver({
        businessId,
        deliveryId,
        clientActionId: next(),
        photoUrl: 'https://example.test/any-door.jpg',
      } as never),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const [delivery] = await app.services.db
      .select({ status: schema.deliveries.status })
      .from(schema.deliveries)
      .where(and(eq(schema.deliveries.id, deliveryId)));
    expect(delivery?.status).toBe('picked_up');
  });
});

describe('the dispatcher releases a locked delivery', () => {
  async function locked() {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    const businessId = owner.businessId;
    const deliveryId = await world.delivery('picked_up');
    for (let attempt = 0; attempt < 5; attempt++) {
      await world.rider.caller.courier
        .deliver({ businessId, deliveryId, clientActionId: next(), otp: wrongCode(deliveryId) })
        .catch(() => undefined);
    }
    return { owner, world, businessId, deliveryId };
  }

  const auditOf = async (deliveryId: string) =>
    (
      await app.services.db
        .select({ action: schema.auditLogs.action, changes: schema.auditLogs.changes })
        .from(schema.auditLogs)
        .where(eq(schema.auditLogs.entityId, deliveryId))
    ).map((row) => row.action);

  it('unlocked with a reason (audited): the courier delivers with the right code', async () => {
    const { owner, world, businessId, deliveryId } = await locked();
    await expect(
      owner.caller.deliveries.unlockCode({ id: deliveryId, reason: '' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const unlocked = await owner.caller.deliveries.unlockCode({
      id: deliveryId,
      reason: 'Customer confirmed by phone',
    });
    expect(unlocked).toMatchObject({ codeLocked: false, wrongCodes: 0 });
    const done = await world.rider.caller.courier.deliver({
      businessId,
      deliveryId,
      clientActionId: next(),
      otp: deliveryOtp(deliveryId),
    });
    expect(done.delivery.status).toBe('delivered');
    expect(await auditOf(deliveryId)).toEqual(
      expect.arrayContaining([
        'delivery.code_wrong',
        'delivery.code_locked',
        'delivery.code_unlock',
      ]),
    );
  });

  it('the code waived (audited): the courier delivers without it; a delivery not locked cannot be unlocked', async () => {
    const { owner, world, businessId, deliveryId } = await locked();
    await owner.caller.deliveries.waiveCode({ id: deliveryId, reason: 'Customer at the shop' });
    await expect(
      owner.caller.deliveries.unlockCode({ id: deliveryId, reason: 'again' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const done = await world.rider.caller.courier.deliver({
      businessId,
      deliveryId,
      clientActionId: next(),
    });
    expect(done.delivery).toMatchObject({ status: 'delivered', codeWaived: true });
    const detail = await owner.caller.deliveries.byId({ id: deliveryId });
    expect(detail).toMatchObject({ proof: 'waived', otp: null });
    expect(detail.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['code_locked', 'code_released', 'delivered']),
    );
    expect(await auditOf(deliveryId)).toContain('delivery.code_waive');
  });

  it('a courier cannot waive or unlock their own delivery', async () => {
    const { world, businessId, deliveryId } = await locked();
    await expect(
      world.rider.caller.deliveries.unlockCode({ businessId, id: deliveryId, reason: 'I am sure' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
