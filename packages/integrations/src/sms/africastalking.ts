// Africa's Talking SMS: the send (POST /version1/messaging, form-encoded, `apiKey` header), the
// delivery report its dashboard posts to our callback URL, and the token that authenticates that
// URL (Africa's Talking does not sign its callbacks). The base URL is injectable: tests and the
// sandbox point it at the fake (fake.ts).
//
// Idempotency: Africa's Talking takes no idempotency key. A send that timed out may or may not
// have gone out, and a resend may deliver it twice: the engine must hold such an item as unknown.
// The delivery report names only Africa's Talking's message id, so it cannot settle an item whose
// answer was lost either.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  DeliveryError,
  type DeliveryErrorKind,
  kindOfStatus,
  toDeliveryError,
} from '../delivery-error';
import { createHttpClient } from '../http';
import {
  type CallbackParams,
  paramsRecord,
  type SmsDeliveryReport,
  type SmsProvider,
  type SmsSendResult,
} from './types';

export const AFRICASTALKING_BASE_URL = 'https://api.africastalking.com';
export const AFRICASTALKING_SANDBOX_BASE_URL = 'https://api.sandbox.africastalking.com';

const recipientSchema = z.looseObject({
  statusCode: z.coerce.number(),
  number: z.string().optional(),
  status: z.string(),
  cost: z.string().optional(),
  messageId: z.string().optional(),
});

const sendResponseSchema = z.looseObject({
  SMSMessageData: z.looseObject({
    Message: z.string().optional(),
    Recipients: z.array(recipientSchema),
  }),
});

/**
 * A recipient's statusCode, from Africa's Talking's documentation: 100 Processed, 101 Sent,
 * 102 Queued; the others are refusals of that recipient.
 */
const RECIPIENT_STATUS: Record<number, DeliveryErrorKind> = {
  401: 'account', // RiskHold
  402: 'account', // InvalidSenderId
  403: 'recipient', // InvalidPhoneNumber
  404: 'recipient', // UnsupportedNumberType
  405: 'account', // InsufficientBalance
  406: 'recipient', // UserInBlacklist
  407: 'recipient', // CouldNotRoute
  409: 'recipient', // DoNotDisturbRejection
  500: 'unavailable', // InternalServerError
  501: 'unavailable', // GatewayError
  502: 'rejected', // RejectedByGateway
};

export interface AfricasTalkingOptions {
  username: string;
  apiKey: string;
  /** A sender id or short code registered on the account; Africa's Talking's default otherwise. */
  from?: string;
  /** AFRICASTALKING_BASE_URL by default; AFRICASTALKING_SANDBOX_BASE_URL or a fake's URL. */
  baseUrl?: string;
  /** Default 10 s: well inside the job's expiry. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function createAfricasTalkingSms(options: AfricasTalkingOptions): SmsProvider {
  const http = createHttpClient({
    provider: 'africastalking',
    baseUrl: options.baseUrl ?? AFRICASTALKING_BASE_URL,
    headers: () => ({ apiKey: options.apiKey }),
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return {
    name: 'africastalking',
    async send(message): Promise<SmsSendResult> {
      const form = new URLSearchParams({
        username: options.username,
        to: message.to,
        message: message.text,
      });
      if (options.from) form.set('from', options.from);
      let answer: z.infer<typeof sendResponseSchema>;
      try {
        answer = await http.request('POST', '/version1/messaging', sendResponseSchema, form);
      } catch (error) {
        // Its HTTP errors are plain text ("The supplied authentication is invalid"): the status
        // is all there is to read.
        throw toDeliveryError(error, (failure) => ({
          kind: kindOfStatus(failure.status),
          code: failure.status,
        }));
      }
      const recipient = answer.SMSMessageData.Recipients[0];
      if (!recipient) {
        // Refused as a whole (e.g. "InvalidSenderId"), with no recipient listed.
        const reason = answer.SMSMessageData.Message ?? 'no recipient in the answer';
        throw new DeliveryError({
          provider: 'africastalking',
          status: 201,
          message: `africastalking refused the message: ${reason}`,
          body: answer,
          mayHaveArrived: false,
          kind: reason === 'InvalidSenderId' ? 'account' : 'rejected',
          code: reason,
        });
      }
      if (recipient.statusCode >= 100 && recipient.statusCode <= 102 && recipient.messageId) {
        return {
          providerMessageId: recipient.messageId,
          status: recipient.statusCode === 101 ? 'sent' : 'queued',
        };
      }
      throw new DeliveryError({
        provider: 'africastalking',
        status: 201,
        message: `africastalking refused ${message.to}: ${recipient.statusCode} ${recipient.status}`,
        body: answer,
        mayHaveArrived: false,
        kind: RECIPIENT_STATUS[recipient.statusCode] ?? 'rejected',
        code: recipient.statusCode,
      });
    },
  };
}

const reportSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  phoneNumber: z.string().optional(),
  networkCode: z.string().optional(),
  failureReason: z.string().optional(),
  retryCount: z.string().optional(),
});

const DELIVERED = new Set(['Success']);
const FAILED = new Set(['Failed', 'Rejected', 'AbsentSubscriber', 'Expired']);

/**
 * A delivery report posted by Africa's Talking (form fields `id`, `status`, `phoneNumber`,
 * `networkCode`, `failureReason`), or null when the fields are not one. Sent, Submitted and
 * Buffered are on the way; Success is delivered; Failed, Rejected, AbsentSubscriber and Expired
 * are final failures.
 */
export function parseAfricasTalkingReport(params: CallbackParams): SmsDeliveryReport | null {
  const parsed = reportSchema.safeParse(paramsRecord(params));
  if (!parsed.success) return null;
  const { id, status, failureReason } = parsed.data;
  if (DELIVERED.has(status)) return { providerMessageId: id, state: 'delivered' };
  if (FAILED.has(status)) {
    return { providerMessageId: id, state: 'failed', error: failureReason || status };
  }
  return { providerMessageId: id, state: 'sent' };
}

function callbackToken(secret: string, businessId: string): string {
  return createHmac('sha256', secret).update(`africastalking:${businessId}`).digest('base64url');
}

/**
 * The delivery-report URL to set in a business's Africa's Talking dashboard: `base` with the
 * business id and an HMAC of it in the query, so our route can tell its reports from forged ones.
 */
export function signCallbackUrl(base: string, secret: string, businessId: string): string {
  const url = new URL(base);
  url.searchParams.set('business', businessId);
  url.searchParams.set('token', callbackToken(secret, businessId));
  return url.toString();
}

/**
 * The business id of a callback URL signed by `signCallbackUrl` with this secret, or null when its
 * token is missing or wrong.
 */
export function verifyCallbackToken(url: string | URL, secret: string): string | null {
  const query = new URL(url, 'http://callback').searchParams;
  const businessId = query.get('business');
  const token = query.get('token');
  if (!businessId || !token) return null;
  const expected = Buffer.from(callbackToken(secret, businessId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected) ? businessId : null;
}
