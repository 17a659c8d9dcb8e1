// Where notifications go out: SMTP, Expo push and the SMS providers as configured (env.ts), or,
// in the sandbox, local fakes of each that record what they are given (the sandbox's outbox).
import {
  type NotificationProvidersConfig,
  notificationProviders,
  type SandboxOutbox,
  vapidConfig,
} from '@flux/api';
import {
  FAKE_SMTP_AUTH,
  type FakeGraph,
  type FakePush,
  type FakeSms,
  type FakeSmtp,
  startFakePush,
  startFakeSms,
  startFakeSmtp,
} from '@flux/integrations';
import { serverEnv } from './env';

/** One call to a provider gives up after this long: well inside the send job's expiry. */
const PROVIDER_TIMEOUT_MS = 10_000;

export interface SandboxFakes {
  graph: FakeGraph | null;
  smtp: FakeSmtp;
  sms: FakeSms;
  push: FakePush;
  close(): Promise<void>;
}

export async function startSandboxFakes(graph: FakeGraph | null): Promise<SandboxFakes> {
  const [smtp, sms, push] = await Promise.all([
    startFakeSmtp({ auth: FAKE_SMTP_AUTH }),
    startFakeSms({ autoReport: false }),
    startFakePush(),
  ]);
  return {
    graph,
    smtp,
    sms,
    push,
    close: async () => {
      await Promise.all([smtp.close(), sms.close(), push.close()]);
    },
  };
}

function smtpFromUrl(url: string, from: string): NotificationProvidersConfig['smtp'] {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'smtps:';
  return {
    host: parsed.hostname,
    port: Number(parsed.port) || (secure ? 465 : 587),
    secure,
    auth: parsed.username
      ? {
          user: decodeURIComponent(parsed.username),
          pass: decodeURIComponent(parsed.password),
        }
      : undefined,
    from,
  };
}

/** The providers of this process: the configured ones, the sandbox's fakes where none is. */
export function providersOf(publicUrl: string, fakes: SandboxFakes | null) {
  const smtp = serverEnv.SMTP_URL
    ? smtpFromUrl(serverEnv.SMTP_URL, serverEnv.MAIL_FROM)
    : fakes
      ? {
          host: fakes.smtp.host,
          port: fakes.smtp.port,
          secure: false,
          auth: FAKE_SMTP_AUTH,
          from: serverEnv.MAIL_FROM,
        }
      : null;
  const expoUrl = serverEnv.EXPO_PUSH_URL ?? fakes?.push.url;
  return notificationProviders({
    smtp,
    expo: {
      ...(expoUrl ? { baseUrl: expoUrl } : {}),
      ...(serverEnv.EXPO_ACCESS_TOKEN ? { accessToken: serverEnv.EXPO_ACCESS_TOKEN } : {}),
    },
    sms: {
      africastalkingBaseUrl: serverEnv.AFRICASTALKING_BASE_URL ?? fakes?.sms.url,
      twilioBaseUrl: serverEnv.TWILIO_BASE_URL ?? fakes?.sms.url,
    },
    // Browsers' own push services (their endpoints), in the sandbox too: the browser chose them.
    webPush: vapidConfig(),
    publicUrl,
    timeoutMs: PROVIDER_TIMEOUT_MS,
  });
}

/** What the sandbox's fakes received, by the provider's message id (the sandbox's outbox). */
export function sandboxOutbox(fakes: SandboxFakes): SandboxOutbox {
  return {
    received(channel, id) {
      if (channel === 'whatsapp') {
        const sent = fakes.graph?.sent.find((message) => message.id === id);
        if (!sent) return null;
        const body = sent.body as {
          to?: string;
          text?: { body?: string };
          template?: { name?: string; components?: { parameters?: { text?: string }[] }[] };
        };
        const parameters = (body.template?.components ?? [])
          .flatMap((component) => component.parameters ?? [])
          .map((parameter) => parameter.text ?? '');
        return {
          to: body.to ?? '',
          text:
            body.text?.body ?? `[${body.template?.name ?? 'template'}] ${parameters.join(' · ')}`,
        };
      }
      if (channel === 'sms') {
        const sms = fakes.sms.received.find((message) => message.id === id);
        return sms ? { to: sms.to, text: sms.text } : null;
      }
      if (channel === 'email') {
        const mail = fakes.smtp.messages.find((message) => message.messageId === id);
        return mail ? { to: mail.to.join(', '), text: `${mail.subject}\n\n${mail.text}` } : null;
      }
      const push = fakes.push.received.find((message) => message.id === id);
      return push ? { to: push.to, text: `${push.title ?? ''}\n${push.body ?? ''}` } : null;
    },
  };
}
