// Sends one Web Push message (RFC 8030) to a browser's push service: the payload encrypted for
// the subscription (RFC 8291), VAPID authorization (RFC 8292), TTL, Urgency and Topic headers.
// The endpoint is the browser's push service (FCM, Mozilla autopush, Apple...): any origin, so the
// client takes whole URLs, not a base URL. 201 is accepted; 404/410 mean the subscription is gone
// (the caller forgets it); 429 and 5xx may work later; other 4xx are refusals.
import { ProviderError } from '../http';
import { encryptPayload, type VapidKeys, vapidAuthorization, vapidKeyObjects } from './crypto';

export interface WebPushSubscription {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface WebPushMessage {
  /** The JSON the service worker's push handler reads. */
  payload: unknown;
  /** Seconds the push service keeps it for an offline browser. */
  ttlSeconds: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
  /** A message with the same topic replaces one not yet delivered (≤ 32 base64url characters). */
  topic?: string;
}

export interface WebPushClientOptions {
  vapid: VapidKeys & { subject: string };
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class WebPushError extends ProviderError {
  /** The push service no longer knows the subscription (404, 410): forget it. */
  get gone(): boolean {
    return this.status === 404 || this.status === 410;
  }
}

/** How long a VAPID token is valid (RFC 8292 caps it at 24 h). */
const VAPID_TTL_MS = 12 * 60 * 60 * 1000;

export function createWebPush(options: WebPushClientOptions) {
  const { privateKey } = vapidKeyObjects(options.vapid);
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    publicKey: options.vapid.publicKey,
    async send(
      subscription: WebPushSubscription,
      message: WebPushMessage,
      callOptions: { signal?: AbortSignal } = {},
    ): Promise<{ status: number; location: string | null }> {
      const url = new URL(subscription.endpoint);
      const body = encryptPayload(subscription, Buffer.from(JSON.stringify(message.payload)));
      const headers: Record<string, string> = {
        Authorization: vapidAuthorization({
          audience: url.origin,
          subject: options.vapid.subject,
          keys: options.vapid,
          privateKey,
          expiresAt: new Date(Date.now() + VAPID_TTL_MS),
        }),
        'Content-Type': 'application/octet-stream',
        'Content-Encoding': 'aes128gcm',
        TTL: String(Math.max(0, Math.floor(message.ttlSeconds))),
        Urgency: message.urgency,
      };
      if (message.topic) headers.Topic = message.topic;
      const signals = [AbortSignal.timeout(timeoutMs), callOptions.signal].filter(
        (signal): signal is AbortSignal => signal !== undefined,
      );
      let response: Response;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers,
          body: Uint8Array.from(body),
          signal: AbortSignal.any(signals),
        });
      } catch (error) {
        const code = (error as { cause?: { code?: string } }).cause?.code ?? '';
        const neverSent = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'].includes(code);
        throw new WebPushError(
          'webpush',
          0,
          error instanceof Error ? error.message : String(error),
          null,
          !neverSent,
        );
      }
      const text = await response.text().catch(() => '');
      if (response.status >= 200 && response.status < 300) {
        return { status: response.status, location: response.headers.get('location') };
      }
      // A gateway in front of the push service may have passed the message on.
      const mayHaveArrived = response.status === 502 || response.status === 504;
      throw new WebPushError(
        'webpush',
        response.status,
        `Push service answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`,
        text,
        mayHaveArrived,
      );
    },
  };
}

export type WebPushClient = ReturnType<typeof createWebPush>;
