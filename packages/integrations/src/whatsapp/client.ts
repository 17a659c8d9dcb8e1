// WhatsApp Cloud API (Graph API) client. The base URL is injectable: tests and the sandbox point it
// at the fake Graph server (fake.ts), which speaks the same wire format.
import { z } from 'zod';
import { createHttpClient, ProviderError } from '../http';
import { WhatsappError } from './errors';
import { isBusinessScopedUserId } from './webhook';

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com/v21.0';

const phoneNumberSchema = z.looseObject({
  id: z.string(),
  display_phone_number: z.string(),
  verified_name: z.string().optional(),
  quality_rating: z.string().optional(),
});
export type PhoneNumberInfo = z.infer<typeof phoneNumberSchema>;

const phoneNumberListSchema = z.looseObject({
  data: z.array(phoneNumberSchema),
  paging: z.looseObject({ next: z.string().optional() }).optional(),
});

const mediaSchema = z.looseObject({
  id: z.string(),
  url: z.url(),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  file_size: z.coerce.number().optional(),
});
export type MediaInfo = z.infer<typeof mediaSchema>;

const sendResultSchema = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  // A send to a BSUID answers with the BSUID (`user_id`), and `wa_id` only when Meta shares it.
  contacts: z
    .array(z.looseObject({ wa_id: z.string().optional(), user_id: z.string().optional() }))
    .optional(),
  messages: z.array(z.looseObject({ id: z.string() })).min(1),
});

const templateSchema = z.looseObject({
  name: z.string(),
  language: z.string(),
  status: z.string(),
  category: z.string(),
  components: z
    .array(
      z.looseObject({
        /** HEADER, BODY, FOOTER, BUTTONS. */
        type: z.string(),
        /** HEADER only: TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION. */
        format: z.string().optional(),
        text: z.string().optional(),
      }),
    )
    .default([]),
});
export type MessageTemplate = z.infer<typeof templateSchema>;

const templateListSchema = z.looseObject({
  data: z.array(templateSchema),
  paging: z.looseObject({ next: z.string().optional() }).optional(),
});

const createdTemplateSchema = z.looseObject({
  id: z.string(),
  /** PENDING while Meta reviews it; some utility templates come back APPROVED at once. */
  status: z.string(),
  category: z.string(),
});
export type CreatedTemplate = z.infer<typeof createdTemplateSchema>;

/** A template component as Meta takes it (HEADER, BODY, FOOTER, BUTTONS, with their fields). */
export interface TemplateComponentInput {
  type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS';
  format?: 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION';
  text?: string;
  /** Sample values of the {{n}} placeholders, which Meta's review requires. */
  example?: Record<string, unknown>;
  buttons?: Record<string, unknown>[];
}

export interface TemplateInput {
  wabaId: string;
  /** Lower case letters, digits and underscores. */
  name: string;
  /** Meta's language code: fr, en_US, ... */
  language: string;
  category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  components: TemplateComponentInput[];
}

/** Meta's subcode for a template whose name already exists in that language. */
export const TEMPLATE_EXISTS_SUBCODE = 2388024;

export type OutboundContent =
  | { type: 'text'; text: string }
  | { type: 'template'; name: string; language: string; parameters?: string[] }
  /** A photo Meta fetches from `link` (a public or signed URL), with its caption. */
  | { type: 'image'; link: string; caption?: string | null }
  /** A point on the map (the shop's pickup point), with its name and address. */
  | {
      type: 'location';
      latitude: number;
      longitude: number;
      name?: string | null;
      address?: string | null;
    };

/** The message object of a send, after the recipient (Meta's shape per type). */
function messageBody(content: OutboundContent): Record<string, unknown> {
  switch (content.type) {
    case 'text':
      return { recipient_type: 'individual', type: 'text', text: { body: content.text } };
    case 'image':
      return {
        recipient_type: 'individual',
        type: 'image',
        image: { link: content.link, ...(content.caption ? { caption: content.caption } : {}) },
      };
    case 'location':
      return {
        recipient_type: 'individual',
        type: 'location',
        location: {
          latitude: content.latitude,
          longitude: content.longitude,
          ...(content.name ? { name: content.name } : {}),
          ...(content.address ? { address: content.address } : {}),
        },
      };
    case 'template':
      return {
        type: 'template',
        template: {
          name: content.name,
          language: { code: content.language },
          ...(content.parameters?.length
            ? {
                components: [
                  {
                    type: 'body',
                    parameters: content.parameters.map((text) => ({ type: 'text', text })),
                  },
                ],
              }
            : {}),
        },
      };
  }
}

/** A Graph API client with one access token; calls that fail throw a WhatsappError. */
export function createWhatsappClient(options: {
  baseUrl?: string;
  accessToken: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}) {
  const graph = createHttpClient({
    provider: 'whatsapp',
    baseUrl: options.baseUrl ?? DEFAULT_GRAPH_BASE_URL,
    headers: () => ({ authorization: `Bearer ${options.accessToken}` }),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  // Every failure leaves as a WhatsappError: Meta's error body is parsed here, once.
  const http = {
    async request<S extends z.ZodType>(
      method: Parameters<typeof graph.request>[0],
      path: string,
      schema: S,
      body?: unknown,
    ): Promise<z.infer<S>> {
      try {
        return await graph.request(method, path, schema, body);
      } catch (error) {
        throw error instanceof ProviderError ? new WhatsappError(error) : error;
      }
    },
  };
  /** Every template of the account whatever its review state (the settings show them all). */
  const listAllTemplates = async (wabaId: string): Promise<MessageTemplate[]> => {
    const page = await http.request(
      'GET',
      `/${encodeURIComponent(wabaId)}/message_templates?fields=name,language,status,category,components&limit=100`,
      templateListSchema,
    );
    return page.data;
  };
  return {
    /** The number's details: used to test a connection. */
    getPhoneNumber: (phoneNumberId: string) =>
      http.request(
        'GET',
        `/${encodeURIComponent(phoneNumberId)}?fields=id,display_phone_number,verified_name,quality_rating`,
        phoneNumberSchema,
      ),

    /**
     * The numbers of a WhatsApp Business Account, as the token sees them: Meta answers only a token
     * that may manage that account. One page of 100: an account holds a handful of numbers.
     */
    async listPhoneNumbers(wabaId: string): Promise<PhoneNumberInfo[]> {
      const page = await http.request(
        'GET',
        `/${encodeURIComponent(wabaId)}/phone_numbers?fields=id,display_phone_number,verified_name&limit=100`,
        phoneNumberListSchema,
      );
      return page.data;
    },

    /** Where a received media can be downloaded (a short-lived URL that needs the token). */
    getMedia: (mediaId: string) =>
      http.request('GET', `/${encodeURIComponent(mediaId)}`, mediaSchema),

    /**
     * The account's templates that can be sent now (status APPROVED): pending, rejected, paused
     * and disabled ones are left out. One page of 100, more than a business keeps in practice.
     */
    async listTemplates(wabaId: string): Promise<MessageTemplate[]> {
      return (await listAllTemplates(wabaId)).filter((template) => template.status === 'APPROVED');
    },

    listAllTemplates,

    /**
     * Submits a message template for Meta's review; it can be sent once listTemplates shows it
     * APPROVED. A name exists once per language, so a retry after a lost answer is refused with
     * code 100 / subcode TEMPLATE_EXISTS_SUBCODE rather than creating a second template: the
     * caller then reads the template from listTemplates.
     */
    createTemplate: ({ wabaId, ...template }: TemplateInput): Promise<CreatedTemplate> =>
      http.request(
        'POST',
        `/${encodeURIComponent(wabaId)}/message_templates`,
        createdTemplateSchema,
        template,
      ),

    /**
     * Sends a message to a phone (digits) or, for a customer known only by their username, a
     * business-scoped user id: Meta takes a phone in `to` and a BSUID in `recipient` (with both,
     * `to` wins, so a BSUID goes alone). Returns the wamid. `callbackData` (our message id) comes
     * back in every status receipt of the message, so a send whose answer was lost can still be
     * matched.
     */
    async send(
      phoneNumberId: string,
      to: string,
      content: OutboundContent,
      options: { callbackData?: string } = {},
    ): Promise<string> {
      const address = isBusinessScopedUserId(to) ? { recipient: to } : { to };
      const body = { messaging_product: 'whatsapp', ...address, ...messageBody(content) };
      const result = await http.request(
        'POST',
        `/${encodeURIComponent(phoneNumberId)}/messages`,
        sendResultSchema,
        options.callbackData ? { ...body, biz_opaque_callback_data: options.callbackData } : body,
      );
      const id = result.messages[0]?.id;
      if (!id) throw new Error('WhatsApp returned no message id');
      return id;
    },
  };
}

export type WhatsappClient = ReturnType<typeof createWhatsappClient>;
