import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../delivery-error';
import { createExpoPush, type ExpoPushOptions, isExpoPushToken } from './client';
import { type FakePush, startFakePush } from './fake';

let fake: FakePush;
beforeAll(async () => {
  fake = await startFakePush({ accessToken: 'expo-access' });
  fake.addUnregistered('ExponentPushToken[gone]');
  fake.addUnregisteredOnDelivery('ExponentPushToken[uninstalled]');
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.setLatency(0);
});

const push = (overrides: ExpoPushOptions = {}) =>
  createExpoPush({ baseUrl: fake.url, accessToken: 'expo-access', ...overrides });

const offer = {
  to: 'ExponentPushToken[courier-1]',
  title: 'Nouvelle course',
  body: 'Livraison à Plateau, 2 500 F',
  data: { deliveryId: 'd-1' },
  sound: 'default' as const,
  priority: 'high' as const,
  channelId: 'offers',
  idempotencyKey: 'n-9',
};

describe('Expo push (against the fake)', () => {
  it('sends in Expo’s wire format, the key in data, and returns a ticket per message', async () => {
    const tickets = await push().sendPush([offer]);
    expect(tickets).toEqual([{ status: 'ok', id: expect.any(String), to: offer.to }]);
    expect(fake.received.at(-1)).toMatchObject({
      to: offer.to,
      title: 'Nouvelle course',
      body: 'Livraison à Plateau, 2 500 F',
      data: { deliveryId: 'd-1', idempotencyKey: 'n-9' },
      sound: 'default',
      priority: 'high',
      channelId: 'offers',
    });
    const [ticket] = tickets;
    if (ticket?.status !== 'ok') throw new Error('expected a ticket id');
    await expect(push().getReceipts([ticket.id])).resolves.toEqual({
      [ticket.id]: { status: 'ok' },
    });
  });

  it('DeviceNotRegistered in a ticket is told apart, and the other messages still go', async () => {
    const tickets = await push().sendPush([{ ...offer, to: 'ExponentPushToken[gone]' }, offer]);
    expect(tickets[0]).toMatchObject({
      status: 'error',
      error: 'DeviceNotRegistered',
      kind: 'recipient',
      deviceNotRegistered: true,
      to: 'ExponentPushToken[gone]',
    });
    expect(tickets[1]).toMatchObject({ status: 'ok' });
  });

  it('DeviceNotRegistered in a receipt (the app was removed after the ticket)', async () => {
    const [ticket] = await push().sendPush([{ ...offer, to: 'ExponentPushToken[uninstalled]' }]);
    if (ticket?.status !== 'ok') throw new Error('expected a ticket id');
    const receipts = await push().getReceipts([ticket.id, 'unknown-id']);
    expect(receipts).toEqual({
      [ticket.id]: {
        status: 'error',
        error: 'DeviceNotRegistered',
        message: expect.stringContaining('not a registered'),
        kind: 'recipient',
        deviceNotRegistered: true,
      },
    });
  });

  it('a message over 4 KB is refused alone (MessageTooBig)', async () => {
    const [ticket] = await push().sendPush([{ ...offer, body: 'x'.repeat(5_000) }]);
    expect(ticket).toMatchObject({ status: 'error', error: 'MessageTooBig', kind: 'rejected' });
  });

  it('a bad access token is an account error; a 429 is throttled; an Expo 500 sent nothing', async () => {
    const error = await push({ accessToken: 'wrong' })
      .sendPush([offer])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({
      status: 401,
      kind: 'account',
      code: 'UNAUTHORIZED',
      retryable: false,
    });
    fake.failNext(429, 'RATE_LIMIT_EXCEEDED');
    await expect(push().sendPush([offer])).rejects.toMatchObject({
      kind: 'throttled',
      retryable: true,
    });
    fake.failNext(500);
    await expect(push().sendPush([offer])).rejects.toMatchObject({
      kind: 'unavailable',
      retryable: true,
      mayHaveArrived: false,
    });
  });

  it('a timeout is unknown (mayHaveArrived): the fake had already taken the message', async () => {
    fake.setLatency(1_500);
    const before = fake.received.length;
    await expect(push({ timeoutMs: 400 }).sendPush([offer])).rejects.toMatchObject({
      kind: 'unknown',
      mayHaveArrived: true,
    });
    expect(fake.received.length).toBe(before + 1);
  });

  it('recognises Expo push tokens', () => {
    expect(isExpoPushToken('ExponentPushToken[xxxxxxxxxxxxxxxxxxxxxx]')).toBe(true);
    expect(isExpoPushToken('ExpoPushToken[abc]')).toBe(true);
    expect(isExpoPushToken('fcm:abc')).toBe(false);
  });
});
