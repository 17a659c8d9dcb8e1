// When a customer's identifiers change or meet: prospects merged into one (nothing lost), the new
// phone or BSUID written, and the BSUIDs that Meta's receipts reveal learned.
import { type Db, schema } from '@flux/db';
import { and, asc, eq, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import { writeAudit } from '../../lib/audit';
import { column, phoneOf } from './batch-sql';
import type { IdentityChange, Receipt } from './read-events';

const { prospects, conversations, messages, orders, emails } = schema;

/**
 * Makes several prospects of one business one, and returns the one kept: the oldest (the one
 * the team has known longest), which takes what it lacks from the others (phone, BSUID, username,
 * name, email...). Nothing is lost: their conversations, orders and emails move to it; of the
 * live conversations per channel the latest stays open and the others are closed, as history
 * (one live conversation per prospect and channel).
 */
export async function mergeProspects(tx: Db, businessId: string, ids: string[]): Promise<string> {
  const rows = await tx
    .select()
    .from(prospects)
    .where(and(eq(prospects.businessId, businessId), inArray(prospects.id, ids)))
    .orderBy(asc(prospects.createdAt), asc(prospects.id))
    .for('update');
  const [kept, ...gone] = rows;
  if (!kept) throw new Error('no prospect to merge');
  if (gone.length === 0) return kept.id;
  const goneIds = gone.map((row) => row.id);
  const live = await tx
    .select({
      id: conversations.id,
      channel: conversations.channel,
      lastMessageAt: conversations.lastMessageAt,
    })
    .from(conversations)
    .where(
      and(
        eq(conversations.businessId, businessId),
        inArray(conversations.prospectId, [kept.id, ...goneIds]),
        ne(conversations.status, 'closed'),
      ),
    );
  const latest = new Map<string, (typeof live)[number]>();
  for (const row of live) {
    const seen = latest.get(row.channel);
    if (!seen || (row.lastMessageAt?.getTime() ?? 0) > (seen.lastMessageAt?.getTime() ?? 0)) {
      latest.set(row.channel, row);
    }
  }
  const closing = live.filter((row) => latest.get(row.channel) !== row).map((row) => row.id);
  if (closing.length > 0) {
    await tx
      .update(conversations)
      .set({ status: 'closed', updatedAt: new Date() })
      .where(inArray(conversations.id, closing));
  }
  await tx
    .update(conversations)
    .set({ prospectId: kept.id })
    .where(inArray(conversations.prospectId, goneIds));
  await tx.update(orders).set({ prospectId: kept.id }).where(inArray(orders.prospectId, goneIds));
  await tx.update(emails).set({ prospectId: kept.id }).where(inArray(emails.prospectId, goneIds));
  // Deleted before their phone and BSUID go to the kept one (each is unique per business).
  await tx.delete(prospects).where(inArray(prospects.id, goneIds));
  const first = <T>(pick: (row: schema.Prospect) => T | null) =>
    [kept, ...gone].map(pick).find((value) => value !== null && value !== undefined) ?? null;
  const contacts = [kept, ...gone].map((row) => row.lastContactAt?.getTime() ?? 0);
  const notes = [kept, ...gone].map((row) => row.notes).filter((note) => note);
  await tx
    .update(prospects)
    .set({
      phone: first((row) => row.phone),
      waId: first((row) => row.waId),
      waUserId: first((row) => row.waUserId),
      username: first((row) => row.username),
      name: first((row) => row.name),
      email: first((row) => row.email),
      assignedUserId: first((row) => row.assignedUserId),
      notes: notes.length > 0 ? [...new Set(notes)].join('\n\n') : null,
      tags: [...new Set([kept, ...gone].flatMap((row) => row.tags))],
      lastContactAt: Math.max(...contacts) > 0 ? new Date(Math.max(...contacts)) : null,
      updatedAt: new Date(),
    })
    .where(eq(prospects.id, kept.id));
  await writeAudit(
    tx,
    { userId: null, label: 'whatsapp' },
    {
      businessId,
      action: 'prospect.merge',
      entityType: 'prospect',
      entityId: kept.id,
      changes: { merged: goneIds },
    },
  );
  return kept.id;
}

/**
 * A customer's number or BSUID changed (a `system` message, or `user_id_update`): the prospects
 * known by the previous or the new identifiers become one, which then carries the new ones. Rare,
 * so one change at a time. Returns a note when there was no one to change.
 */
export async function applyIdentityChange(tx: Db, change: IdentityChange): Promise<string | null> {
  const { businessId, previous, next } = change;
  const phones = [previous.waId, next.waId]
    .map((waId) => (waId ? phoneOf(waId) : null))
    .filter((phone): phone is string => phone !== null);
  const userIds = [previous.userId, next.userId].filter((id): id is string => id !== null);
  const matches: SQL[] = [];
  if (phones.length > 0) matches.push(inArray(prospects.phone, phones));
  if (userIds.length > 0) matches.push(inArray(prospects.waUserId, userIds));
  const found =
    matches.length === 0
      ? []
      : await tx
          .select({ id: prospects.id })
          .from(prospects)
          .where(and(eq(prospects.businessId, businessId), or(...matches)));
  if (found.length === 0) return 'identity change for a customer we do not know';
  const keptId = await mergeProspects(
    tx,
    businessId,
    found.map((row) => row.id),
  );
  const nextPhone = next.waId ? phoneOf(next.waId) : null;
  await tx
    .update(prospects)
    .set({
      ...(nextPhone ? { phone: nextPhone, waId: next.waId } : {}),
      ...(next.userId ? { waUserId: next.userId } : {}),
      updatedAt: new Date(),
    })
    .where(eq(prospects.id, keptId));
  return null;
}

/**
 * Receipts name the recipient's BSUID (and username, on delivered/read): a prospect written to
 * by phone learns them, so a later message from the same customer without a phone finds it. One
 * statement for the batch; a BSUID another prospect holds is left where it is.
 */
export async function learnRecipients(tx: Db, receipts: Receipt[]) {
  const known = receipts.filter((item) => item.recipient.userId);
  if (known.length === 0) return;
  await tx.execute(sql`
    update ${prospects} as p
    set wa_user_id = v.user_id, username = coalesce(v.username, p.username), updated_at = now()
    from unnest(${column(known, (item) => item.businessId)}::uuid[],
      ${column(known, (item) => item.receipt.id)}::text[],
      ${column(known, (item) => item.recipient.userId)}::text[],
      ${column(known, (item) => item.recipient.username)}::text[]) as v(business_id, wamid, user_id, username)
    join ${messages} m on m.business_id = v.business_id and m.external_id = v.wamid
    join ${conversations} c on c.id = m.conversation_id
    where p.id = c.prospect_id
      -- only what changes: most receipts repeat what the prospect already knows
      and (p.wa_user_id is null
        or (p.wa_user_id = v.user_id and p.username is distinct from coalesce(v.username, p.username)))
      and not exists (select 1 from ${prospects} o
        where o.business_id = v.business_id and o.wa_user_id = v.user_id and o.id <> p.id)`);
}

/** Each prospect's open WhatsApp conversation, created where there is none (race-safe). */
