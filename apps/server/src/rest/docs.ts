// The API's documentation: /openapi.json (OpenAPI 3.1, generated from the zod schemas of the
// routes) and /docs, Scalar's interactive reference served from the installed package (no CDN:
// a shop's network, or production's, need not reach one). The inbound webhooks are documented
// beside the /v1 routes (they are served by webhooks/*.ts; only their description lives here).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { type Env, Hono } from 'hono';

const WHATSAPP_EXAMPLE = {
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '102290129340398',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '221770000000', phone_number_id: '106540352242922' },
            contacts: [{ profile: { name: 'Awa Diop' }, wa_id: '221771234567' }],
            messages: [
              {
                from: '221771234567',
                id: 'wamid.HBgLMjIxNzcxMjM0NTY3FQIAEhgUM0VCMEQ2',
                timestamp: '1764238500',
                type: 'text',
                text: { body: 'Bonjour, je voudrais 2 thiébou dieune' },
              },
            ],
          },
        },
      ],
    },
  ],
};

/** The inbound webhooks, as the providers call them. */
function documentWebhooks<E extends Env>(api: OpenAPIHono<E>) {
  const registry = api.openAPIRegistry;
  const text = (description: string) => ({
    description,
    content: { 'text/plain': { schema: z.string() } },
  });
  registry.registerPath({
    method: 'get',
    path: '/webhooks/whatsapp',
    tags: ['Inbound webhooks'],
    summary: 'WhatsApp: Meta’s verification handshake',
    description:
      'Meta calls this once when the webhook URL is saved in the app’s settings: the challenge is echoed when the verify token is WHATSAPP_VERIFY_TOKEN.',
    request: {
      query: z.object({
        'hub.mode': z.literal('subscribe'),
        'hub.verify_token': z.string().openapi({ example: 'my-verify-token' }),
        'hub.challenge': z.string().openapi({ example: '1158201444' }),
      }),
    },
    responses: { 200: text('The challenge, echoed'), 403: text('Wrong verify token') },
  });
  registry.registerPath({
    method: 'post',
    path: '/webhooks/whatsapp',
    tags: ['Inbound webhooks'],
    summary: 'WhatsApp: messages and status receipts',
    description:
      'Signed by Meta with X-Hub-Signature-256 (HMAC-SHA-256 of the raw body under WHATSAPP_APP_SECRET). Stored in the webhook inbox before the 200: an event is processed once, even when Meta sends it again.',
    request: {
      headers: z.object({
        'x-hub-signature-256': z.string().openapi({ example: 'sha256=6f1c…' }),
      }),
      body: {
        content: {
          'application/json': {
            schema: z.record(z.string(), z.unknown()),
            example: WHATSAPP_EXAMPLE,
          },
        },
      },
    },
    responses: {
      200: { description: 'Stored (or already stored)' },
      401: { description: 'Missing or wrong signature' },
      413: { description: 'Body over 3 MB' },
      503: { description: 'Database away: Meta retries' },
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/webhooks/gmail',
    tags: ['Inbound webhooks'],
    summary: 'Gmail: Pub/Sub push notification',
    description:
      'Google Cloud Pub/Sub push with an OIDC token (Authorization: Bearer). Starts a sync of the mailbox; the mail itself is read through the Gmail API.',
    request: {
      body: {
        content: {
          'application/json': {
            schema: z.record(z.string(), z.unknown()),
            example: {
              message: {
                data: 'eyJlbWFpbEFkZHJlc3MiOiJzaG9wQGV4YW1wbGUuY29tIiwiaGlzdG9yeUlkIjoiOTg3NiJ9',
                messageId: '2070443601311540',
                publishTime: '2026-11-27T10:15:00.000Z',
              },
              subscription: 'projects/my-project/subscriptions/gmail-push',
            },
          },
        },
      },
    },
    responses: {
      204: { description: 'Sync enqueued' },
      401: { description: 'Invalid token' },
      404: { description: 'Gmail push not configured' },
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/webhooks/sms/africastalking',
    tags: ['Inbound webhooks'],
    summary: "SMS: Africa's Talking delivery reports and incoming texts",
    description:
      'The callback URL shown in Settings → SMS carries the business and a signed token in its query.',
    request: {
      query: z.object({ business: z.uuid(), token: z.string() }),
      body: {
        content: {
          'application/x-www-form-urlencoded': {
            schema: z.record(z.string(), z.string()),
            example: { id: 'ATXid_4b5c…', status: 'Success', phoneNumber: '+221771234567' },
          },
        },
      },
    },
    responses: { 200: text('OK'), 400: text('Not a report'), 403: text('Unknown callback') },
  });
  registry.registerPath({
    method: 'post',
    path: '/webhooks/sms/twilio/{businessId}',
    tags: ['Inbound webhooks'],
    summary: 'SMS: Twilio status callbacks and incoming texts',
    description: 'Signed by Twilio (X-Twilio-Signature over the public URL and the form).',
    request: {
      params: z.object({ businessId: z.uuid() }),
      headers: z.object({ 'x-twilio-signature': z.string() }),
      body: {
        content: {
          'application/x-www-form-urlencoded': {
            schema: z.record(z.string(), z.string()),
            example: { MessageSid: 'SM1f0e…', MessageStatus: 'delivered', To: '+221771234567' },
          },
        },
      },
    },
    responses: { 200: text('OK'), 403: text('Unknown callback or bad signature') },
  });
}

export function openApiDocument<E extends Env>(api: OpenAPIHono<E>, serverUrl: string | undefined) {
  return api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'FluxAsync API',
      version: '1.0.0',
      description:
        'Orders, catalog, customers and deliveries of one shop, for its own website and tools (WooCommerce, Google Sheets, n8n, Make, Zapier). Authenticate with an API key from Settings → API. Errors are RFC 9457 problem details; every POST accepts an Idempotency-Key.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    tags: [
      { name: 'Orders' },
      { name: 'Products' },
      { name: 'Prospects' },
      { name: 'Deliveries' },
      { name: 'Inbound webhooks', description: 'Called by the providers, not by you' },
    ],
  });
}

const scalarBundle = (() => {
  let loaded: Promise<Buffer> | null = null;
  return () => {
    loaded ??= readFile(
      join(
        dirname(createRequire(import.meta.url).resolve('@scalar/api-reference')),
        'browser',
        'standalone.js',
      ),
    );
    return loaded;
  };
})();

const DOCS_PAGE = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>FluxAsync API</title>
</head>
<body>
<div id="api-reference"></div>
<script src="/docs/scalar.js"></script>
<script>Scalar.createApiReference('#api-reference', { url: '/openapi.json', hideClientButton: false });</script>
</body>
</html>`;

/** /openapi.json, /docs and the reference's script. */
export function docsRoutes<E extends Env>(api: OpenAPIHono<E>, options: { serverUrl?: string }) {
  documentWebhooks(api);
  const app = new Hono();
  let document: unknown = null;
  app.get('/openapi.json', (c) => {
    document ??= openApiDocument(api, options.serverUrl);
    c.header('cache-control', 'public, max-age=300');
    return c.json(document as object);
  });
  app.get('/docs', (c) => c.html(DOCS_PAGE));
  app.get('/docs/scalar.js', async (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'public, max-age=86400');
    return c.body(new Uint8Array(await scalarBundle()));
  });
  return app;
}
