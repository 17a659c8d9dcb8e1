import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../delivery-error';
import { ProviderError } from '../http';
import {
  createAfricasTalkingSms,
  parseAfricasTalkingReport,
  signCallbackUrl,
  verifyCallbackToken,
} from './africastalking';
import { FAKE_AFRICASTALKING, type FakeSms, startCallbackRecorder, startFakeSms } from './fake';

let fake: FakeSms;
let recorder: Awaited<ReturnType<typeof startCallbackRecorder>>;
const SECRET = 'callback-secret';

beforeAll(async () => {
  recorder = await startCallbackRecorder();
  fake = await startFakeSms({
    africastalkingCallbackUrl: signCallbackUrl(
      `${recorder.url}/webhooks/africastalking`,
      SECRET,
      'biz-1',
    ),
  });
  fake.addUnreachable('+221770000403');
  fake.addUndeliverable('+221770000999');
});
afterAll(async () => {
  await fake.close();
  await recorder.close();
});
beforeEach(() => {
  fake.setLatency(0);
});

const client = (overrides: Partial<Parameters<typeof createAfricasTalkingSms>[0]> = {}) =>
  createAfricasTalkingSms({
    ...FAKE_AFRICASTALKING,
    baseUrl: fake.url,
    from: 'FLUX',
    ...overrides,
  });

const message = {
  to: '+221771234567',
  text: 'Votre commande #12 est en route',
  idempotencyKey: 'n-1',
};

describe("Africa's Talking SMS (against the fake)", () => {
  it('sends in the documented wire format and returns the message id', async () => {
    const result = await client().send(message);
    expect(result).toEqual({ providerMessageId: expect.stringMatching(/^ATXid_/), status: 'sent' });
    expect(fake.received.at(-1)).toMatchObject({
      provider: 'africastalking',
      to: '+221771234567',
      text: 'Votre commande #12 est en route',
      id: result.providerMessageId,
    });
  });

  it('an invalid number is a permanent recipient error, not retryable', async () => {
    const error = await client()
      .send({ ...message, to: '+221770000403' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      kind: 'recipient',
      code: 403,
      recipientUnreachable: true,
      retryable: false,
      mayHaveArrived: false,
    });
  });

  it('an empty balance is an account error; an internal error is retryable and did not send', async () => {
    fake.failNext('africastalking', { code: 405 });
    await expect(client().send(message)).rejects.toMatchObject({
      kind: 'account',
      code: 405,
      retryable: false,
    });
    fake.failNext('africastalking', { code: 500 });
    await expect(client().send(message)).rejects.toMatchObject({
      kind: 'unavailable',
      retryable: true,
      mayHaveArrived: false,
    });
  });

  it('a bad API key is an account error', async () => {
    await expect(client({ apiKey: 'wrong' }).send(message)).rejects.toMatchObject({
      status: 401,
      kind: 'account',
      retryable: false,
    });
  });

  it('a timeout after the message was taken leaves it unknown (mayHaveArrived), not failed', async () => {
    fake.setLatency(1_500);
    const before = fake.received.length;
    const error = await client({ timeoutMs: 400 })
      .send(message)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unknown', mayHaveArrived: true, retryable: true });
    expect(fake.received.length).toBe(before + 1);
  });

  it('a provider that cannot be reached is retryable and sent nothing', async () => {
    // A port that was just free: nothing listens there.
    const closed = await startCallbackRecorder();
    await closed.close();
    const error = await client({ baseUrl: closed.url })
      .send(message)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unavailable', mayHaveArrived: false, retryable: true });
  });

  it('delivery reports come to the signed callback URL and parse to delivered / failed', async () => {
    const delivered = await client().send({ ...message, to: '+221771111111' });
    const failed = await client().send({ ...message, to: '+221770000999' });
    recorder.calls.length = 0;
    await fake.deliverReports();
    const reports = recorder.calls.map((call) => {
      expect(verifyCallbackToken(call.url, SECRET)).toBe('biz-1');
      return parseAfricasTalkingReport(call.params);
    });
    expect(reports).toContainEqual({
      providerMessageId: delivered.providerMessageId,
      state: 'delivered',
    });
    expect(reports).toContainEqual({
      providerMessageId: failed.providerMessageId,
      state: 'failed',
      error: 'AbsentSubscriber',
    });
  });

  it('parses intermediate reports as sent, and refuses a form that is not a report', () => {
    expect(parseAfricasTalkingReport({ id: 'ATXid_1', status: 'Buffered' })).toEqual({
      providerMessageId: 'ATXid_1',
      state: 'sent',
    });
    expect(parseAfricasTalkingReport({ id: 'ATXid_1', status: 'Rejected' })).toEqual({
      providerMessageId: 'ATXid_1',
      state: 'failed',
      error: 'Rejected',
    });
    expect(parseAfricasTalkingReport(new URLSearchParams({ foo: 'bar' }))).toBeNull();
  });
});

describe('callback URL token', () => {
  it("a forged or another business's token is refused", () => {
    const url = signCallbackUrl('https://api.flux.test/webhooks/africastalking', SECRET, 'biz-1');
    expect(verifyCallbackToken(url, SECRET)).toBe('biz-1');
    expect(verifyCallbackToken(url, 'other-secret')).toBeNull();
    const forged = new URL(url);
    forged.searchParams.set('business', 'biz-2');
    expect(verifyCallbackToken(forged, SECRET)).toBeNull();
    expect(verifyCallbackToken('https://api.flux.test/webhooks/africastalking', SECRET)).toBeNull();
  });
});
