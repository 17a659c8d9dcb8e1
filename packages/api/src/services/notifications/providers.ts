// The real SMS, email and push clients of packages/integrations behind the engine's interfaces
// (channels.ts): what the server builds from its configuration. Each client's own timeout (well
// inside the send job's expiry) bounds a call; the engine's AbortSignal bounds our wait for it.
import {
  createAfricasTalkingSms,
  createExpoPush,
  createMailer,
  createTwilioSms,
  createWebPush,
  type SmsProvider,
} from '@flux/integrations';
import type {
  Mailer,
  NotificationProviders,
  PushSender,
  SmsSender,
  WebPushSender,
} from './channels';

export interface NotificationProvidersConfig {
  /** SMTP for the team's emails (invitations, password resets, digests); null: no email. */
  smtp: {
    host: string;
    port: number;
    secure: boolean;
    auth?: { user: string; pass: string } | undefined;
    from: string;
  } | null;
  /** Expo's push service (EXPO_PUSH_URL; exp.host by default) and its access token, if any. */
  expo: { baseUrl?: string | undefined; accessToken?: string | undefined } | null;
  /** Where each SMS provider is reached (a fake's URL in the sandbox and tests). */
  sms: { africastalkingBaseUrl?: string | undefined; twilioBaseUrl?: string | undefined };
  /** The VAPID key pair and contact (RFC 8292) the browsers' push services know us by; null: none. */
  webPush?: { publicKey: string; privateKey: string; subject: string } | null;
  /** Our public origin: Twilio's status callbacks come back to it. */
  publicUrl: string;
  /** One call to a provider gives up after this long. */
  timeoutMs: number;
}

/** Resolves with the call's result, or rejects as soon as `signal` aborts (the call goes on). */
function within<T>(call: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return call;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    call.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

function smsSender(client: SmsProvider): SmsSender {
  return {
    provider: client.name,
    // Neither provider promises to drop a second request under one key (Twilio documents its
    // idempotency header only for the webhooks it sends): a lost answer leaves the row unknown.
    idempotent: false,
    async send(message, options) {
      const result = await within(client.send(message), options?.signal);
      return { messageId: result.providerMessageId };
    },
  };
}

export function notificationProviders(config: NotificationProvidersConfig): NotificationProviders {
  const smtp = config.smtp;
  const mailClient = smtp ? createMailer({ ...smtp, timeoutMs: config.timeoutMs }) : null;
  const mailer: Mailer | undefined = mailClient
    ? {
        async send(message, options) {
          const result = await within(mailClient.send(message), options?.signal);
          return { messageId: result.messageId };
        },
      }
    : undefined;
  const expo = config.expo
    ? createExpoPush({
        ...(config.expo.baseUrl ? { baseUrl: config.expo.baseUrl } : {}),
        ...(config.expo.accessToken ? { accessToken: config.expo.accessToken } : {}),
        timeoutMs: config.timeoutMs,
      })
    : null;
  const push: PushSender | undefined = expo
    ? {
        async sendPush(messages, options) {
          const tickets = await within(expo.sendPush(messages), options?.signal);
          return tickets.map((ticket) =>
            ticket.status === 'ok'
              ? { status: 'ok' as const, id: ticket.id }
              : {
                  status: 'error' as const,
                  message: ticket.message,
                  details: ticket.error ? { error: ticket.error } : {},
                },
          );
        },
        async getReceipts(ids, options) {
          const receipts = await within(expo.getReceipts(ids), options?.signal);
          return Object.fromEntries(
            Object.entries(receipts).map(([id, receipt]) => [
              id,
              receipt.status === 'ok'
                ? { status: 'ok' as const }
                : {
                    status: 'error' as const,
                    message: receipt.message,
                    details: receipt.error ? { error: receipt.error } : {},
                  },
            ]),
          );
        },
      }
    : undefined;
  const webPushClient = config.webPush
    ? createWebPush({ vapid: config.webPush, timeoutMs: config.timeoutMs })
    : null;
  const webPush: WebPushSender | undefined = webPushClient
    ? {
        publicKey: webPushClient.publicKey,
        send: (subscription, message, options) =>
          within(webPushClient.send(subscription, message, options), options?.signal),
      }
    : undefined;
  return {
    sms: (account) =>
      smsSender(
        account.provider === 'twilio'
          ? createTwilioSms({
              accountSid: account.accountId,
              authToken: account.apiKey,
              sender: { from: account.senderId ?? '' },
              statusCallback: `${config.publicUrl}/webhooks/sms/twilio/${account.businessId}`,
              ...(config.sms.twilioBaseUrl ? { baseUrl: config.sms.twilioBaseUrl } : {}),
              timeoutMs: config.timeoutMs,
            })
          : createAfricasTalkingSms({
              username: account.accountId,
              apiKey: account.apiKey,
              ...(account.senderId ? { from: account.senderId } : {}),
              ...(config.sms.africastalkingBaseUrl
                ? { baseUrl: config.sms.africastalkingBaseUrl }
                : {}),
              timeoutMs: config.timeoutMs,
            }),
      ),
    smsIdempotent: false,
    ...(mailer ? { mailer } : {}),
    ...(push ? { push } : {}),
    ...(webPush ? { webPush } : {}),
  };
}
