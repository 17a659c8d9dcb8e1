// A local fake of Expo's push service, for tests and the sandbox: /--/api/v2/push/send answers a
// ticket per message and /--/api/v2/push/getReceipts their receipts, in Expo's wire format, with
// the tokens it deems unregistered, an optional access token, and injectable failures.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakePushReception {
  /** The ticket id. */
  id: string;
  to: string;
  title: string | undefined;
  body: string | undefined;
  data: Record<string, unknown> | undefined;
  sound: unknown;
  priority: unknown;
  channelId: unknown;
}

export interface FakePush {
  url: string;
  received: FakePushReception[];
  /** Refused at send: the ticket says DeviceNotRegistered. */
  addUnregistered(token: string): void;
  /** Accepted at send, then the receipt says DeviceNotRegistered (the app was uninstalled). */
  addUnregisteredOnDelivery(token: string): void;
  /** Accepted at send, then the receipt says this error (MessageRateExceeded, InvalidCredentials...). */
  failOnDelivery(token: string, error: string, message?: string): void;
  /** The ids asked for by each getReceipts call, in order. */
  receiptRequests: string[][];
  /** The next `times` calls answer this HTTP status with Expo's error body. */
  failNext(httpStatus: number, code?: string, times?: number): void;
  /** Sends are recorded at once and answered `ms` later. */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

export interface FakePushOptions {
  /** Require this bearer token (Expo's "enhanced push security"). */
  accessToken?: string;
}

/** Expo's limit on a message's payload. */
const MAX_MESSAGE_BYTES = 4096;

export async function startFakePush(options: FakePushOptions = {}): Promise<FakePush> {
  const received: FakePushReception[] = [];
  const unregistered = new Set<string>();
  const unregisteredOnDelivery = new Set<string>();
  const receipts = new Map<string, unknown>();
  const failOnDelivery = new Map<string, { error: string; message: string }>();
  const receiptRequests: string[][] = [];
  let failure: { status: number; code: string; left: number } | null = null;
  let latencyMs = 0;

  const notRegistered = (token: string) => ({
    status: 'error',
    message: `"${token}" is not a registered push notification recipient`,
    details: { error: 'DeviceNotRegistered', expoPushToken: token },
  });

  const server: Server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const expoError = (status: number, code: string, message: string) =>
      reply(status, { errors: [{ code, message }] });
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on('end', () => {
      if (options.accessToken && req.headers.authorization !== `Bearer ${options.accessToken}`) {
        return expoError(401, 'UNAUTHORIZED', 'The bearer token is invalid');
      }
      if (failure && failure.left > 0) {
        failure.left -= 1;
        return expoError(failure.status, failure.code, 'Injected failure');
      }
      let payload: unknown;
      try {
        payload = JSON.parse(raw);
      } catch {
        return expoError(400, 'VALIDATION_ERROR', 'The request body is not JSON');
      }
      if (req.method === 'POST' && req.url === '/--/api/v2/push/send') {
        const messages = (Array.isArray(payload) ? payload : [payload]) as Record<
          string,
          unknown
        >[];
        if (messages.length > 100) {
          return expoError(400, 'PUSH_TOO_MANY_NOTIFICATIONS', 'At most 100 messages a request');
        }
        const tickets = messages.map((message) => {
          const to = typeof message.to === 'string' ? message.to : '';
          if (unregistered.has(to)) return notRegistered(to);
          if (Buffer.byteLength(JSON.stringify(message)) > MAX_MESSAGE_BYTES) {
            return {
              status: 'error',
              message: 'Message too big',
              details: { error: 'MessageTooBig' },
            };
          }
          const id = randomUUID();
          received.push({
            id,
            to,
            title: typeof message.title === 'string' ? message.title : undefined,
            body: typeof message.body === 'string' ? message.body : undefined,
            data: (message.data as Record<string, unknown> | undefined) ?? undefined,
            sound: message.sound,
            priority: message.priority,
            channelId: message.channelId,
          });
          const refused = failOnDelivery.get(to);
          receipts.set(
            id,
            unregisteredOnDelivery.has(to)
              ? notRegistered(to)
              : refused
                ? { status: 'error', message: refused.message, details: { error: refused.error } }
                : { status: 'ok' },
          );
          return { status: 'ok', id };
        });
        if (latencyMs > 0) setTimeout(() => reply(200, { data: tickets }), latencyMs);
        else reply(200, { data: tickets });
        return;
      }
      if (req.method === 'POST' && req.url === '/--/api/v2/push/getReceipts') {
        const ids = (payload as { ids?: unknown }).ids;
        if (!Array.isArray(ids)) return expoError(400, 'VALIDATION_ERROR', '"ids" is required');
        // Expo's documented limit: 1,000 receipt ids a request.
        if (ids.length > 1_000) {
          return expoError(400, 'PUSH_TOO_MANY_RECEIPTS', 'At most 1000 receipt ids a request');
        }
        receiptRequests.push(ids.map(String));
        const data: Record<string, unknown> = {};
        for (const id of ids) {
          const receipt = receipts.get(String(id));
          if (receipt) data[String(id)] = receipt;
        }
        return reply(200, { data });
      }
      expoError(404, 'NOT_FOUND', 'Not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    addUnregistered: (token) => {
      unregistered.add(token);
    },
    addUnregisteredOnDelivery: (token) => {
      unregisteredOnDelivery.add(token);
    },
    failOnDelivery: (token, error, message = `${error} (injected)`) => {
      failOnDelivery.set(token, { error, message });
    },
    receiptRequests,
    failNext(httpStatus, code = 'INTERNAL_SERVER_ERROR', times = 1) {
      failure = { status: httpStatus, code, left: times };
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
