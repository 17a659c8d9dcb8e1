// A local fake of both SMS providers on one server, for tests and the sandbox: Africa's Talking's
// POST /version1/messaging and Twilio's POST /2010-04-01/Accounts/{sid}/Messages.json, each in its
// wire format, with its credentials checked, its errors, Twilio's idempotency token honoured, and
// delivery reports posted back (Twilio's signed like Twilio signs them).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signTwilioRequest } from './twilio';

export type FakeSmsProviderName = 'africastalking' | 'twilio';

export interface FakeSmsReception {
  provider: FakeSmsProviderName;
  to: string;
  text: string;
  /** The provider's message id (Africa's Talking's ATXid_..., Twilio's SM...). */
  id: string;
  /** Twilio's I-Twilio-Idempotency-Token; Africa's Talking takes none. */
  idempotencyKey: string | undefined;
  /** Twilio: the message's StatusCallback. */
  statusCallback: string | undefined;
}

export interface FakeSmsFailure {
  /**
   * Africa's Talking: the recipient's statusCode in a 201 answer (405 InsufficientBalance,
   * 500 InternalServerError...). Twilio: the error code of the JSON error (21610, 20429...).
   */
  code?: number;
  /** The HTTP status. Africa's Talking: a plain-text error with it (no code). Twilio: default 400. */
  httpStatus?: number;
}

export interface FakeSms {
  /** The base URL of both providers (Africa's Talking's and Twilio's paths differ). */
  url: string;
  received: FakeSmsReception[];
  /** The next `times` sends to this provider fail so. */
  failNext(provider: FakeSmsProviderName, failure: FakeSmsFailure, times?: number): void;
  /** Sends are recorded at once and answered `ms` later: a client that gives up first has sent. */
  setLatency(ms: number): void;
  /** Numbers the providers refuse as invalid (AT 403 InvalidPhoneNumber, Twilio 21211). */
  addUnreachable(number: string): void;
  /** Numbers accepted but whose delivery report says failed (AT AbsentSubscriber, Twilio 30003). */
  addUndeliverable(number: string): void;
  /** Posts the delivery report of every message not yet reported; resolves once all are answered. */
  deliverReports(): Promise<void>;
  close(): Promise<void>;
}

export const FAKE_AFRICASTALKING = { username: 'flux-sandbox', apiKey: 'atsk_fake_key' } as const;
export const FAKE_TWILIO = {
  accountSid: 'AC00000000000000000000000000000001',
  authToken: 'fake_twilio_auth_token',
} as const;

export interface FakeSmsOptions {
  africastalking?: { username: string; apiKey: string };
  twilio?: { accountSid: string; authToken: string };
  /** Where Africa's Talking posts delivery reports (set once in its dashboard, not per message). */
  africastalkingCallbackUrl?: string;
  /** Post each message's delivery report right after answering the send. */
  autoReport?: boolean;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on('end', () => resolve(raw));
    req.on('error', reject);
  });
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export async function startFakeSms(options: FakeSmsOptions = {}): Promise<FakeSms> {
  const at = options.africastalking ?? FAKE_AFRICASTALKING;
  const twilio = options.twilio ?? FAKE_TWILIO;
  const received: FakeSmsReception[] = [];
  const reported = new Set<string>();
  const unreachable = new Set<string>();
  const undeliverable = new Set<string>();
  /** Twilio: idempotency token → the answer given the first time. */
  const answered = new Map<string, unknown>();
  const failures = new Map<FakeSmsProviderName, FakeSmsFailure & { left: number }>();
  let latencyMs = 0;

  const takeFailure = (provider: FakeSmsProviderName) => {
    const failure = failures.get(provider);
    if (!failure || failure.left <= 0) return undefined;
    failure.left -= 1;
    return failure;
  };

  async function report(message: FakeSmsReception): Promise<void> {
    if (reported.has(message.id)) return;
    reported.add(message.id);
    const fails = undeliverable.has(message.to);
    if (message.provider === 'africastalking') {
      if (!options.africastalkingCallbackUrl) return;
      const form = new URLSearchParams({
        id: message.id,
        status: fails ? 'Failed' : 'Success',
        phoneNumber: message.to,
        networkCode: '60801',
        retryCount: '0',
        ...(fails ? { failureReason: 'AbsentSubscriber' } : {}),
      });
      await fetch(options.africastalkingCallbackUrl, { method: 'POST', body: form }).catch(
        () => {},
      );
      return;
    }
    if (!message.statusCallback) return;
    const form = new URLSearchParams({
      AccountSid: twilio.accountSid,
      ApiVersion: '2010-04-01',
      MessageSid: message.id,
      SmsSid: message.id,
      MessageStatus: fails ? 'undelivered' : 'delivered',
      SmsStatus: fails ? 'undelivered' : 'delivered',
      To: message.to,
      From: '+15005550006',
      ...(fails ? { ErrorCode: '30003' } : {}),
    });
    await fetch(message.statusCallback, {
      method: 'POST',
      headers: {
        'x-twilio-signature': signTwilioRequest(twilio.authToken, message.statusCallback, form),
      },
      body: form,
    }).catch(() => {});
  }

  const later = (answer: () => void) => {
    if (latencyMs > 0) setTimeout(answer, latencyMs);
    else answer();
  };

  async function africastalking(req: IncomingMessage, reply: Reply) {
    const form = new URLSearchParams(await readBody(req));
    if (req.headers.apikey !== at.apiKey || form.get('username') !== at.username) {
      return reply(401, 'The supplied authentication is invalid', 'text/plain');
    }
    const to = form.get('to');
    const text = form.get('message');
    if (!to || !text) return reply(400, 'Request is missing required form field', 'text/plain');
    const failure = takeFailure('africastalking');
    if (failure && failure.code === undefined) {
      return reply(failure.httpStatus ?? 500, 'Internal Server Error', 'text/plain');
    }
    const recipients = to.split(',').map((number) => {
      const code = failure?.code ?? (unreachable.has(number) ? 403 : 101);
      if (code >= 100 && code <= 102) {
        const message: FakeSmsReception = {
          provider: 'africastalking',
          to: number,
          text,
          id: `ATXid_${hex(16)}`,
          idempotencyKey: undefined,
          statusCallback: undefined,
        };
        received.push(message);
        return {
          statusCode: code,
          number,
          status: 'Success',
          cost: 'XOF 15.0000',
          messageId: message.id,
        };
      }
      const status = AT_STATUS_NAMES[code] ?? 'Failed';
      return { statusCode: code, number, status, cost: '0', messageId: 'None' };
    });
    const sent = recipients.filter((r) => r.messageId !== 'None').length;
    later(() => {
      reply(201, {
        SMSMessageData: {
          Message: `Sent to ${sent}/${recipients.length} Total Cost: XOF ${15 * sent}.0000`,
          Recipients: recipients,
        },
      });
      if (options.autoReport) void reportAll();
    });
  }

  async function twilioSend(req: IncomingMessage, reply: Reply, accountSid: string | undefined) {
    const form = new URLSearchParams(await readBody(req));
    const expected = `Basic ${Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected || accountSid !== twilio.accountSid) {
      return reply(401, twilioError(20003, 'Authenticate', 401));
    }
    const token = req.headers['i-twilio-idempotency-token'];
    const idempotencyKey = typeof token === 'string' ? token : undefined;
    const first = idempotencyKey ? answered.get(idempotencyKey) : undefined;
    if (first) return later(() => reply(201, first));
    const failure = takeFailure('twilio');
    if (failure) {
      const status = failure.httpStatus ?? 400;
      return reply(status, twilioError(failure.code ?? 20500, 'Injected failure', status));
    }
    const to = form.get('To');
    const body = form.get('Body');
    const from = form.get('From') ?? form.get('MessagingServiceSid');
    if (!to) return reply(400, twilioError(21604, "A 'To' phone number is required.", 400));
    if (!body) return reply(400, twilioError(21602, 'Message body is required.', 400));
    if (!from) return reply(400, twilioError(21603, "A 'From' phone number is required.", 400));
    if (unreachable.has(to) || !/^\+\d{6,15}$/.test(to)) {
      return reply(
        400,
        twilioError(21211, `The 'To' number ${to} is not a valid phone number.`, 400),
      );
    }
    const message: FakeSmsReception = {
      provider: 'twilio',
      to,
      text: body,
      id: `SM${hex(16)}`,
      idempotencyKey,
      statusCallback: form.get('StatusCallback') ?? undefined,
    };
    received.push(message);
    const answer = {
      sid: message.id,
      account_sid: twilio.accountSid,
      to,
      from: form.get('From'),
      messaging_service_sid: form.get('MessagingServiceSid'),
      body,
      status: 'queued',
      num_segments: '1',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      price: null,
      error_code: null,
      error_message: null,
      date_created: new Date().toUTCString(),
      uri: `/2010-04-01/Accounts/${twilio.accountSid}/Messages/${message.id}.json`,
    };
    if (idempotencyKey) answered.set(idempotencyKey, answer);
    later(() => {
      reply(201, answer);
      if (options.autoReport) void reportAll();
    });
  }

  const reportAll = () => Promise.all(received.map(report)).then(() => {});

  const server: Server = createServer((req, res) => {
    const reply: Reply = (status, body, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const twilioPath = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
    const handled =
      req.method === 'POST' && path === '/version1/messaging'
        ? africastalking(req, reply)
        : req.method === 'POST' && twilioPath
          ? twilioSend(req, reply, twilioPath[1])
          : undefined;
    if (!handled) return reply(404, { code: 20404, message: 'Not found', status: 404 });
    handled.catch(() => reply(500, 'fake error', 'text/plain'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failNext(provider, failure, times = 1) {
      failures.set(provider, { ...failure, left: times });
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    addUnreachable: (number) => unreachable.add(number),
    addUndeliverable: (number) => undeliverable.add(number),
    deliverReports: reportAll,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

type Reply = (status: number, body: unknown, type?: string) => void;

function twilioError(code: number, message: string, status: number) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

const AT_STATUS_NAMES: Record<number, string> = {
  401: 'RiskHold',
  402: 'InvalidSenderId',
  403: 'InvalidPhoneNumber',
  404: 'UnsupportedNumberType',
  405: 'InsufficientBalance',
  406: 'UserInBlacklist',
  407: 'CouldNotRoute',
  409: 'DoNotDisturbRejection',
  500: 'InternalServerError',
  501: 'GatewayError',
  502: 'RejectedByGateway',
};

export interface RecordedCallback {
  /** The URL as called, with the recorder's origin. */
  url: string;
  headers: IncomingMessage['headers'];
  params: URLSearchParams;
}

/** A stand-in for our callback route, for tests: records each POST and answers 200. */
export async function startCallbackRecorder(): Promise<{
  url: string;
  calls: RecordedCallback[];
  close(): Promise<void>;
}> {
  const calls: RecordedCallback[] = [];
  const server = createServer(async (req, res) => {
    const params = new URLSearchParams(await readBody(req));
    calls.push({ url: `${url}${req.url ?? '/'}`, headers: req.headers, params });
    res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
