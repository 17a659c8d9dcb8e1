import { type AddressInfo, createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../delivery-error';
import { createMailer, type MailerOptions, messageIdFor } from './client';
import { FAKE_SMTP_AUTH, type FakeSmtp, startFakeSmtp } from './fake';

let smtp: FakeSmtp;
beforeAll(async () => {
  smtp = await startFakeSmtp({ auth: FAKE_SMTP_AUTH });
  smtp.addUnknownMailbox('nobody@example.sn');
});
afterAll(() => smtp.close());
beforeEach(() => {
  smtp.setLatency(0);
});

const mailer = (overrides: Partial<MailerOptions> = {}) =>
  createMailer({
    host: smtp.host,
    port: smtp.port,
    secure: false,
    auth: FAKE_SMTP_AUTH,
    from: '"Boutique Awa" <notifications@flux.test>',
    ...overrides,
  });

const mail = {
  to: 'awa@example.sn',
  subject: 'Commande #12 confirmée',
  text: 'Votre commande est confirmée.',
  html: '<p>Votre commande est <b>confirmée</b>.</p>',
};

describe('SMTP mailer (against a real SMTP server in process)', () => {
  it('sends text and HTML with the Message-ID built from the idempotency key, and headers', async () => {
    const result = await mailer().send({
      ...mail,
      messageId: 'notif:42/1',
      headers: { 'X-Flux-Notification': '42' },
    });
    expect(result).toEqual({
      messageId: '<notif=3A42=2F1@flux.test>',
      accepted: ['awa@example.sn'],
      rejected: [],
    });
    expect(smtp.messages.at(-1)).toMatchObject({
      from: 'notifications@flux.test',
      to: ['awa@example.sn'],
      subject: 'Commande #12 confirmée',
      text: 'Votre commande est confirmée.',
      html: '<p>Votre commande est <b>confirmée</b>.</p>',
      messageId: '<notif=3A42=2F1@flux.test>',
      headers: { 'x-flux-notification': '42' },
    });
  });

  it('a resend with the same key carries the same Message-ID, so the copy is recognisable', async () => {
    await mailer().send({ ...mail, messageId: 'notif-7' });
    await mailer().send({ ...mail, messageId: 'notif-7' });
    const ids = smtp.messages.slice(-2).map((message) => message.messageId);
    expect(ids).toEqual(['<notif-7@flux.test>', '<notif-7@flux.test>']);
  });

  it('an unknown mailbox (550 at RCPT) is a recipient error; the others still get it', async () => {
    const error = await mailer()
      .send({ ...mail, to: 'nobody@example.sn' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({
      status: 550,
      kind: 'recipient',
      retryable: false,
      mayHaveArrived: false,
    });
    const partial = await mailer().send({ ...mail, to: ['nobody@example.sn', 'awa@example.sn'] });
    expect(partial).toMatchObject({
      accepted: ['awa@example.sn'],
      rejected: ['nobody@example.sn'],
    });
  });

  it('a 4xx is retryable; a 5xx after DATA is a permanent refusal of the message', async () => {
    smtp.failNext({ stage: 'RCPT', code: 451, message: '4.7.1 Greylisted, try again later' });
    await expect(mailer().send(mail)).rejects.toMatchObject({
      status: 451,
      kind: 'unavailable',
      retryable: true,
      mayHaveArrived: false,
    });
    smtp.failNext({ stage: 'DATA', code: 554, message: '5.7.1 Message rejected as spam' });
    await expect(mailer().send(mail)).rejects.toMatchObject({
      status: 554,
      kind: 'rejected',
      retryable: false,
      mayHaveArrived: false,
    });
  });

  it('a wrong password is an account error', async () => {
    await expect(
      mailer({ auth: { user: 'flux', pass: 'wrong' } }).send(mail),
    ).rejects.toMatchObject({ status: 535, kind: 'account', retryable: false });
  });

  it('a timeout after the message was handed over is unknown (mayHaveArrived)', async () => {
    smtp.setLatency(3_000);
    const before = smtp.messages.length;
    const error = await mailer({ timeoutMs: 1_000 })
      .send(mail)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unknown', mayHaveArrived: true, retryable: true });
    expect(smtp.messages.length).toBe(before + 1);
  });

  it('a server that never answers before the message is retryable and nothing arrived', async () => {
    const silent = createServer(() => {}); // takes the connection, never greets
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const error = await mailer({ port, timeoutMs: 200 })
        .send(mail)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'unavailable', mayHaveArrived: false, retryable: true });
    } finally {
      silent.close();
    }
  });

  it('a server that is not there is retryable and nothing arrived', async () => {
    const gone = await startFakeSmtp();
    await gone.close();
    const error = await mailer({ port: gone.port, auth: undefined })
      .send(mail)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unavailable', mayHaveArrived: false, retryable: true });
  });
  it('an address the server is never asked about is a recipient error', async () => {
    await expect(mailer().send({ ...mail, to: 'not an address' })).rejects.toMatchObject({
      kind: 'recipient',
      mayHaveArrived: false,
    });
  });
});

describe('messageIdFor', () => {
  it('takes the domain of the sender and keeps a plain key as it is', () => {
    expect(messageIdFor('abc-1', 'Flux <no-reply@mail.flux.test>')).toBe('<abc-1@mail.flux.test>');
    expect(messageIdFor('abc 1', 'no-reply@flux.test')).toBe('<abc=201@flux.test>');
  });
});
