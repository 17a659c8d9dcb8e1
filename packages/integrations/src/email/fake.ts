// A real SMTP server in the process (smtp-server) for tests and the sandbox: it takes what the
// mailer sends on a free port, parses each message (mailparser) and records it, and can refuse a
// recipient or a message with a chosen reply, or answer late.
import type { AddressInfo } from 'node:net';
import type { SMTPServerError } from 'smtp-server';

export interface FakeMail {
  /** The envelope's sender (MAIL FROM). */
  from: string;
  /** The envelope's accepted recipients (RCPT TO). */
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  /** The Message-ID header, angle brackets included. */
  messageId: string | null;
  /** Each header as written, by lower-case name (the last one when repeated). */
  headers: Record<string, string>;
}

export interface FakeSmtpFailure {
  /** RCPT: refuse each recipient; DATA: refuse the message after receiving it. */
  stage: 'RCPT' | 'DATA';
  /** The SMTP reply code: 4xx (try again later) or 5xx (permanent). */
  code: number;
  message?: string;
}

export interface FakeSmtp {
  host: string;
  port: number;
  messages: FakeMail[];
  /** The next `times` RCPT TO (each recipient counts) or DATA get this reply. */
  failNext(failure: FakeSmtpFailure, times?: number): void;
  /** Recipients refused with 550 whatever happens (an unknown mailbox). */
  addUnknownMailbox(address: string): void;
  /** A received message is recorded at once and its 250 sent `ms` later. */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

export const FAKE_SMTP_AUTH = { user: 'flux', pass: 'fake-smtp-password' } as const;

export interface FakeSmtpOptions {
  /** Require this login (AUTH PLAIN/LOGIN); none required without it. */
  auth?: { user: string; pass: string };
}

const smtpError = (code: number, message: string): SMTPServerError =>
  Object.assign(new Error(message), { responseCode: code });

export async function startFakeSmtp(options: FakeSmtpOptions = {}): Promise<FakeSmtp> {
  const messages: FakeMail[] = [];
  const unknown = new Set<string>();
  const failures = new Map<FakeSmtpFailure['stage'], FakeSmtpFailure & { left: number }>();
  let latencyMs = 0;
  const take = (stage: FakeSmtpFailure['stage']) => {
    const failure = failures.get(stage);
    if (!failure || failure.left <= 0) return undefined;
    failure.left -= 1;
    return failure;
  };

  // Loaded here, not with the module: only tests and the sandbox start a fake SMTP server.
  const [{ SMTPServer }, { simpleParser }] = await Promise.all([
    import('smtp-server'),
    import('mailparser'),
  ]);
  const server = new SMTPServer({
    secure: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !options.auth,
    logger: false,
    closeTimeout: 200,
    onAuth(auth, _session, callback) {
      const ok =
        options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
      if (!ok) return callback(smtpError(535, '5.7.8 Authentication credentials invalid'));
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      if (unknown.has(address.address.toLowerCase())) {
        return callback(
          smtpError(550, '5.1.1 The email account that you tried to reach does not exist'),
        );
      }
      const failure = take('RCPT');
      if (failure) return callback(smtpError(failure.code, failure.message ?? 'Recipient refused'));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const failure = take('DATA');
          if (failure)
            return callback(smtpError(failure.code, failure.message ?? 'Message refused'));
          const headers: Record<string, string> = {};
          for (const line of parsed.headerLines) {
            headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
          }
          messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: parsed.html || null,
            messageId: parsed.messageId ?? null,
            headers,
          });
          if (latencyMs > 0) setTimeout(() => callback(), latencyMs);
          else callback();
        })
        .catch((error: unknown) => callback(smtpError(451, `Could not parse: ${String(error)}`)));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    messages,
    failNext(failure, times = 1) {
      failures.set(failure.stage, { ...failure, left: times });
    },
    addUnknownMailbox: (address) => {
      unknown.add(address.toLowerCase());
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
