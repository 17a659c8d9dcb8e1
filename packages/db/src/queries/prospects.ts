// The merchant's contacts' SQL: one prospect (by id or phone, locked or not), the list with its
// free-text search, the card's recent conversations and orders, inserts and changes.
import {
  and,
  arrayContains,
  asc,
  desc,
  eq,
  ilike,
  inArray,
  isNull,
  like,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Db } from '../client';
import { conversations, emails, orders, type Prospect, prospects, users } from '../schema';
import { type After, afterKey } from './keyset';

type ProspectChange = Partial<Omit<typeof prospects.$inferInsert, 'id' | 'businessId'>>;

export async function prospectById(
  db: Db,
  params: { businessId: string; prospectId: string; lock?: 'update' },
): Promise<Prospect | undefined> {
  const query = db
    .select()
    .from(prospects)
    .where(and(eq(prospects.businessId, params.businessId), eq(prospects.id, params.prospectId)))
    .$dynamic();
  if (params.lock) query.for('update');
  const [row] = await query;
  return row;
}

export async function prospectByPhone(
  db: Db,
  params: { businessId: string; phone: string },
): Promise<Prospect | undefined> {
  const [row] = await db
    .select()
    .from(prospects)
    .where(and(eq(prospects.businessId, params.businessId), eq(prospects.phone, params.phone)));
  return row;
}

const ACCENTED = 'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿ';
const foldAccents = (value: string) => value.normalize('NFD').replace(/\p{Diacritic}/gu, '');
const UNACCENTED = foldAccents(ACCENTED);
const likeEscape = (value: string) => value.replace(/[\\%_]/g, '\\$&');

/**
 * Free text on name, email and phone. Names match without regard to case or accents ("awa
 * diop" finds "Awa Diop", "helene" finds "Hélène"); phones match on their digits, so "77 123"
 * and "0612" (national form, trunk 0 dropped) both find numbers stored as E.164.
 * It is a scan of the business's prospects (tens of thousands at most); a pg_trgm index over
 * the same expressions is the way up if a business outgrows it.
 */
function textSearch(q: string): SQL | undefined {
  const text = foldAccents(q.trim());
  if (!text) return undefined;
  const pattern = `%${likeEscape(text)}%`;
  const matches: (SQL | undefined)[] = [
    ilike(sql`translate(${prospects.name}, ${ACCENTED}, ${UNACCENTED})`, pattern),
    ilike(prospects.email, pattern),
  ];
  const digits = q.replace(/\D/g, '');
  if (digits.length >= 3) {
    matches.push(like(prospects.phone, `%${digits}%`));
    const national = digits.replace(/^0+/, '');
    if (national !== digits && national.length >= 3) {
      matches.push(like(prospects.phone, `%${national}%`));
    }
  }
  return or(...matches);
}

/** Prospects newest first, after a (created_at, id) position. */
export function listProspects(
  db: Db,
  params: {
    businessId: string;
    status?: Prospect['status'] | undefined;
    /** Already normalized. */
    tag?: string | undefined;
    /** A member's id, or null for the prospects nobody is assigned to. */
    assignedUserId?: string | null | undefined;
    q?: string | undefined;
    after?: After | undefined;
    limit: number;
  },
): Promise<Prospect[]> {
  const { assignedUserId } = params;
  return db
    .select()
    .from(prospects)
    .where(
      and(
        eq(prospects.businessId, params.businessId),
        params.status ? eq(prospects.status, params.status) : undefined,
        params.tag ? arrayContains(prospects.tags, [params.tag]) : undefined,
        assignedUserId === null ? isNull(prospects.assignedUserId) : undefined,
        assignedUserId ? eq(prospects.assignedUserId, assignedUserId) : undefined,
        params.q ? textSearch(params.q) : undefined,
        params.after
          ? afterKey(prospects.createdAt, prospects.id, 'desc', params.after)
          : undefined,
      ),
    )
    .orderBy(desc(prospects.createdAt), desc(prospects.id))
    .limit(params.limit);
}

/** A prospect with its assignee's id and name (a row of nulls when nobody is assigned). */
export async function prospectWithAssignee(
  db: Db,
  params: { businessId: string; prospectId: string },
) {
  const [row] = await db
    .select({ prospect: prospects, assignee: { id: users.id, name: users.name } })
    .from(prospects)
    .leftJoin(users, eq(users.id, prospects.assignedUserId))
    .where(and(eq(prospects.businessId, params.businessId), eq(prospects.id, params.prospectId)));
  return row;
}

/** The prospect's conversations, newest activity first (one without messages: its creation). */
export function recentConversationsOf(
  db: Db,
  params: { businessId: string; prospectId: string; limit: number },
) {
  return db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.businessId, params.businessId),
        eq(conversations.prospectId, params.prospectId),
      ),
    )
    .orderBy(
      desc(sql`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`),
      desc(conversations.id),
    )
    .limit(params.limit);
}

/** The prospect's orders, newest first. */
export function recentOrdersOf(
  db: Db,
  params: { businessId: string; prospectId: string; limit: number },
) {
  return db
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      total: orders.total,
      currency: orders.currency,
      paymentStatus: orders.paymentStatus,
      createdAt: orders.createdAt,
    })
    .from(orders)
    .where(and(eq(orders.businessId, params.businessId), eq(orders.prospectId, params.prospectId)))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(params.limit);
}

/** A new prospect; undefined when the business already has one with this phone. */
export async function insertProspect(
  db: Db,
  params: { businessId: string; values: ProspectChange },
): Promise<Prospect | undefined> {
  const [row] = await db
    .insert(prospects)
    .values({ ...params.values, businessId: params.businessId })
    .onConflictDoNothing({ target: [prospects.businessId, prospects.phone] })
    .returning();
  return row;
}

export async function updateProspectRow(
  db: Db,
  params: { businessId: string; prospectId: string; set: ProspectChange },
): Promise<Prospect | undefined> {
  const [row] = await db
    .update(prospects)
    .set(params.set)
    .where(and(eq(prospects.businessId, params.businessId), eq(prospects.id, params.prospectId)))
    .returning();
  return row;
}

/** Serialises the business's imports until the transaction ends (two files never race). */
export async function lockProspectImports(db: Db, params: { businessId: string }): Promise<void> {
  await db.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`prospects.import:${params.businessId}`}))`,
  );
}

/** New prospects at once; a phone the business already has is skipped. The ids inserted. */
export async function insertProspectsSkippingTakenPhones(
  db: Db,
  params: {
    businessId: string;
    rows: (ProspectChange & { id: string })[];
  },
): Promise<string[]> {
  const rows = await db
    .insert(prospects)
    .values(params.rows.map((row) => ({ ...row, businessId: params.businessId })))
    .onConflictDoNothing({ target: [prospects.businessId, prospects.phone] })
    .returning({ id: prospects.id });
  return rows.map((row) => row.id);
}

/** The prospects holding these phones. */
export function prospectsByPhones(db: Db, params: { businessId: string; phones: string[] }) {
  return db
    .select({ id: prospects.id, phone: prospects.phone })
    .from(prospects)
    .where(
      and(eq(prospects.businessId, params.businessId), inArray(prospects.phone, params.phones)),
    );
}

/** The prospects holding these emails, oldest first (several may share one). */
export function prospectsByEmails(db: Db, params: { businessId: string; emails: string[] }) {
  return db
    .select({ id: prospects.id, email: prospects.email })
    .from(prospects)
    .where(
      and(eq(prospects.businessId, params.businessId), inArray(prospects.email, params.emails)),
    )
    .orderBy(asc(prospects.createdAt), asc(prospects.id));
}

/** These prospects, oldest first, locked (a merge's first step). */
export function lockProspects(db: Db, params: { businessId: string; prospectIds: string[] }) {
  return db
    .select()
    .from(prospects)
    .where(
      and(eq(prospects.businessId, params.businessId), inArray(prospects.id, params.prospectIds)),
    )
    .orderBy(asc(prospects.createdAt), asc(prospects.id))
    .for('update');
}

/** The prospects known by any of these phones or WhatsApp user ids (BSUIDs). */
export async function prospectIdsByIdentity(
  db: Db,
  params: { businessId: string; phones: string[]; waUserIds: string[] },
): Promise<string[]> {
  const matches: SQL[] = [];
  if (params.phones.length > 0) matches.push(inArray(prospects.phone, params.phones));
  if (params.waUserIds.length > 0) matches.push(inArray(prospects.waUserId, params.waUserIds));
  if (matches.length === 0) return [];
  const rows = await db
    .select({ id: prospects.id })
    .from(prospects)
    .where(and(eq(prospects.businessId, params.businessId), or(...matches)));
  return rows.map((row) => row.id);
}

/** The prospect known by this wa_id (one that is no phone number). */
export async function prospectIdByWaId(
  db: Db,
  params: { businessId: string; waId: string },
): Promise<string | undefined> {
  const [row] = await db
    .select({ id: prospects.id })
    .from(prospects)
    .where(and(eq(prospects.businessId, params.businessId), eq(prospects.waId, params.waId)));
  return row?.id;
}

/** The conversations, orders and emails of some prospects given to another (a merge). */
export async function moveProspectRecords(
  db: Db,
  params: { businessId: string; fromProspectIds: string[]; toProspectId: string },
): Promise<void> {
  const { businessId, fromProspectIds, toProspectId } = params;
  await db
    .update(conversations)
    .set({ prospectId: toProspectId })
    .where(
      and(
        eq(conversations.businessId, businessId),
        inArray(conversations.prospectId, fromProspectIds),
      ),
    );
  await db
    .update(orders)
    .set({ prospectId: toProspectId })
    .where(and(eq(orders.businessId, businessId), inArray(orders.prospectId, fromProspectIds)));
  await db
    .update(emails)
    .set({ prospectId: toProspectId })
    .where(and(eq(emails.businessId, businessId), inArray(emails.prospectId, fromProspectIds)));
}

export async function deleteProspects(
  db: Db,
  params: { businessId: string; prospectIds: string[] },
): Promise<void> {
  await db
    .delete(prospects)
    .where(
      and(eq(prospects.businessId, params.businessId), inArray(prospects.id, params.prospectIds)),
    );
}

/** A prospect with this email, whatever its case (`address` in lower case). */
export async function prospectIdByEmail(
  db: Db,
  params: { businessId: string; address: string },
): Promise<string | undefined> {
  const [row] = await db
    .select({ id: prospects.id })
    .from(prospects)
    .where(
      and(
        eq(prospects.businessId, params.businessId),
        sql`lower(${prospects.email}) = ${params.address}`,
      ),
    )
    .limit(1);
  return row?.id;
}

/**
 * What a customer is worth, per currency: orders booked (confirmed and after, cancelled and
 * returned left out), the amount collected (paid), the cash still to collect at the door (unpaid
 * orders under way), and their last order. Drafts and pending orders count for nothing yet.
 */
export async function prospectTotals(db: Db, params: { businessId: string; prospectId: string }) {
  const { rows } = await db.execute<{
    currency: string;
    orders: number;
    booked: string;
    collected: string;
    cash_due: string;
    last_order_at: Date | string | null;
  }>(sql`
    select ${orders.currency} as currency,
      count(*) filter (where ${orders.status} not in ('draft', 'pending', 'cancelled', 'returned'))::int as orders,
      coalesce(sum(${orders.total}) filter (
        where ${orders.status} not in ('draft', 'pending', 'cancelled', 'returned')), 0) as booked,
      coalesce(sum(${orders.total}) filter (where ${orders.paymentStatus} = 'paid'), 0) as collected,
      coalesce(sum(${orders.cashDue}) filter (
        where ${orders.paymentStatus} = 'unpaid'
          and ${orders.status} not in ('draft', 'pending', 'delivered', 'cancelled', 'returned')), 0) as cash_due,
      max(${orders.createdAt}) filter (where ${orders.status} <> 'draft') as last_order_at
    from ${orders}
    where ${orders.businessId} = ${params.businessId} and ${orders.prospectId} = ${params.prospectId}
    group by ${orders.currency}
    order by ${orders.currency}`);
  return rows.map((row) => ({
    currency: row.currency,
    orders: row.orders,
    booked: Number(row.booked),
    collected: Number(row.collected),
    cashDue: Number(row.cash_due),
    lastOrderAt: row.last_order_at === null ? null : new Date(row.last_order_at),
  }));
}
