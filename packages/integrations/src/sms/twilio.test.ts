import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../delivery-error';
import { FAKE_TWILIO, type FakeSms, startCallbackRecorder, startFakeSms } from './fake';
import {
  createTwilioSms,
  parseTwilioStatusCallback,
  signTwilioRequest,
  statusCallbackRef,
  verifyTwilioSignature,
} from './twilio';

let fake: FakeSms;
let recorder: Awaited<ReturnType<typeof startCallbackRecorder>>;

beforeAll(async () => {
  recorder = await startCallbackRecorder();
  fake = await startFakeSms();
  fake.addUnreachable('+33600000000');
  fake.addUndeliverable('+33699999999');
});
afterAll(async () => {
  await fake.close();
  await recorder.close();
});
beforeEach(() => {
  fake.setLatency(0);
});

const client = (overrides: Partial<Parameters<typeof createTwilioSms>[0]> = {}) =>
  createTwilioSms({
    ...FAKE_TWILIO,
    sender: { from: '+15005550006' },
    statusCallback: `${recorder.url}/webhooks/twilio?business=biz-1`,
    baseUrl: fake.url,
    ...overrides,
  });

let key = 0;
const message = () => ({
  to: '+33612345678',
  text: 'Votre colis arrive',
  idempotencyKey: `n-${++key}`,
});

describe('Twilio SMS (against the fake)', () => {
  it('sends with Basic auth and the idempotency token, and returns the SM sid', async () => {
    const sms = message();
    const result = await client().send(sms);
    expect(result).toEqual({ providerMessageId: expect.stringMatching(/^SM/), status: 'queued' });
    expect(fake.received.at(-1)).toMatchObject({
      provider: 'twilio',
      to: '+33612345678',
      text: 'Votre colis arrive',
      id: result.providerMessageId,
      idempotencyKey: sms.idempotencyKey,
    });
    const callback = fake.received.at(-1)?.statusCallback ?? '';
    expect(statusCallbackRef(callback)).toBe(sms.idempotencyKey);
  });

  it('a resend with the same idempotency key returns the first message and sends nothing', async () => {
    const sms = message();
    const first = await client().send(sms);
    const before = fake.received.length;
    const again = await client().send(sms);
    expect(again.providerMessageId).toBe(first.providerMessageId);
    expect(fake.received.length).toBe(before);
  });

  it('an invalid number (21211) and a STOP (21610) are recipient errors, not retryable', async () => {
    const error = await client()
      .send({ ...message(), to: '+33600000000' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ status: 400, code: 21211, kind: 'recipient', retryable: false });
    fake.failNext('twilio', { code: 21610 });
    await expect(client().send(message())).rejects.toMatchObject({
      code: 21610,
      kind: 'recipient',
      recipientUnreachable: true,
    });
  });

  it('a region without permission (21408) and a bad token are account errors', async () => {
    fake.failNext('twilio', { code: 21408 });
    await expect(client().send(message())).rejects.toMatchObject({ code: 21408, kind: 'account' });
    await expect(client({ authToken: 'wrong' }).send(message())).rejects.toMatchObject({
      status: 401,
      code: 20003,
      kind: 'account',
      retryable: false,
    });
  });

  it('a 429 is throttled and a Twilio 500 is retryable without having sent', async () => {
    fake.failNext('twilio', { code: 20429, httpStatus: 429 });
    await expect(client().send(message())).rejects.toMatchObject({
      kind: 'throttled',
      retryable: true,
      mayHaveArrived: false,
    });
    fake.failNext('twilio', { code: 20500, httpStatus: 500 });
    await expect(client().send(message())).rejects.toMatchObject({
      kind: 'unavailable',
      retryable: true,
      mayHaveArrived: false,
    });
  });

  it('a timeout is unknown (mayHaveArrived); the retry with the same key gets the same message', async () => {
    fake.setLatency(1_500);
    const sms = message();
    const before = fake.received.length;
    await expect(client({ timeoutMs: 400 }).send(sms)).rejects.toMatchObject({
      kind: 'unknown',
      mayHaveArrived: true,
    });
    expect(fake.received.length).toBe(before + 1);
    fake.setLatency(0);
    const retried = await client().send(sms);
    expect(retried.providerMessageId).toBe(fake.received.at(-1)?.id);
    expect(fake.received.length).toBe(before + 1);
  });

  it('status callbacks are signed like Twilio signs them and parse to delivered / failed', async () => {
    const delivered = await client().send(message());
    const failed = await client().send({ ...message(), to: '+33699999999' });
    recorder.calls.length = 0;
    await fake.deliverReports();
    for (const call of recorder.calls) {
      expect(
        verifyTwilioSignature({
          authToken: FAKE_TWILIO.authToken,
          url: call.url,
          params: call.params,
          signature: String(call.headers['x-twilio-signature']),
        }),
      ).toBe(true);
      expect(statusCallbackRef(call.url)).toMatch(/^n-/);
    }
    const reports = recorder.calls.map((call) => parseTwilioStatusCallback(call.params));
    expect(reports).toContainEqual({
      providerMessageId: delivered.providerMessageId,
      state: 'delivered',
    });
    expect(reports).toContainEqual({
      providerMessageId: failed.providerMessageId,
      state: 'failed',
      error: '30003',
    });
  });
});

describe('the fake with autoReport', () => {
  it('posts each message’s status callback on its own after the send', async () => {
    const auto = await startFakeSms({ autoReport: true });
    try {
      const sent = await client({ baseUrl: auto.url }).send(message());
      await expect
        .poll(() =>
          recorder.calls.find((call) => call.params.get('MessageSid') === sent.providerMessageId),
        )
        .toBeDefined();
    } finally {
      await auto.close();
    }
  });
});

describe('verifyTwilioSignature', () => {
  const url = 'https://api.flux.test/webhooks/twilio?business=biz-1&ref=n-1';
  const params = {
    MessageSid: 'SM1',
    MessageStatus: 'delivered',
    AccountSid: FAKE_TWILIO.accountSid,
  };
  const signature = signTwilioRequest(FAKE_TWILIO.authToken, url, params);

  it('matches Twilio’s documented example', () => {
    // From Twilio's "Webhooks security" page: this URL, these parameters and token 12345.
    const example = signTwilioRequest('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+12349013030',
      Digits: '1234',
      From: '+12349013030',
      To: '+18005551212',
    });
    expect(example).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('refuses a changed parameter, another URL, another token or no signature', () => {
    const check = (overrides: Partial<Parameters<typeof verifyTwilioSignature>[0]>) =>
      verifyTwilioSignature({
        authToken: FAKE_TWILIO.authToken,
        url,
        params,
        signature,
        ...overrides,
      });
    expect(check({})).toBe(true);
    expect(check({ params: { ...params, MessageStatus: 'failed' } })).toBe(false);
    expect(check({ url: url.replace('biz-1', 'biz-2') })).toBe(false);
    expect(check({ authToken: 'other' })).toBe(false);
    expect(check({ signature: undefined })).toBe(false);
    expect(check({ signature: 'short' })).toBe(false);
  });

  it('parses a queued callback as sent and refuses a form that is not one', () => {
    expect(parseTwilioStatusCallback({ MessageSid: 'SM1', MessageStatus: 'sent' })).toEqual({
      providerMessageId: 'SM1',
      state: 'sent',
    });
    expect(parseTwilioStatusCallback(new URLSearchParams({ Body: 'hi' }))).toBeNull();
  });
});
