// The WhatsApp ingest's set-based statements. A batch of webhook events spans businesses, so
// these take rows that each carry their business (`business_id` travels in the arrays and every
// join and conflict target includes it) rather than one businessId. Each column of a batch is a
// single array parameter for `unnest(...)`: the statement's text stays the same whatever the
// number of rows, and building it costs nothing (an `insert(...).values(rows)` costs the query
// builder work per value, measured as a quarter of the server's time under a webhook burst).
// The ingest's rare per-customer steps (merges, identity changes) use the tenant queries of
// prospects.ts and conversations.ts.
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { businesses, conversations, messages, prospects, whatsappAccounts } from '../schema';

/** One column of a multi-row statement as a single array parameter, for `unnest(...)`. */
function column<T>(rows: T[], value: (row: T) => string | number | null) {
  return sql.param(rows.map(value));
}

/** The businesses of these numbers (active connections only). */
export function businessesOfNumbers(db: Db, params: { phoneNumberIds: string[] }) {
  return db
    .select({
      phoneNumberId: whatsappAccounts.phoneNumberId,
      businessId: whatsappAccounts.businessId,
    })
    .from(whatsappAccounts)
    .where(
      and(
        inArray(whatsappAccounts.phoneNumberId, params.phoneNumberIds),
        eq(whatsappAccounts.active, true),
      ),
    );
}

/** A customer of a batch as the prospect upserts write them. */
export interface IngestCustomer {
  businessId: string;
  phone: string | null;
  waId: string | null;
  userId: string | null;
  name: string | null;
  username: string | null;
  at: Date;
}

/**
 * Customers with a phone, found or created by (business, phone): wa_id written, BSUID and
 * username learned, the name the team gave kept, last contact moved forward.
 */
export async function upsertProspectsByPhone(db: Db, customers: IngestCustomer[]) {
  // `created`: inserted now, not found (xmax is 0 only on a row this statement inserted).
  const { rows } = await db.execute<{
    id: string;
    business_id: string;
    phone: string;
    created: boolean;
  }>(sql`
      insert into ${prospects} (business_id, phone, wa_id, wa_user_id, username, name, last_contact_at)
      select * from unnest(${column(customers, (v) => v.businessId)}::uuid[],
        ${column(customers, (v) => v.phone)}::text[], ${column(customers, (v) => v.waId)}::text[],
        ${column(customers, (v) => v.userId)}::text[], ${column(customers, (v) => v.username)}::text[],
        ${column(customers, (v) => v.name)}::text[], ${column(customers, (v) => v.at.toISOString())}::timestamptz[])
      on conflict (business_id, phone) do update
      set wa_id = excluded.wa_id,
          wa_user_id = coalesce(excluded.wa_user_id, ${prospects.waUserId}),
          username = coalesce(excluded.username, ${prospects.username}),
          name = coalesce(${prospects.name}, excluded.name),
          last_contact_at = greatest(${prospects.lastContactAt}, excluded.last_contact_at),
          updated_at = now()
      returning id, business_id, phone, (xmax = 0) as created`);
  return rows;
}

/** Customers known only by their BSUID, found or created by (business, BSUID). */
export async function upsertProspectsByUserId(db: Db, customers: IngestCustomer[]) {
  const { rows } = await db.execute<{
    id: string;
    business_id: string;
    wa_user_id: string;
    created: boolean;
  }>(sql`
      insert into ${prospects} (business_id, wa_user_id, username, name, last_contact_at)
      select * from unnest(${column(customers, (v) => v.businessId)}::uuid[],
        ${column(customers, (v) => v.userId)}::text[], ${column(customers, (v) => v.username)}::text[],
        ${column(customers, (v) => v.name)}::text[], ${column(customers, (v) => v.at.toISOString())}::timestamptz[])
      on conflict (business_id, wa_user_id) do update
      set username = coalesce(excluded.username, ${prospects.username}),
          name = coalesce(${prospects.name}, excluded.name),
          last_contact_at = greatest(${prospects.lastContactAt}, excluded.last_contact_at),
          updated_at = now()
      returning id, business_id, wa_user_id, (xmax = 0) as created`);
  return rows;
}

/**
 * The prospects that hold these customers' BSUIDs without their phone, locked (by id, so
 * concurrent batches lock in the same order).
 */
export async function lockProspectsHoldingUserIds(db: Db, customers: IngestCustomer[]) {
  const { rows } = await db.execute<{
    id: string;
    business_id: string;
    phone: string | null;
    wa_user_id: string;
  }>(sql`
    select p.id, p.business_id, p.phone, p.wa_user_id
    from unnest(${column(customers, (v) => v.businessId)}::uuid[],
      ${column(customers, (v) => v.userId)}::text[], ${column(customers, (v) => v.phone)}::text[])
      as v(business_id, wa_user_id, phone)
    join ${prospects} p on p.business_id = v.business_id and p.wa_user_id = v.wa_user_id
    where p.phone is distinct from v.phone
    order by p.id
    for update of p`);
  return rows;
}

/**
 * Receipts name the recipient's BSUID (and username): the prospect of the message receipted
 * learns them, when it has no BSUID yet or its username changed, and no other prospect of the
 * business holds that BSUID.
 */
export async function learnRecipients(
  db: Db,
  receipts: { businessId: string; wamid: string; userId: string | null; username: string | null }[],
): Promise<void> {
  await db.execute(sql`
    update ${prospects} as p
    set wa_user_id = v.user_id, username = coalesce(v.username, p.username), updated_at = now()
    from unnest(${column(receipts, (item) => item.businessId)}::uuid[],
      ${column(receipts, (item) => item.wamid)}::text[],
      ${column(receipts, (item) => item.userId)}::text[],
      ${column(receipts, (item) => item.username)}::text[]) as v(business_id, wamid, user_id, username)
    join ${messages} m on m.business_id = v.business_id and m.external_id = v.wamid
    join ${conversations} c on c.id = m.conversation_id
    where p.id = c.prospect_id
      -- only what changes: most receipts repeat what the prospect already knows
      and (p.wa_user_id is null
        or (p.wa_user_id = v.user_id and p.username is distinct from coalesce(v.username, p.username)))
      and not exists (select 1 from ${prospects} o
        where o.business_id = v.business_id and o.wa_user_id = v.user_id and o.id <> p.id)`);
}

/** The open (not closed) WhatsApp conversations of these prospects, in these businesses. */
export function openWhatsappConversations(
  db: Db,
  params: { businessIds: string[]; prospectIds: string[] },
) {
  return db
    .select({ id: conversations.id, prospectId: conversations.prospectId })
    .from(conversations)
    .where(
      and(
        inArray(conversations.businessId, params.businessIds),
        inArray(conversations.prospectId, params.prospectIds),
        eq(conversations.channel, 'whatsapp'),
        ne(conversations.status, 'closed'),
      ),
    );
}

/** New WhatsApp conversations; one a concurrent batch created first is left as it is. */
export async function insertWhatsappConversations(
  db: Db,
  rows: { businessId: string; prospectId: string }[],
): Promise<void> {
  await db
    .insert(conversations)
    .values(
      rows.map(({ businessId, prospectId }) => ({
        businessId,
        prospectId,
        channel: 'whatsapp' as const,
      })),
    )
    .onConflictDoNothing();
}

/** A customer's message as the ingest stores it. */
export interface InboundMessageRow {
  businessId: string;
  conversationId: string;
  /** The wamid. */
  externalId: string;
  type: string;
  body: string | null;
  media: unknown;
  raw: unknown;
  at: Date;
}

/** Customers' messages, received; a wamid already stored is skipped. What was inserted. */
export async function insertInboundMessages(db: Db, rows: InboundMessageRow[]) {
  const { rows: inserted } = await db.execute<{ id: string; external_id: string }>(sql`
    insert into ${messages} (business_id, conversation_id, external_id, type, body, media, raw,
      created_at, direction, status, author_type)
    select *, 'in'::message_direction, 'received'::message_status, 'customer'::author_type
    from unnest(${column(rows, (item) => item.businessId)}::uuid[],
      ${column(rows, (item) => item.conversationId)}::uuid[],
      ${column(rows, (item) => item.externalId)}::text[],
      ${column(rows, (d) => d.type)}::message_type[],
      ${column(rows, (d) => d.body)}::text[],
      ${column(rows, (d) => (d.media ? JSON.stringify(d.media) : null))}::jsonb[],
      ${column(rows, (item) => JSON.stringify(item.raw))}::jsonb[],
      ${column(rows, (item) => item.at.toISOString())}::timestamptz[])
    on conflict (external_id) do nothing
    returning id, external_id`);
  return inserted;
}

/**
 * Conversations that received `count` messages, the latest at `at`: unread count, last activity
 * and the 24-hour customer-service window moved, reopened.
 */
export async function touchConversations(
  db: Db,
  rows: { conversationId: string; count: number; at: Date }[],
): Promise<void> {
  await db.execute(sql`
    update ${conversations} as c
    set unread_count = c.unread_count + v.count,
        last_message_at = greatest(c.last_message_at, v.at),
        service_window_ends_at = greatest(c.service_window_ends_at, v.at + interval '24 hours'),
        status = 'open', updated_at = now()
    from unnest(${column(rows, (v) => v.conversationId)}::uuid[], ${column(rows, (v) => v.count)}::int[],
      ${column(rows, (v) => v.at.toISOString())}::timestamptz[]) as v(id, count, at)
    where c.id = v.id`);
}

/** Of these businesses, those with the AI turned on. */
export function businessesWithAi(db: Db, params: { businessIds: string[] }) {
  return db
    .select({ id: businesses.id })
    .from(businesses)
    .where(
      and(
        inArray(businesses.id, params.businessIds),
        sql`(${businesses.settings}->>'aiEnabled')::boolean`,
      ),
    );
}

/**
 * Sets the language guessed from a customer's message, only while they have none and are at
 * their first `firstMessages` inbound messages (a guess is made once, early; a person's choice in
 * the dashboard is never overwritten). What was set.
 */
export async function guessProspectLocales(
  db: Db,
  params: {
    rows: { businessId: string; prospectId: string; locale: 'fr' | 'en' }[];
    firstMessages: number;
  },
) {
  if (params.rows.length === 0) return [];
  const { rows } = await db.execute<{ id: string; business_id: string; locale: string }>(sql`
    update ${prospects} p set locale = v.locale, updated_at = now()
    from (
      select distinct on (business_id, prospect_id) * from unnest(
        ${column(params.rows, (r) => r.businessId)}::uuid[],
        ${column(params.rows, (r) => r.prospectId)}::uuid[],
        ${column(params.rows, (r) => r.locale)}::text[]
      ) as u(business_id, prospect_id, locale)
    ) v
    where p.id = v.prospect_id and p.business_id = v.business_id and p.locale is null
      and (
        -- Counted up to one past the limit: a long history is not read through.
        select count(*) from (
          select 1 from ${messages} m
          join ${conversations} c on c.id = m.conversation_id and c.business_id = m.business_id
          where c.business_id = p.business_id and c.prospect_id = p.id and m.direction = 'in'
          limit ${params.firstMessages + 1}
        ) first
      ) <= ${params.firstMessages}
    returning p.id, p.business_id, p.locale`);
  return rows.map((row) => ({ id: row.id, businessId: row.business_id, locale: row.locale }));
}
