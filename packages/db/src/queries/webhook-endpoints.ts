// Outgoing webhooks: a business's endpoints, the deliveries of its events (written in the
// transaction of the change), their claims by workers and the log of their attempts.
import { and, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints } from '../schema';

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type WebhookAttemptRow = typeof webhookDeliveryAttempts.$inferSelect;
type EndpointChange = Partial<Omit<typeof webhookEndpoints.$inferInsert, 'id' | 'businessId'>>;
type DeliveryChange = Partial<
  Omit<typeof webhookDeliveries.$inferInsert, 'id' | 'businessId' | 'endpointId'>
>;

/** One endpoint of one business. */
const endpointScope = (params: { businessId: string; endpointId: string }) =>
  and(
    eq(webhookEndpoints.businessId, params.businessId),
    eq(webhookEndpoints.id, params.endpointId),
  );

export function webhookEndpointsOf(db: Db, params: { businessId: string }) {
  return db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.businessId, params.businessId))
    .orderBy(webhookEndpoints.createdAt);
}

export async function countWebhookEndpoints(db: Db, params: { businessId: string }) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.businessId, params.businessId));
  return row?.count ?? 0;
}

export async function webhookEndpointById(
  db: Db,
  params: { businessId: string; endpointId: string; lock?: boolean },
): Promise<WebhookEndpointRow | undefined> {
  const query = db.select().from(webhookEndpoints).where(endpointScope(params));
  const [row] = params.lock ? await query.for('update') : await query;
  return row;
}

export async function insertWebhookEndpoint(
  db: Db,
  values: typeof webhookEndpoints.$inferInsert,
): Promise<WebhookEndpointRow> {
  const [row] = await db.insert(webhookEndpoints).values(values).returning();
  if (!row) throw new Error('webhook endpoint insert returned nothing');
  return row;
}

export async function updateWebhookEndpoint(
  db: Db,
  params: { businessId: string; endpointId: string; set: EndpointChange },
): Promise<WebhookEndpointRow | undefined> {
  const [row] = await db
    .update(webhookEndpoints)
    .set(params.set)
    .where(endpointScope(params))
    .returning();
  return row;
}

/** Keeps the endpoint's first failure since its last success (set once, kept until a success). */
export async function markWebhookEndpointFailing(
  db: Db,
  params: { businessId: string; endpointId: string; at: Date },
): Promise<WebhookEndpointRow | undefined> {
  const [row] = await db
    .update(webhookEndpoints)
    .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${params.at})` })
    .where(endpointScope(params))
    .returning();
  return row;
}

export async function deleteWebhookEndpoint(
  db: Db,
  params: { businessId: string; endpointId: string },
) {
  const [row] = await db
    .delete(webhookEndpoints)
    .where(endpointScope(params))
    .returning({ id: webhookEndpoints.id });
  return row;
}

export interface OutgoingEvent {
  businessId: string;
  type: string;
  /** The whole body: `{ type, timestamp, data }`. */
  payload: Record<string, unknown>;
}

/**
 * One delivery per event and enabled endpoint of its business subscribed to its type, in one
 * statement (a business with no endpoint costs one indexed lookup). Each gets its own message id.
 */
export async function insertDeliveriesOfEvents(
  db: Db,
  events: OutgoingEvent[],
): Promise<{ id: string }[]> {
  if (events.length === 0) return [];
  const rows = JSON.stringify(
    events.map((event) => ({
      business_id: event.businessId,
      type: event.type,
      payload: event.payload,
    })),
  );
  const result = await db.execute<{ id: string }>(sql`
    insert into webhook_deliveries (business_id, endpoint_id, message_id, event_type, payload)
    select e.business_id, e.id, 'msg_' || replace(gen_random_uuid()::text, '-', ''), ev.type, ev.payload
    from jsonb_to_recordset(${rows}::jsonb) as ev(business_id uuid, type text, payload jsonb)
    join webhook_endpoints e
      on e.business_id = ev.business_id and e.enabled and ev.type = any(e.events)
    returning id`);
  return result.rows;
}

export async function insertWebhookDelivery(
  db: Db,
  values: typeof webhookDeliveries.$inferInsert,
): Promise<WebhookDeliveryRow> {
  const [row] = await db.insert(webhookDeliveries).values(values).returning();
  if (!row) throw new Error('webhook delivery insert returned nothing');
  return row;
}

/**
 * Takes a due delivery for one attempt (`sending`, attempts + 1), or nothing when another worker
 * has it, it is settled, or it is not due yet: however many jobs name it, one attempt runs.
 */
export async function claimWebhookDelivery(
  db: Db,
  params: { deliveryId: string; now: Date },
): Promise<WebhookDeliveryRow | undefined> {
  const [row] = await db
    .update(webhookDeliveries)
    .set({
      status: 'sending',
      sendingSince: params.now,
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      updatedAt: params.now,
    })
    .where(
      and(
        eq(webhookDeliveries.id, params.deliveryId),
        inArray(webhookDeliveries.status, ['pending', 'failed']),
        lte(webhookDeliveries.nextAttemptAt, params.now),
      ),
    )
    .returning();
  return row;
}

/** The endpoint of a claimed delivery (a worker's read: the delivery names its business). */
export async function endpointOfDelivery(db: Db, delivery: WebhookDeliveryRow) {
  return webhookEndpointById(db, {
    businessId: delivery.businessId,
    endpointId: delivery.endpointId,
  });
}

export async function updateWebhookDelivery(
  db: Db,
  params: { businessId: string; deliveryId: string; set: DeliveryChange; onlyIfStatus?: string[] },
): Promise<WebhookDeliveryRow | undefined> {
  const [row] = await db
    .update(webhookDeliveries)
    .set(params.set)
    .where(
      and(
        eq(webhookDeliveries.businessId, params.businessId),
        eq(webhookDeliveries.id, params.deliveryId),
        params.onlyIfStatus
          ? inArray(webhookDeliveries.status, params.onlyIfStatus as WebhookDeliveryRow['status'][])
          : undefined,
      ),
    )
    .returning();
  return row;
}

export async function insertWebhookAttempt(
  db: Db,
  values: typeof webhookDeliveryAttempts.$inferInsert,
) {
  await db.insert(webhookDeliveryAttempts).values(values);
}

export async function webhookDeliveryById(
  db: Db,
  params: { businessId: string; deliveryId: string },
): Promise<WebhookDeliveryRow | undefined> {
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.businessId, params.businessId),
        eq(webhookDeliveries.id, params.deliveryId),
      ),
    );
  return row;
}

/** An endpoint's latest deliveries (the log), newest first. */
export function webhookDeliveriesOf(
  db: Db,
  params: { businessId: string; endpointId: string; limit: number },
) {
  return db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.businessId, params.businessId),
        eq(webhookDeliveries.endpointId, params.endpointId),
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(params.limit);
}

/** Every attempt of these deliveries, in order. */
export function webhookAttemptsOf(db: Db, params: { businessId: string; deliveryIds: string[] }) {
  if (params.deliveryIds.length === 0) return Promise.resolve([] as WebhookAttemptRow[]);
  return db
    .select()
    .from(webhookDeliveryAttempts)
    .where(
      and(
        eq(webhookDeliveryAttempts.businessId, params.businessId),
        inArray(webhookDeliveryAttempts.deliveryId, params.deliveryIds),
      ),
    )
    .orderBy(webhookDeliveryAttempts.deliveryId, webhookDeliveryAttempts.attempt);
}

/**
 * The sweep's two cases (across businesses: a system job): deliveries left `sending` by a worker
 * that died in the call become `unknown` (never resent blindly); deliveries due long ago whose job
 * was lost are returned to be enqueued again.
 */
export async function settleAbandonedWebhookDeliveries(
  db: Db,
  params: { sendingBefore: Date; dueBefore: Date; now: Date },
) {
  const abandoned = await db
    .update(webhookDeliveries)
    .set({
      status: 'unknown',
      sendingSince: null,
      lastError: 'The worker stopped during the call: whether the endpoint got it is unknown',
      updatedAt: params.now,
    })
    .where(
      and(
        eq(webhookDeliveries.status, 'sending'),
        lt(webhookDeliveries.sendingSince, params.sendingBefore),
      ),
    )
    .returning({ id: webhookDeliveries.id, businessId: webhookDeliveries.businessId });
  const overdue = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        or(eq(webhookDeliveries.status, 'pending'), eq(webhookDeliveries.status, 'failed')),
        lt(webhookDeliveries.nextAttemptAt, params.dueBefore),
      ),
    )
    .limit(500);
  return { abandoned, overdue };
}
