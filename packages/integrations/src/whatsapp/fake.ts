// A local fake of the Graph API for WhatsApp: tests and the sandbox mode. It knows the numbers it is
// given, checks the bearer token, records sent messages, and answers like Meta (including errors).
// Over 400 lines on purpose: one fake server whose routes share its numbers, tokens, media and
// recorded messages, as the Graph API it stands in for does.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { statusReceipt, wamid, webhookPayload } from './payloads';
import { isBusinessScopedUserId, signWebhook } from './webhook';

export interface FakeNumber {
  phoneNumberId: string;
  displayPhoneNumber: string;
  verifiedName: string;
  accessToken: string;
  /** The WhatsApp Business Account that holds the number (default FAKE_WABA_ID). */
  wabaId?: string;
}

/** The WhatsApp Business Account of fake numbers added without one. */
export const FAKE_WABA_ID = '102290129340398';

export interface SentMessage {
  phoneNumberId: string;
  id: string;
  body: Record<string, unknown>;
}

/** A message template as Meta lists it (GET /{waba-id}/message_templates). */
export interface FakeTemplate {
  /** Meta's template id; listed templates without one get an id from their position. */
  id?: string;
  name: string;
  language: string;
  status: 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
  category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  components: { type: string; format?: string; text?: string; [field: string]: unknown }[];
}

/** Two approved templates and one still in review (which a client must not offer). */
export const defaultFakeTemplates: FakeTemplate[] = [
  {
    name: 'order_update',
    language: 'fr',
    status: 'APPROVED',
    category: 'UTILITY',
    components: [{ type: 'BODY', text: 'Bonjour {{1}}, votre commande {{2}} est en route.' }],
  },
  {
    name: 'follow_up',
    language: 'fr',
    status: 'APPROVED',
    category: 'MARKETING',
    components: [{ type: 'BODY', text: 'Bonjour {{1}}, pouvons-nous vous aider ?' }],
  },
  {
    name: 'tabaski_promo',
    language: 'fr',
    status: 'PENDING',
    category: 'MARKETING',
    components: [{ type: 'BODY', text: 'Promotion Tabaski : -20 % sur tout le wax !' }],
  },
];

export interface FakeGraph {
  url: string;
  sent: SentMessage[];
  addNumber(number: FakeNumber): void;
  /** What GET /{waba-id}/message_templates lists from now on, for every account. */
  setTemplates(templates: FakeTemplate[]): void;
  /** Templates created through POST /{waba-id}/message_templates, in order. */
  createdTemplates: FakeTemplate[];
  /** Meta's review: every created template still PENDING becomes APPROVED. */
  approveTemplates(): void;
  /** The next sends answer this Graph error (e.g. 131047 window closed, 130429 throughput). */
  failNext(code: number, message: string, times?: number, httpStatus?: number): void;
  /**
   * Sends are accepted (recorded) at once but answered this many ms later, like Meta under load:
   * a client that gives up first has still sent the message.
   */
  setLatency(ms: number): void;
  /**
   * Numbers Meta cannot deliver to (not on WhatsApp): a send to one is refused with 131026
   * ("Message Undeliverable") and not recorded.
   */
  addUndeliverable(to: string): void;
  close(): Promise<void>;
}

function graphError(code: number, message: string, subcode = 2494010) {
  return {
    error: { message, type: 'OAuthException', code, error_subcode: subcode, fbtrace_id: 'AbCdEf' },
  };
}

export interface FakeGraphOptions {
  /**
   * Sandbox: any phone number id and token is accepted (no Meta account needed). A number looked
   * up with a token is then listed in any WhatsApp Business Account read with that token, so the
   * connection check passes as it would for a merchant's own number.
   */
  acceptAny?: boolean;
  /** Like Meta: after each send, POST signed sent → delivered → read receipts to this webhook. */
  replayStatusesTo?: { url: string; appSecret: string; delayMs?: number };
  /**
   * A created template is answered PENDING, like Meta; 'immediately' approves it right after the
   * answer (the sandbox), 'manually' (default) waits for approveTemplates().
   */
  templateReview?: 'immediately' | 'manually';
}

/** Meta's receipts for a sent message, signed, to our webhook (best effort, like the sandbox needs). */
function replayStatuses(
  target: NonNullable<FakeGraphOptions['replayStatusesTo']>,
  message: SentMessage,
) {
  const to = typeof message.body.to === 'string' ? message.body.to : undefined;
  const userId = typeof message.body.recipient === 'string' ? message.body.recipient : undefined;
  (['sent', 'delivered', 'read'] as const).forEach((status, step) => {
    setTimeout(
      () => {
        // Sent to a BSUID: the receipt names it in recipient_user_id, with no phone.
        const callback =
          typeof message.body.biz_opaque_callback_data === 'string'
            ? { biz_opaque_callback_data: message.body.biz_opaque_callback_data }
            : {};
        const receipt = to
          ? statusReceipt(message.id, status, to, callback)
          : statusReceipt(message.id, status, undefined, {
              recipient_user_id: userId,
              ...callback,
            });
        const body = JSON.stringify(
          webhookPayload({ phoneNumberId: message.phoneNumberId, statuses: [receipt] }),
        );
        fetch(target.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-hub-signature-256': signWebhook(body, target.appSecret),
          },
          body,
        }).catch(() => {});
      },
      (target.delayMs ?? 400) * (step + 1),
    );
  });
}

/** Why Meta would refuse a send's content (the message types we send), else null. */
function contentProblem(body: Record<string, unknown>): string | null {
  const part = (name: string) =>
    typeof body[name] === 'object' && body[name] !== null
      ? (body[name] as Record<string, unknown>)
      : undefined;
  switch (body.type) {
    case 'image': {
      const image = part('image');
      const link = image?.link;
      if (typeof image?.id === 'string') return null;
      if (typeof link !== 'string' || !/^https?:\/\//.test(link)) {
        return 'Invalid parameter: image needs a link (http or https) or an id';
      }
      return null;
    }
    case 'location': {
      const location = part('location');
      const { latitude, longitude } = location ?? {};
      if (typeof latitude !== 'number' || typeof longitude !== 'number') {
        return 'Invalid parameter: location needs latitude and longitude';
      }
      return null;
    }
    case 'text':
      return typeof part('text')?.body === 'string' ? null : 'Invalid parameter: text.body';
    default:
      return null;
  }
}

export async function startFakeGraph(options: FakeGraphOptions = {}): Promise<FakeGraph> {
  const numbers = new Map<string, FakeNumber>();
  /** Sandbox: the numbers each token has looked up (bearer token → number ids). */
  const sandboxSeen = new Map<string, Set<string>>();
  const sent: SentMessage[] = [];
  let templates = [...defaultFakeTemplates];
  const createdTemplates: FakeTemplate[] = [];
  let nextTemplateId = 2_000_000_000;
  let failures: { code: number; message: string; status: number; left: number } | null = null;
  let latencyMs = 0;
  const undeliverable = new Set<string>();

  const server: Server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://fake');
    // /v21.0/{phone-number-id} or /v21.0/{phone-number-id}/messages
    const parts = url.pathname.split('/').filter(Boolean);
    const action = parts.at(-1) === 'messages' ? 'messages' : undefined;
    const id = action ? parts.at(-2) : parts.at(-1);
    const knownToken = () =>
      options.acceptAny ||
      [...numbers.values()].some((n) => req.headers.authorization === `Bearer ${n.accessToken}`);
    // Templates: GET /{waba-id}/message_templates (any token of a known number, or any in sandbox).
    if (req.method === 'GET' && parts.at(-1) === 'message_templates') {
      if (!knownToken()) return reply(401, graphError(190, 'Invalid OAuth access token'));
      const limit = Number(url.searchParams.get('limit') ?? 25);
      return reply(200, {
        data: templates.slice(0, limit).map((template, index) => ({
          ...template,
          id: template.id ?? String(1_000_000_000 + index),
        })),
        paging: { cursors: { before: 'QVFIU0', after: 'QVFIU1' } },
      });
    }
    // Template creation: POST /{waba-id}/message_templates, checked as Meta checks it (a name in
    // lower case and underscores, a known category, a BODY, one template per name and language).
    if (req.method === 'POST' && parts.at(-1) === 'message_templates') {
      if (!knownToken()) return reply(401, graphError(190, 'Invalid OAuth access token'));
      let raw = '';
      req.on('data', (chunk: Buffer) => {
        raw += chunk.toString();
      });
      req.on('end', () => {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          return reply(400, graphError(100, 'Invalid JSON'));
        }
        const { name, language, category, components } = body;
        if (typeof name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(name)) {
          return reply(400, graphError(100, 'Invalid parameter: name'));
        }
        if (typeof language !== 'string' || !language) {
          return reply(400, graphError(100, 'Invalid parameter: language'));
        }
        if (category !== 'UTILITY' && category !== 'MARKETING' && category !== 'AUTHENTICATION') {
          return reply(400, graphError(100, 'Invalid parameter: category'));
        }
        if (
          !Array.isArray(components) ||
          !components.some((c: { type?: unknown }) => String(c?.type).toUpperCase() === 'BODY')
        ) {
          return reply(400, graphError(100, 'Invalid parameter: components needs a BODY'));
        }
        if (templates.some((t) => t.name === name && t.language === language)) {
          return reply(400, graphError(100, 'Content in this language already exists', 2388024));
        }
        const template: FakeTemplate = {
          id: String(nextTemplateId++),
          name,
          language,
          status: 'PENDING',
          category,
          components: components as FakeTemplate['components'],
        };
        templates.push(template);
        createdTemplates.push(template);
        reply(200, { id: template.id, status: 'PENDING', category });
        if (options.templateReview === 'immediately') template.status = 'APPROVED';
      });
      return;
    }
    // A WhatsApp Business Account's numbers: GET /{waba-id}/phone_numbers. Like Meta, an unknown
    // token is refused (190), and a token that cannot manage the account finds nothing there
    // (100: "does not exist, cannot be loaded due to missing permissions").
    if (req.method === 'GET' && parts.at(-1) === 'phone_numbers') {
      const wabaId = parts.at(-2) ?? '';
      const token = req.headers.authorization?.startsWith('Bearer ')
        ? req.headers.authorization.slice(7)
        : '';
      if (!knownToken()) return reply(401, graphError(190, 'Invalid OAuth access token'));
      // The token of any number of the account may manage it (one business's system user).
      const inWaba = [...numbers.values()].filter((n) => (n.wabaId ?? FAKE_WABA_ID) === wabaId);
      const manages = inWaba.some((n) => n.accessToken === token);
      const seen = [...(sandboxSeen.get(token) ?? [])]
        .filter((seenId) => !numbers.has(seenId))
        .map((seenId) => ({
          phoneNumberId: seenId,
          displayPhoneNumber: 'Sandbox',
          verifiedName: 'Sandbox',
        }));
      const listed = options.acceptAny ? [...(manages ? inWaba : []), ...seen] : inWaba;
      if (!options.acceptAny && !manages) {
        return reply(
          400,
          graphError(
            100,
            `Unsupported get request. Object with ID '${wabaId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
          ),
        );
      }
      return reply(200, {
        data: listed.map((n) => ({
          id: n.phoneNumberId,
          display_phone_number: n.displayPhoneNumber,
          verified_name: n.verifiedName,
        })),
        paging: { cursors: { before: 'QVFIU0', after: 'QVFIU1' } },
      });
    }
    // Media lookups: GET /{media-id} (any token of a known number, or any in sandbox).
    if (req.method === 'GET' && id?.startsWith('media-')) {
      if (!knownToken()) return reply(401, graphError(190, 'Invalid OAuth access token'));
      return reply(200, {
        messaging_product: 'whatsapp',
        id,
        url: `https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=${id}`,
        mime_type: 'image/jpeg',
        sha256: 'c0ffee',
        file_size: 20480,
      });
    }
    const number =
      id && options.acceptAny && !numbers.has(id)
        ? {
            phoneNumberId: id,
            displayPhoneNumber: 'Sandbox',
            verifiedName: 'Sandbox',
            accessToken: req.headers.authorization?.slice(7) ?? '',
          }
        : id
          ? numbers.get(id)
          : undefined;
    if (!number)
      return reply(
        400,
        graphError(100, `Unsupported get request. Object with ID '${id}' does not exist`),
      );
    if (req.headers.authorization !== `Bearer ${number.accessToken}`) {
      // A token Meta knows but that has no right to this number sees nothing there; a token it
      // does not know at all is refused as such.
      if (knownToken()) {
        return reply(
          400,
          graphError(
            100,
            `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
          ),
        );
      }
      return reply(401, graphError(190, 'Invalid OAuth access token - Cannot parse access token'));
    }
    if (req.method === 'GET' && !action) {
      if (options.acceptAny && !numbers.has(number.phoneNumberId)) {
        const seen = sandboxSeen.get(number.accessToken) ?? new Set<string>();
        seen.add(number.phoneNumberId);
        sandboxSeen.set(number.accessToken, seen);
      }
      return reply(200, {
        id: number.phoneNumberId,
        display_phone_number: number.displayPhoneNumber,
        verified_name: number.verifiedName,
        quality_rating: 'GREEN',
      });
    }
    if (req.method === 'POST' && action === 'messages') {
      let raw = '';
      req.on('data', (chunk: Buffer) => {
        raw += chunk.toString();
      });
      req.on('end', () => {
        if (failures && failures.left > 0) {
          failures.left -= 1;
          return reply(failures.status, graphError(failures.code, failures.message));
        }
        const body = JSON.parse(raw) as Record<string, unknown>;
        // Like Meta: a phone in `to`, or a business-scoped user id in `recipient`; with both,
        // `to` wins. Anything else is refused, so a client that mixes them up fails its tests.
        const to = typeof body.to === 'string' && body.to ? body.to : undefined;
        const recipient = typeof body.recipient === 'string' ? body.recipient : undefined;
        if (to === undefined && recipient === undefined) {
          return reply(400, graphError(100, 'The parameter to or recipient is required.'));
        }
        if (to !== undefined && !/^\+?\d{6,15}$/.test(to)) {
          return reply(400, graphError(100, `Invalid parameter: to (${to}) is not a phone number`));
        }
        if (to === undefined && recipient !== undefined && !isBusinessScopedUserId(recipient)) {
          return reply(400, graphError(100, `Invalid parameter: recipient (${recipient})`));
        }
        // Like Meta: a photo needs a link (or an uploaded media id), a location its coordinates.
        const problem = contentProblem(body);
        if (problem) return reply(400, graphError(100, problem));
        if (to !== undefined && undeliverable.has(to.replace(/^\+/, ''))) {
          return reply(400, graphError(131026, 'Message Undeliverable.'));
        }
        const message = { phoneNumberId: number.phoneNumberId, id: wamid(), body };
        sent.push(message);
        if (options.replayStatusesTo) replayStatuses(options.replayStatusesTo, message);
        const answer = () =>
          reply(200, {
            messaging_product: 'whatsapp',
            contacts: [
              to !== undefined
                ? { input: to, wa_id: to.replace(/\D/g, '') }
                : { input: recipient, user_id: recipient },
            ],
            messages: [{ id: message.id }],
          });
        if (latencyMs > 0) setTimeout(answer, latencyMs);
        else answer();
      });
      return;
    }
    reply(404, graphError(803, 'Unknown path'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v21.0`,
    sent,
    addNumber: (number) => numbers.set(number.phoneNumberId, number),
    setTemplates(list) {
      templates = [...list];
    },
    createdTemplates,
    approveTemplates() {
      // The created ones only: the default list's objects are shared by every fake.
      for (const template of createdTemplates) {
        if (template.status === 'PENDING') template.status = 'APPROVED';
      }
    },
    failNext(code, message, times = 1, httpStatus = 400) {
      failures = { code, message, status: httpStatus, left: times };
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    addUndeliverable: (to) => {
      undeliverable.add(to.replace(/^\+/, ''));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
