// The one place the API builds a Graph API client for a business's number: the configured base
// URL (the fake Graph in tests and the sandbox), the number's token, and a timeout that fits who
// is waiting for the answer.
import { createWhatsappClient, type WhatsappClient } from '@flux/integrations';

/** The settings a client is built from (AppServices.config has them). */
export interface WhatsappClientConfig {
  whatsappApiBaseUrl: string;
  /** One send gives up after this long (well inside the send job's expiry). */
  whatsappSendTimeoutMs: number;
}

/** A person waits on the answer (a form, a list in the composer): 10 s, then they are told. */
const INTERACTIVE_TIMEOUT_MS = 10_000;

/**
 * `interactive`: a person waits; `send`: a message send, whose timeout is configured (a send
 * given up is marked `unknown`); `background`: a job, with the HTTP client's default.
 */
export type WhatsappCallKind = 'interactive' | 'send' | 'background';

export function whatsappClientFor(
  config: WhatsappClientConfig,
  accessToken: string,
  kind: WhatsappCallKind,
): WhatsappClient {
  const timeoutMs =
    kind === 'interactive'
      ? INTERACTIVE_TIMEOUT_MS
      : kind === 'send'
        ? config.whatsappSendTimeoutMs
        : undefined;
  return createWhatsappClient({
    baseUrl: config.whatsappApiBaseUrl,
    accessToken,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}
