// E-mail over SMTP (nodemailer), with the failures sorted the way the notification engine needs
// them: a 5xx reply is permanent, a 4xx or a lost connection is worth another try, and a
// connection lost after the whole message was handed over may have delivered it.
//
// Idempotency: SMTP has none. The engine's key becomes the Message-ID, so a copy sent twice after
// an unknown outcome carries the same id: mail clients and our own logs can tell it is the same
// message, but the server will deliver both.
import { lazy } from '../lazy';

/** Loaded on the first send (lazy.ts). */
export const loadNodemailer = lazy(async () => (await import('nodemailer')).default);

import { DeliveryError, type DeliveryErrorKind } from '../delivery-error';

export interface MailerOptions {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  auth?: { user: string; pass: string };
  /** The sender, `"Name" <address>` or an address. Its domain names the Message-IDs. */
  from: string;
  /** The whole send, connection included, gives up after this. Default 10 s. */
  timeoutMs?: number;
}

export interface MailInput {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  /** The engine's idempotency key: the message's Message-ID is built from it. */
  messageId?: string;
  headers?: Record<string, string>;
}

export interface MailResult {
  /** The Message-ID, with its angle brackets. */
  messageId: string;
  accepted: string[];
  /** Recipients the server refused while taking the message for the others. */
  rejected: string[];
}

export interface Mailer {
  /** Throws a DeliveryError (a ProviderError with `kind`) when the message was not taken. */
  send(mail: MailInput): Promise<MailResult>;
}

/** `<key@domain>`: the key with anything a Message-ID cannot hold written as =XX. */
export function messageIdFor(key: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'flux.local';
  const local = key.replace(/[^A-Za-z0-9._-]/g, (char) =>
    [...Buffer.from(char)]
      .map((byte) => `=${byte.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  );
  return `<${local}@${domain}>`;
}

/** What nodemailer puts on its errors. */
interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

/** The kind of a refusal the server replied with (it did not take the message). */
function kindOfReply(responseCode: number, code: string | undefined, command: string | undefined) {
  if (code === 'EAUTH')
    return responseCode >= 500 || responseCode === 0 ? 'account' : 'unavailable';
  if (responseCode < 500) return 'unavailable';
  if (command === 'RCPT TO') return 'recipient';
  if (command === 'MAIL FROM') return 'account';
  return 'rejected';
}

const CONNECTION_CODES = new Set([
  'ETIMEDOUT',
  'ECONNECTION',
  'ESOCKET',
  'EDNS',
  'EABORT',
  'EPROXY',
]);
/** Our side's set-up: TLS the server will not do, missing or refused credentials. */
const SETUP_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ETLS', 'EREQUIRETLS', 'ECONFIG']);

export function createMailer(options: MailerOptions): Mailer {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(mail) {
      // Set once the whole message (its final dot) was written to the server: from then on a
      // lost answer may mean a delivered message. A transport per send, so the flag is this one's.
      let handedOver = false;
      const nodemailer = await loadNodemailer();
      const transport = nodemailer.createTransport({
        host: options.host,
        port: options.port,
        secure: options.secure,
        ...(options.auth ? { auth: options.auth } : {}),
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
        logger: {
          level: () => {},
          trace: () => {},
          debug: () => {},
          info: (entry: unknown) => {
            if (entry && typeof entry === 'object' && 'tnx' in entry && entry.tnx === 'message') {
              handedOver = true;
            }
          },
          warn: () => {},
          error: () => {},
          fatal: () => {},
        },
      });
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          ...(mail.html ? { html: mail.html } : {}),
          ...(mail.messageId ? { messageId: messageIdFor(mail.messageId, options.from) } : {}),
          ...(mail.headers ? { headers: mail.headers } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        });
        return {
          messageId: info.messageId,
          accepted: info.accepted.map(String),
          rejected: info.rejected.map(String),
        };
      } catch (error) {
        throw smtpError(error as SmtpFailure, handedOver);
      } finally {
        transport.close();
      }
    },
  };
}

function smtpError(failure: SmtpFailure, handedOver: boolean): DeliveryError {
  const responseCode = failure.responseCode ?? 0;
  const lostConnection = responseCode === 0 && CONNECTION_CODES.has(failure.code ?? '');
  let kind: DeliveryErrorKind;
  if (lostConnection) kind = 'unavailable';
  else if (responseCode === 0) {
    // Refused by nodemailer before the server was asked: our set-up, or an address it could not
    // read ("No recipients defined", "Invalid recipient").
    if (SETUP_CODES.has(failure.code ?? '')) kind = 'account';
    else if (failure.code === 'EENVELOPE' && /recipient/i.test(failure.message ?? '')) {
      kind = 'recipient';
    } else kind = 'rejected';
  } else kind = kindOfReply(responseCode, failure.code, failure.command);
  return new DeliveryError({
    provider: 'smtp',
    status: responseCode,
    message: `smtp: ${failure.message ?? String(failure)}${failure.response ? ` (${failure.response})` : ''}`,
    body: failure.response ?? null,
    mayHaveArrived: lostConnection && handedOver,
    kind,
    code: failure.code ?? null,
  });
}
