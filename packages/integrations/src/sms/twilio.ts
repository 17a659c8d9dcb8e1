// Twilio Programmable Messaging: the send (POST /2010-04-01/Accounts/{sid}/Messages.json,
// form-encoded, HTTP Basic auth), the status callback it posts to our route, and the
// X-Twilio-Signature check of that callback. The base URL is injectable: tests and the sandbox
// point it at the fake (fake.ts).
//
// Idempotency: the engine's key goes in the I-Twilio-Idempotency-Token header; the fake, as we
// expect of Twilio, answers a repeated token with the first message instead of sending another.
// Twilio documents that header on the webhooks it sends; we found no written promise that the
// Messages API dedupes on it, so do not count on it alone. The key also rides in the
// StatusCallback URL (`?ref=<key>`): every status callback names the item it belongs to, so an
// item left unknown by a timeout is settled by its first callback rather than by a resend.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { type DeliveryErrorKind, kindOfStatus, toDeliveryError } from '../delivery-error';
import { createHttpClient, type ProviderError } from '../http';
import {
  type CallbackParams,
  paramsRecord,
  type SmsDeliveryReport,
  type SmsProvider,
  type SmsSendResult,
} from './types';

export const TWILIO_BASE_URL = 'https://api.twilio.com';

const messageSchema = z.looseObject({
  sid: z.string().min(1),
  status: z.string(),
});

const twilioErrorSchema = z.looseObject({
  code: z.number(),
  message: z.string().optional(),
  more_info: z.string().optional(),
  status: z.number().optional(),
});

/** Twilio's error codes the engine acts on; any other falls back on the HTTP status. */
const ERROR_KIND: Record<number, DeliveryErrorKind> = {
  21211: 'recipient', // invalid 'To' phone number
  21214: 'recipient', // 'To' cannot be reached
  21217: 'recipient', // phone number does not appear to be valid
  21610: 'recipient', // the recipient replied STOP
  21612: 'recipient', // 'To' not reachable from this sender
  21614: 'recipient', // 'To' is not a mobile number
  20003: 'account', // authentication failed
  21408: 'account', // permission to send to that region not enabled
  21606: 'account', // 'From' is not a valid sender for this account
  21659: 'account', // 'From' is not a Twilio number
  20429: 'throttled',
  14107: 'throttled', // message rate limit
};

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** The sender: a Twilio number or alphanumeric id in `from`, or a Messaging Service. */
  sender: { from: string } | { messagingServiceSid: string };
  /** Our status-callback route; each message's URL gets `ref=<idempotencyKey>`. */
  statusCallback?: string;
  baseUrl?: string;
  /** Default 10 s: well inside the job's expiry. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The idempotency key a status callback's URL carries (see `statusCallback`). */
export function statusCallbackRef(url: string | URL): string | null {
  return new URL(url, 'http://callback').searchParams.get('ref');
}

export function createTwilioSms(options: TwilioOptions): SmsProvider {
  const http = createHttpClient({
    provider: 'twilio',
    baseUrl: options.baseUrl ?? TWILIO_BASE_URL,
    headers: () => ({
      authorization: `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`,
    }),
    timeoutMs: options.timeoutMs ?? 10_000,
    isProviderErrorBody: (body) => twilioErrorSchema.safeParse(body).success,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const classify = (error: ProviderError) => {
    const parsed = twilioErrorSchema.safeParse(error.body);
    const code = parsed.success ? parsed.data.code : null;
    return {
      kind: (code !== null ? ERROR_KIND[code] : undefined) ?? kindOfStatus(error.status),
      code,
    };
  };
  return {
    name: 'twilio',
    async send(message): Promise<SmsSendResult> {
      const form = new URLSearchParams({ To: message.to, Body: message.text });
      if ('from' in options.sender) form.set('From', options.sender.from);
      else form.set('MessagingServiceSid', options.sender.messagingServiceSid);
      if (options.statusCallback) {
        const callback = new URL(options.statusCallback);
        callback.searchParams.set('ref', message.idempotencyKey);
        form.set('StatusCallback', callback.toString());
      }
      try {
        const answer = await http.request(
          'POST',
          `/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`,
          messageSchema,
          form,
          { headers: { 'I-Twilio-Idempotency-Token': message.idempotencyKey } },
        );
        return {
          providerMessageId: answer.sid,
          status: answer.status === 'sent' || answer.status === 'delivered' ? 'sent' : 'queued',
        };
      } catch (error) {
        throw toDeliveryError(error, classify);
      }
    },
  };
}

const statusSchema = z.looseObject({
  MessageSid: z.string().min(1),
  MessageStatus: z.string().min(1),
  ErrorCode: z.string().optional(),
  ErrorMessage: z.string().optional(),
});

/**
 * A Twilio status callback (form fields `MessageSid`, `MessageStatus`, `ErrorCode`), or null when
 * the fields are not one. delivered and read are delivered; undelivered, failed and canceled are
 * final failures (ErrorCode 30003 unreachable, 30005 unknown number, 30006 landline, 30007
 * filtered...); queued, sending, sent are on the way. Verify the signature first.
 */
export function parseTwilioStatusCallback(params: CallbackParams): SmsDeliveryReport | null {
  const parsed = statusSchema.safeParse(paramsRecord(params));
  if (!parsed.success) return null;
  const { MessageSid, MessageStatus, ErrorCode, ErrorMessage } = parsed.data;
  if (MessageStatus === 'delivered' || MessageStatus === 'read') {
    return { providerMessageId: MessageSid, state: 'delivered' };
  }
  if (
    MessageStatus === 'undelivered' ||
    MessageStatus === 'failed' ||
    MessageStatus === 'canceled'
  ) {
    return {
      providerMessageId: MessageSid,
      state: 'failed',
      error: ErrorCode || ErrorMessage || MessageStatus,
    };
  }
  return { providerMessageId: MessageSid, state: 'sent' };
}

/**
 * Twilio's X-Twilio-Signature of a form POST: base64 HMAC-SHA1, keyed by the auth token, of the
 * full URL (query included) followed by each POST parameter, sorted by name, as name + value.
 */
export function signTwilioRequest(authToken: string, url: string, params: CallbackParams): string {
  const fields = Object.entries(paramsRecord(params)).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const data = url + fields.map(([name, value]) => name + value).join('');
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * Whether a status callback comes from Twilio: `url` is the URL Twilio called, as it called it
 * (scheme, host, query; behind a proxy, the public one), `params` the form fields.
 */
export function verifyTwilioSignature(input: {
  authToken: string;
  url: string;
  params: CallbackParams;
  signature: string | null | undefined;
}): boolean {
  if (!input.signature) return false;
  const expected = Buffer.from(signTwilioRequest(input.authToken, input.url, input.params));
  const given = Buffer.from(input.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
