import { schema } from '@flux/db';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../testing';
import {
  createMemoryBus,
  createPostgresBus,
  LIVE_CHANNEL,
  type LiveBus,
  type LiveEvent,
  liveEvents,
} from './live';

const next = (iterator: AsyncIterator<LiveEvent>) =>
  Promise.race([
    iterator.next(),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('no event within 5 s')), 5_000),
    ),
  ]);

describe('live bus', () => {
  it('delivers a business’s events to its subscribers only, and stops when aborted', async () => {
    const bus = createMemoryBus();
    const abort = new AbortController();
    const mine = liveEvents(bus, 'business-a', abort.signal)[Symbol.asyncIterator]();
    const pending = next(mine);
    await bus.publish('business-b', { type: 'conversation.updated', conversationId: 'other' });
    await bus.publish('business-a', { type: 'conversation.updated', conversationId: 'mine' });
    expect((await pending).value).toEqual({ type: 'conversation.updated', conversationId: 'mine' });
    const ended = mine.next();
    abort.abort();
    expect((await ended).done).toBe(true);
  });
});

describe('live bus through PostgreSQL', () => {
  const app = useTestApp();
  const buses: LiveBus[] = [];
  afterAll(() => Promise.all(buses.map((bus) => bus.close())));
  const bus = async () => {
    const created = createPostgresBus({ db: app.services.db, url: app.url });
    buses.push(created);
    await created.ready();
    return created;
  };
  const listeners = async () =>
    Number(
      (
        await app.services.db.execute<{ n: number }>(
          sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and query = ${`listen ${LIVE_CHANNEL}`}`,
        )
      ).rows[0]?.n,
    );
  const collect = (on: LiveBus, businessId: string) => {
    const heard: LiveEvent[] = [];
    on.subscribe(businessId, (event) => heard.push(event));
    return heard;
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('an event published in one process reaches subscribers in another and in its own, each once', async () => {
    const [a, b] = [await bus(), await bus()];
    const business = `biz-${Math.random()}`;
    const [inA, inB] = [collect(a, business), collect(b, business)];
    const other = collect(b, 'another-business');
    const event: LiveEvent = { type: 'message.created', conversationId: 'c', messageId: 'm' };
    await a.publish(business, event);
    expect(inA).toEqual([event]); // at once, without the round trip
    const deadline = Date.now() + 5_000;
    while (inB.length === 0 && Date.now() < deadline) await settle();
    await settle();
    expect(inB).toEqual([event]);
    expect(inA).toEqual([event]);
    expect(other).toEqual([]);
  });

  it('events published together all arrive, in order, the same one twice too', async () => {
    const [a, b] = [await bus(), await bus()];
    const business = `biz-${Math.random()}`;
    const heard = collect(b, business);
    const updated = (conversationId: string): LiveEvent => ({
      type: 'conversation.updated',
      conversationId,
    });
    const sent = [updated('1'), updated('1'), updated('2'), updated('3'), updated('3')];
    await Promise.all(sent.map((event) => a.publish(business, event)));
    const deadline = Date.now() + 5_000;
    while (heard.length < sent.length && Date.now() < deadline) await settle();
    await settle();
    expect(heard).toEqual(sent);
  });

  it('publishes arriving at any moment of a flush all go out', async () => {
    const [a, b] = [await bus(), await bus()];
    const business = `biz-${Math.random()}`;
    const heard = collect(b, business);
    const sent: LiveEvent[] = [];
    const publishing: Promise<void>[] = [];
    // Each publish starts after a different number of microtask turns or a timer, so some land
    // while a NOTIFY is in flight, some just as one ends.
    for (let i = 0; i < 300; i++) {
      const event: LiveEvent = { type: 'conversation.updated', conversationId: String(i) };
      sent.push(event);
      publishing.push(
        (async () => {
          if (i % 3 === 0) await new Promise((resolve) => setTimeout(resolve, i % 7));
          for (let turn = 0; turn < i % 11; turn++) await Promise.resolve();
          await a.publish(business, event);
        })(),
      );
    }
    await Promise.all(publishing);
    const deadline = Date.now() + 5_000;
    while (heard.length < sent.length && Date.now() < deadline) await settle();
    expect(heard).toHaveLength(sent.length);
    expect(new Set(heard.map((event) => JSON.stringify(event))).size).toBe(sent.length);
  });

  it('the LISTEN connection cut by the server comes back, and closing ends it', async () => {
    const before = await listeners();
    const [a, b] = [await bus(), await bus()];
    expect(await listeners()).toBe(before + 2);
    const business = `biz-${Math.random()}`;
    const heard = collect(b, business);
    await app.services.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = ${`listen ${LIVE_CHANNEL}`}`,
    );
    const event: LiveEvent = { type: 'conversation.updated', conversationId: 'back' };
    const deadline = Date.now() + 10_000;
    while (!heard.some((e) => e.type === 'conversation.updated') && Date.now() < deadline) {
      await a.publish(business, event);
      await settle();
    }
    expect(heard.filter((e) => e.type !== 'resync')[0]).toEqual(event);
    // Once back, its subscribers were told they may have missed events.
    expect(heard).toContainEqual({ type: 'resync' });
    await Promise.all([a.close(), b.close()]);
    // Other buses of this file were cut too and came back; only these two are gone.
    const gone = Date.now() + 5_000;
    while ((await listeners()) !== before && Date.now() < gone) await settle();
    expect(await listeners()).toBe(before);
  });
});

describe('live.events subscription', () => {
  const app = useTestApp();
  it('a dashboard subscribed to its business hears a conversation being read', async () => {
    const owner = await app.signUp();
    const [prospect] = await app.services.db
      .insert(schema.prospects)
      .values({ businessId: owner.businessId, phone: '+221770009999' })
      .returning();
    const [conversation] = await app.services.db
      .insert(schema.conversations)
      .values({
        businessId: owner.businessId,
        prospectId: prospect?.id ?? '',
        channel: 'whatsapp',
        unreadCount: 2,
      })
      .returning();
    const stream = (await owner.caller.live.events())[Symbol.asyncIterator]();
    const pending = next(stream as AsyncIterator<LiveEvent>);
    await owner.caller.conversations.markRead({ id: conversation?.id ?? '' });
    expect((await pending).value).toEqual({
      type: 'conversation.updated',
      conversationId: conversation?.id,
    });
    await stream.return?.();
  });

  it('the dashboard does not hear courier positions, but hears an order change status (the inbox card follows it)', async () => {
    const owner = await app.signUp();
    const stream = (await owner.caller.live.events())[Symbol.asyncIterator]();
    const first = next(stream as AsyncIterator<LiveEvent>);
    await app.services.live.publish(owner.businessId, {
      type: 'courier.position',
      courierId: '00000000-0000-4000-8000-000000000001',
      deliveryIds: [],
      lat: 14.7,
      lng: -17.4,
      at: new Date().toISOString(),
    });
    await app.services.live.publish(owner.businessId, {
      type: 'order.status',
      orderId: '00000000-0000-4000-8000-000000000002',
      status: 'confirmed',
    });
    await app.services.live.publish(owner.businessId, {
      type: 'conversation.updated',
      conversationId: '00000000-0000-4000-8000-000000000003',
    });
    expect((await first).value).toEqual({
      type: 'order.status',
      orderId: '00000000-0000-4000-8000-000000000002',
      status: 'confirmed',
    });
    expect((await next(stream as AsyncIterator<LiveEvent>)).value).toEqual({
      type: 'conversation.updated',
      conversationId: '00000000-0000-4000-8000-000000000003',
    });
    await stream.return?.();
  });
});
