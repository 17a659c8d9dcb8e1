// A merchant's endpoints as admins manage them: subscribe (the URL checked against the SSRF guard
// at once), change, rotate the secret (the previous one keeps signing for a day), disable, enable,
// delete, send a test event, resend a delivery. Each change is audited in its transaction.
import { randomUUID } from 'node:crypto';
import type { WebhookEventType } from '@flux/contracts';
import type { Db } from '@flux/db';
import {
  countWebhookEndpoints,
  deleteWebhookEndpoint,
  insertWebhookDelivery,
  insertWebhookEndpoint,
  updateWebhookDelivery,
  updateWebhookEndpoint,
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
  webhookDeliveryById,
  webhookEndpointById,
} from '@flux/db/queries/webhook-endpoints';
import {
  addressPolicy,
  generateWebhookSecret,
  resolveWebhookTarget,
  WebhookTargetError,
} from '@flux/integrations';
import { sql } from 'drizzle-orm';
import type { AppServices } from '../../context';
import type { JobSender } from '../../jobs/sender';
import { type Actor, writeAudit } from '../../lib/audit';
import { notFound, refuse } from '../../lib/errors';

/** How long a rotated-out secret keeps signing, so receivers can switch without losing events. */
export const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;
/** Endpoints per business. */
export const MAX_ENDPOINTS = 20;

type WebhookConfig = AppServices['config']['webhooks'];

/** The URL's refusal as a field error of the form (BAD_REQUEST, never a 500). */
async function checkUrl(config: WebhookConfig, url: string) {
  try {
    await resolveWebhookTarget(url, addressPolicy(config.allowedNetworks));
  } catch (error) {
    if (!(error instanceof WebhookTargetError)) throw error;
    throw refuse('webhook.url_refused', error.message, undefined, {
      fieldErrors: { url: [error.message] },
    });
  }
}

async function lockedEndpoint(tx: Db, businessId: string, endpointId: string) {
  const endpoint = await webhookEndpointById(tx, { businessId, endpointId, lock: true });
  if (!endpoint) throw notFound('Webhook endpoint');
  return endpoint;
}

export async function createWebhookEndpoint(
  db: Db,
  config: WebhookConfig,
  actor: Actor,
  params: { businessId: string; url: string; description: string; events: WebhookEventType[] },
): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
  await checkUrl(config, params.url);
  const secret = generateWebhookSecret();
  return db.transaction(async (tx) => {
    // Serialises this business's creations, so the cap holds under concurrency.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`webhooks:${params.businessId}`}))`,
    );
    if ((await countWebhookEndpoints(tx, params)) >= MAX_ENDPOINTS) {
      throw refuse('webhook.too_many', `At most ${MAX_ENDPOINTS} endpoints per business`, {
        max: MAX_ENDPOINTS,
      });
    }
    const endpoint = await insertWebhookEndpoint(tx, {
      businessId: params.businessId,
      url: params.url,
      description: params.description,
      events: [...new Set(params.events)],
      secret,
    });
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'webhook.create',
      entityType: 'webhook_endpoint',
      entityId: endpoint.id,
      changes: { url: endpoint.url, events: endpoint.events },
    });
    return { endpoint, secret };
  });
}

export async function updateWebhookEndpointSettings(
  db: Db,
  config: WebhookConfig,
  actor: Actor,
  params: {
    businessId: string;
    endpointId: string;
    url?: string | undefined;
    description?: string | undefined;
    events?: WebhookEventType[] | undefined;
  },
): Promise<WebhookEndpointRow> {
  if (params.url !== undefined) await checkUrl(config, params.url);
  return db.transaction(async (tx) => {
    await lockedEndpoint(tx, params.businessId, params.endpointId);
    const set = {
      ...(params.url !== undefined ? { url: params.url } : {}),
      ...(params.description !== undefined ? { description: params.description } : {}),
      ...(params.events !== undefined ? { events: [...new Set(params.events)] } : {}),
    };
    const updated = await updateWebhookEndpoint(tx, { ...params, set });
    if (!updated) throw notFound('Webhook endpoint');
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'webhook.update',
      entityType: 'webhook_endpoint',
      entityId: params.endpointId,
      changes: set,
    });
    return updated;
  });
}

/**
 * A new secret, shown once; the previous one keeps signing (both signatures sent) for
 * ROTATION_GRACE_MS, so the receiver has a day to switch.
 */
export async function rotateWebhookSecret(
  db: Db,
  actor: Actor,
  params: { businessId: string; endpointId: string; now?: Date },
): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
  const now = params.now ?? new Date();
  const secret = generateWebhookSecret();
  return db.transaction(async (tx) => {
    const current = await lockedEndpoint(tx, params.businessId, params.endpointId);
    const endpoint = await updateWebhookEndpoint(tx, {
      ...params,
      set: {
        secret,
        previousSecret: current.secret,
        previousSecretExpiresAt: new Date(now.getTime() + ROTATION_GRACE_MS),
        updatedAt: now,
      },
    });
    if (!endpoint) throw notFound('Webhook endpoint');
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'webhook.rotate_secret',
      entityType: 'webhook_endpoint',
      entityId: params.endpointId,
    });
    return { endpoint, secret };
  });
}

/** Turns an endpoint on (its failure count starts again) or off (by hand). */
export async function setWebhookEndpointEnabled(
  db: Db,
  actor: Actor,
  params: { businessId: string; endpointId: string; enabled: boolean },
): Promise<WebhookEndpointRow> {
  return db.transaction(async (tx) => {
    await lockedEndpoint(tx, params.businessId, params.endpointId);
    const now = new Date();
    const endpoint = await updateWebhookEndpoint(tx, {
      ...params,
      set: params.enabled
        ? { enabled: true, disabledReason: null, disabledAt: null, failingSince: null }
        : { enabled: false, disabledReason: 'manual', disabledAt: now },
    });
    if (!endpoint) throw notFound('Webhook endpoint');
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: params.enabled ? 'webhook.enable' : 'webhook.disable',
      entityType: 'webhook_endpoint',
      entityId: params.endpointId,
    });
    return endpoint;
  });
}

export async function removeWebhookEndpoint(
  db: Db,
  actor: Actor,
  params: { businessId: string; endpointId: string },
) {
  await db.transaction(async (tx) => {
    const removed = await deleteWebhookEndpoint(tx, params);
    if (!removed) throw notFound('Webhook endpoint');
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'webhook.delete',
      entityType: 'webhook_endpoint',
      entityId: params.endpointId,
    });
  });
}

/** A `webhook.test` event to this endpoint alone, through the same queue as real events. */
export async function sendWebhookTest(
  db: Db,
  jobs: JobSender,
  actor: Actor,
  params: { businessId: string; endpointId: string },
): Promise<WebhookDeliveryRow> {
  return db.transaction(async (tx) => {
    const endpoint = await lockedEndpoint(tx, params.businessId, params.endpointId);
    if (!endpoint.enabled) {
      throw refuse(
        'webhook.endpoint_disabled',
        'This endpoint is disabled: enable it to send a test',
      );
    }
    const delivery = await insertWebhookDelivery(tx, {
      businessId: params.businessId,
      endpointId: endpoint.id,
      messageId: `msg_${randomUUID().replaceAll('-', '')}`,
      eventType: 'webhook.test',
      payload: {
        type: 'webhook.test',
        timestamp: new Date().toISOString(),
        data: { endpoint_id: endpoint.id, message: 'Test FluxAsync' },
      },
      test: true,
    });
    await jobs.send('webhooks.deliver', { deliveryId: delivery.id }, { db: tx });
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'webhook.test',
      entityType: 'webhook_endpoint',
      entityId: endpoint.id,
    });
    return delivery;
  });
}

/**
 * Sends a delivery again (same webhook-id, so a receiver that already has it can tell), with a
 * new 24-hour retry window. Not while it is being sent or waiting for its first attempt.
 */
export async function resendWebhookDelivery(
  db: Db,
  jobs: JobSender,
  actor: Actor,
  params: { businessId: string; deliveryId: string },
): Promise<WebhookDeliveryRow> {
  return db.transaction(async (tx) => {
    const delivery = await webhookDeliveryById(tx, params);
    if (!delivery) throw notFound('Webhook delivery');
    const endpoint = await lockedEndpoint(tx, params.businessId, delivery.endpointId);
    if (!endpoint.enabled) {
      throw refuse('webhook.endpoint_disabled', 'This endpoint is disabled: enable it to resend');
    }
    const now = new Date();
    const updated = await updateWebhookDelivery(tx, {
      ...params,
      set: { status: 'pending', nextAttemptAt: now, windowStartedAt: now, updatedAt: now },
      onlyIfStatus: ['succeeded', 'failed', 'dead', 'unknown'],
    });
    if (!updated) {
      throw refuse('webhook.delivery_sending', 'This delivery is being sent right now', undefined, {
        status: delivery.status,
      });
    }
    await jobs.send('webhooks.deliver', { deliveryId: updated.id }, { db: tx });
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'webhook.resend',
      entityType: 'webhook_delivery',
      entityId: updated.id,
    });
    return updated;
  });
}
