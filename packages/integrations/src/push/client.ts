// Expo push notifications: send (POST /--/api/v2/push/send → one ticket per message) and receipts
// (POST /--/api/v2/push/getReceipts), on our HTTP client. The base URL is injectable: tests and
// the sandbox point it at the fake (fake.ts).
//
// Why not expo-server-sdk: it reads its base URL once, at import, from the EXPO_BASE_URL variable
// ("for internal Expo use") — one process-wide URL, set before the import — and it has no timeout
// and retries a 429 by itself, where the engine must bound each call and count retries per item.
// The API is two JSON calls; this client is the documented wire format and nothing more.
//
// Idempotency: Expo takes no idempotency key, so a resend after a timeout may show the
// notification twice. The key goes in the message's `data` (`idempotencyKey`) so the app can
// drop a copy it already showed.
import { z } from 'zod';
import { type DeliveryErrorKind, kindOfStatus, toDeliveryError } from '../delivery-error';
import { createHttpClient } from '../http';

export const EXPO_BASE_URL = 'https://exp.host';
/** Expo takes at most this many messages per send call. */
export const EXPO_MAX_MESSAGES_PER_SEND = 100;

export interface PushMessage {
  /** An Expo push token: ExponentPushToken[...]. */
  to: string;
  title?: string;
  body?: string;
  data?: Record<string, unknown>;
  sound?: 'default' | null;
  priority?: 'default' | 'normal' | 'high';
  /** Android notification channel. */
  channelId?: string;
  /** The engine's key for this item; sent in `data.idempotencyKey`. */
  idempotencyKey?: string;
}

/** Expo's error names in a ticket or receipt (`details.error`). */
export type ExpoPushErrorCode =
  | 'DeviceNotRegistered'
  | 'MessageTooBig'
  | 'MessageRateExceeded'
  | 'InvalidCredentials'
  | 'MismatchSenderId'
  | (string & {});

export interface PushFailure {
  status: 'error';
  /** Expo's error name, null when it gave none. */
  error: ExpoPushErrorCode | null;
  message: string;
  /** `recipient` for DeviceNotRegistered: clear the token. */
  kind: DeliveryErrorKind;
  /** Expo stopped trying this device: the engine clears its token. */
  deviceNotRegistered: boolean;
}

/** The ticket of the message at the same index: an id to fetch the receipt with, or why not. */
export type PushTicket = ({ status: 'ok'; id: string } | PushFailure) & { to: string };

/** The outcome at the device's push service (APNs, FCM), a few minutes after the ticket. */
export type PushReceipt = { status: 'ok' } | PushFailure;

const detailsSchema = z.looseObject({ error: z.string().optional() }).optional().catch(undefined);
const outcomeSchema = z.union([
  z.looseObject({ status: z.literal('ok'), id: z.string().optional() }),
  z.looseObject({
    status: z.literal('error'),
    message: z.string().default(''),
    details: detailsSchema,
  }),
]);
const sendResponseSchema = z.looseObject({ data: z.array(outcomeSchema) });
const receiptsResponseSchema = z.looseObject({ data: z.record(z.string(), outcomeSchema) });
const expoErrorBodySchema = z.looseObject({
  errors: z
    .array(z.looseObject({ code: z.string().optional(), message: z.string().optional() }))
    .min(1),
});

const ERROR_KIND: Record<string, DeliveryErrorKind> = {
  DeviceNotRegistered: 'recipient',
  MessageTooBig: 'rejected',
  MessageRateExceeded: 'throttled',
  InvalidCredentials: 'account',
  MismatchSenderId: 'account',
};

function failure(outcome: {
  message: string;
  details?: { error?: string } | undefined;
}): PushFailure {
  const error = outcome.details?.error ?? null;
  return {
    status: 'error',
    error,
    message: outcome.message,
    kind: (error ? ERROR_KIND[error] : undefined) ?? 'rejected',
    deviceNotRegistered: error === 'DeviceNotRegistered',
  };
}

/** Whether a string is an Expo push token (what Expo's SDK accepts). */
export function isExpoPushToken(token: string): boolean {
  return (
    /^Expo(nent)?PushToken\[.+\]$/.test(token) ||
    /^[a-z\d]{8}-[a-z\d]{4}-[a-z\d]{4}-[a-z\d]{4}-[a-z\d]{12}$/i.test(token)
  );
}

export interface ExpoPushOptions {
  /** The project's access token, when "enhanced push security" is on. */
  accessToken?: string;
  baseUrl?: string;
  /** Default 10 s: well inside the job's expiry. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function createExpoPush(options: ExpoPushOptions = {}) {
  const http = createHttpClient({
    provider: 'expo',
    baseUrl: options.baseUrl ?? EXPO_BASE_URL,
    headers: (): Record<string, string> =>
      options.accessToken ? { authorization: `Bearer ${options.accessToken}` } : {},
    timeoutMs: options.timeoutMs ?? 10_000,
    isProviderErrorBody: (body) => expoErrorBodySchema.safeParse(body).success,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const classify = (error: { status: number; body: unknown }) => {
    const parsed = expoErrorBodySchema.safeParse(error.body);
    return { kind: kindOfStatus(error.status), code: parsed.data?.errors[0]?.code ?? null };
  };
  return {
    /**
     * Sends up to 100 messages in one call and returns their tickets in the same order. A ticket
     * can fail alone (DeviceNotRegistered...); a refused call throws a DeliveryError.
     */
    async sendPush(messages: PushMessage[]): Promise<PushTicket[]> {
      if (messages.length === 0) return [];
      if (messages.length > EXPO_MAX_MESSAGES_PER_SEND) {
        throw new RangeError(`Expo takes at most ${EXPO_MAX_MESSAGES_PER_SEND} messages a call`);
      }
      const body = messages.map(({ idempotencyKey, data, ...message }) => ({
        ...message,
        ...(data || idempotencyKey
          ? { data: { ...data, ...(idempotencyKey ? { idempotencyKey } : {}) } }
          : {}),
      }));
      let answer: z.infer<typeof sendResponseSchema>;
      try {
        answer = await http.request('POST', '/--/api/v2/push/send', sendResponseSchema, body);
      } catch (error) {
        throw toDeliveryError(error, classify);
      }
      return messages.map((message, index) => {
        const outcome = answer.data[index];
        if (outcome?.status === 'ok' && outcome.id) {
          return { status: 'ok', id: outcome.id, to: message.to };
        }
        if (outcome?.status === 'error') return { ...failure(outcome), to: message.to };
        // Fewer tickets than messages: Expo did not say what became of this one.
        return {
          status: 'error',
          error: null,
          message: 'Expo returned no ticket for this message',
          kind: 'unknown',
          deviceNotRegistered: false,
          to: message.to,
        };
      });
    },

    /**
     * The receipts of tickets, by ticket id (up to 1,000 a call). An id Expo does not list has
     * no receipt yet (or is over a day old).
     */
    async getReceipts(ids: string[]): Promise<Record<string, PushReceipt>> {
      if (ids.length === 0) return {};
      let answer: z.infer<typeof receiptsResponseSchema>;
      try {
        answer = await http.request('POST', '/--/api/v2/push/getReceipts', receiptsResponseSchema, {
          ids,
        });
      } catch (error) {
        throw toDeliveryError(error, classify);
      }
      return Object.fromEntries(
        Object.entries(answer.data).map(([id, outcome]) => [
          id,
          outcome.status === 'ok' ? { status: 'ok' as const } : failure(outcome),
        ]),
      );
    },
  };
}

export type ExpoPush = ReturnType<typeof createExpoPush>;
