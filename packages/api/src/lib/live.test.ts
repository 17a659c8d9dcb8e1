import { schema } from '@flux/db';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { useTestApp } from '../testing';
import { createMemoryBus, createRedisBus, type LiveBus, type LiveEvent, liveEvents } from './live';

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

  const redisUrl = inject('redisUrl');
  const buses: LiveBus[] = [];
  afterAll(() => Promise.all(buses.map((bus) => bus.close())));
  if (redisUrl) {
    it('through Redis, an event published by one process reaches subscribers in another', async () => {
      const [a, b] = [createRedisBus(redisUrl), createRedisBus(redisUrl)];
      buses.push(a, b);
      const business = `biz-${Math.random()}`;
      const events = liveEvents(b, business)[Symbol.asyncIterator]();
      const pending = next(events);
      await new Promise((resolve) => setTimeout(resolve, 100)); // the SUBSCRIBE reaches Redis
      await a.publish(business, { type: 'message.created', conversationId: 'c', messageId: 'm' });
      expect((await pending).value).toEqual({
        type: 'message.created',
        conversationId: 'c',
        messageId: 'm',
      });
      await events.return?.();
    });
  }
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
});
