// When a customer's identifiers change or meet: prospects merged into one (nothing lost), the new
// phone or BSUID written, and the BSUIDs that Meta's receipts reveal learned.
import type { Db, schema } from '@flux/db';
import { closeConversations, liveConversationsOfProspects } from '@flux/db/queries/conversations';
import {
  deleteProspects,
  lockProspects,
  moveProspectRecords,
  prospectIdsByIdentity,
  updateProspectRow,
} from '@flux/db/queries/prospects';
import { learnRecipients as learnRecipientRows } from '@flux/db/queries/whatsapp-ingest';
import { writeAudit } from '../../lib/audit';
import { phoneOf } from './batch-sql';
import type { IdentityChange, Receipt } from './read-events';

/**
 * Makes several prospects of one business one, and returns the one kept: the oldest (the one
 * the team has known longest), which takes what it lacks from the others (phone, BSUID, username,
 * name, email...). Nothing is lost: their conversations, orders and emails move to it; of the
 * live conversations per channel the latest stays open and the others are closed, as history
 * (one live conversation per prospect and channel).
 */
export async function mergeProspects(tx: Db, businessId: string, ids: string[]): Promise<string> {
  const rows = await lockProspects(tx, { businessId, prospectIds: ids });
  const [kept, ...gone] = rows;
  if (!kept) throw new Error('no prospect to merge');
  if (gone.length === 0) return kept.id;
  const goneIds = gone.map((row) => row.id);
  const live = await liveConversationsOfProspects(tx, {
    businessId,
    prospectIds: [kept.id, ...goneIds],
  });
  const latest = new Map<string, (typeof live)[number]>();
  for (const row of live) {
    const seen = latest.get(row.channel);
    if (!seen || (row.lastMessageAt?.getTime() ?? 0) > (seen.lastMessageAt?.getTime() ?? 0)) {
      latest.set(row.channel, row);
    }
  }
  const closing = live.filter((row) => latest.get(row.channel) !== row).map((row) => row.id);
  if (closing.length > 0) {
    await closeConversations(tx, { businessId, conversationIds: closing });
  }
  await moveProspectRecords(tx, { businessId, fromProspectIds: goneIds, toProspectId: kept.id });
  // Deleted before their phone and BSUID go to the kept one (each is unique per business).
  await deleteProspects(tx, { businessId, prospectIds: goneIds });
  const first = <T>(pick: (row: schema.Prospect) => T | null) =>
    [kept, ...gone].map(pick).find((value) => value !== null && value !== undefined) ?? null;
  const contacts = [kept, ...gone].map((row) => row.lastContactAt?.getTime() ?? 0);
  const notes = [kept, ...gone].map((row) => row.notes).filter((note) => note);
  await updateProspectRow(tx, {
    businessId,
    prospectId: kept.id,
    set: {
      phone: first((row) => row.phone),
      waId: first((row) => row.waId),
      waUserId: first((row) => row.waUserId),
      username: first((row) => row.username),
      name: first((row) => row.name),
      email: first((row) => row.email),
      address: first((row) => row.address),
      assignedUserId: first((row) => row.assignedUserId),
      notes: notes.length > 0 ? [...new Set(notes)].join('\n\n') : null,
      tags: [...new Set([kept, ...gone].flatMap((row) => row.tags))],
      lastContactAt: Math.max(...contacts) > 0 ? new Date(Math.max(...contacts)) : null,
      updatedAt: new Date(),
    },
  });
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
  const found = await prospectIdsByIdentity(tx, { businessId, phones, waUserIds: userIds });
  if (found.length === 0) return 'identity change for a customer we do not know';
  const keptId = await mergeProspects(tx, businessId, found);
  const nextPhone = next.waId ? phoneOf(next.waId) : null;
  await updateProspectRow(tx, {
    businessId,
    prospectId: keptId,
    set: {
      ...(nextPhone ? { phone: nextPhone, waId: next.waId } : {}),
      ...(next.userId ? { waUserId: next.userId } : {}),
      updatedAt: new Date(),
    },
  });
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
  await learnRecipientRows(
    tx,
    known.map((item) => ({
      businessId: item.businessId,
      wamid: item.receipt.id,
      userId: item.recipient.userId,
      username: item.recipient.username,
    })),
  );
}
