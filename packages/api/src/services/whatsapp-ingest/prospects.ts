// The customers of a batch as prospects: found or created by phone, by BSUID (a customer known
// only by their username) or, rarely, by a wa_id that is no phone number; a BSUID seen with a
// phone ties the two.
import type { Db } from '@flux/db';
import {
  insertProspect,
  prospectByPhone,
  prospectIdByWaId,
  updateProspectRow,
} from '@flux/db/queries/prospects';
import {
  type IngestCustomer,
  lockProspectsHoldingUserIds,
  upsertProspectsByPhone,
  upsertProspectsByUserId,
} from '@flux/db/queries/whatsapp-ingest';
import { phoneOf } from './batch-sql';
import { mergeProspects } from './identities';
import type { Inbound } from './read-events';

/** A message whose customer is known as a prospect. */
export interface WithProspect extends Inbound {
  prospectId: string;
  /** The prospect was created by this batch (its first message). */
  newProspect: boolean;
}

/**
 * The batch's customers as prospects, found or created in a few set-based statements: those with
 * a phone by (business, E.164 phone) as always, those known only by their BSUID (a username
 * customer) by (business, BSUID). A phone and a BSUID seen together tie the two: the BSUID is
 * stored on the phone's prospect, and a prospect that had only the BSUID is merged with it (rare:
 * once per customer, when Meta first shares their phone). The name the team gave is kept; keys
 * are sorted so concurrent batches lock rows in the same order.
 */
export async function upsertProspects(tx: Db, inbound: Inbound[]): Promise<WithProspect[]> {
  // Within the batch, a BSUID seen with a phone once is that phone everywhere.
  const phoneOfUser = new Map<string, { phone: string; waId: string }>();
  for (const { businessId, sender } of inbound) {
    const phone = sender.waId ? phoneOf(sender.waId) : null;
    if (phone && sender.waId && sender.userId) {
      phoneOfUser.set(`${businessId}|${sender.userId}`, { phone, waId: sender.waId });
    }
  }
  const byPhone = new Map<string, IngestCustomer>();
  const byUser = new Map<string, IngestCustomer>();
  const keyOf = new Map<Inbound, string>();
  for (const item of inbound) {
    const { businessId, sender } = item;
    let phone = sender.waId ? phoneOf(sender.waId) : null;
    let waId = phone ? sender.waId : null;
    if (!phone && sender.userId) {
      const tied = phoneOfUser.get(`${businessId}|${sender.userId}`);
      phone = tied?.phone ?? null;
      waId = tied?.waId ?? null;
    }
    const [map, key] = phone
      ? [byPhone, `${businessId}|${phone}`]
      : sender.userId
        ? [byUser, `${businessId}|${sender.userId}`]
        : [undefined, ''];
    if (!map) continue; // a wa_id that is not a phone number, and no BSUID: found by wa_id below
    keyOf.set(item, key);
    const seen = map.get(key);
    if (!seen) {
      map.set(key, {
        businessId,
        phone,
        waId,
        userId: sender.userId,
        name: sender.name,
        username: sender.username,
        at: item.at,
      });
    } else {
      seen.userId ??= sender.userId;
      seen.name ??= sender.name;
      if (item.at >= seen.at) {
        seen.username = sender.username ?? seen.username;
        seen.at = item.at;
      }
    }
  }
  const sorted = (map: Map<string, IngestCustomer>) =>
    [...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  const phoned = sorted(byPhone);
  await tieUserIdsToPhones(tx, phoned);

  const ids = new Map<string, string>();
  const created = new Set<string>();
  if (phoned.length > 0) {
    const rows = await upsertProspectsByPhone(tx, phoned);
    for (const row of rows) {
      ids.set(`${row.business_id}|${row.phone}`, row.id);
      if (row.created) created.add(row.id);
    }
  }
  // Username customers: by BSUID, which finds a phone's prospect that learned it too.
  const unphoned = sorted(byUser);
  if (unphoned.length > 0) {
    const rows = await upsertProspectsByUserId(tx, unphoned);
    for (const row of rows) {
      ids.set(`${row.business_id}|${row.wa_user_id}`, row.id);
      if (row.created) created.add(row.id);
    }
  }
  const found: WithProspect[] = [];
  for (const item of inbound) {
    const key = keyOf.get(item);
    // A wa_id that is not a phone number (rare): found or created by wa_id.
    const prospectId =
      (key ? ids.get(key) : undefined) ?? (await prospectByWaId(tx, item, created));
    if (!prospectId) throw new Error('prospect not found after upsert');
    found.push({ ...item, prospectId, newProspect: created.has(prospectId) });
  }
  return found;
}

/**
 * Before the phone upsert writes a BSUID on a phone's prospect, the prospects that already hold
 * those BSUIDs without that phone (one statement, empty in the steady state): a BSUID-only one
 * takes the phone, or is merged with the phone's prospect when there is one already. A BSUID held
 * with another phone stays where it is (Meta gives a new BSUID with a new number, so that phone
 * was typed by someone), and this batch's phone prospect goes without it.
 */
async function tieUserIdsToPhones(tx: Db, phoned: IngestCustomer[]) {
  const withUser = phoned.filter((v) => v.userId);
  if (withUser.length === 0) return;
  const rows = await lockProspectsHoldingUserIds(tx, withUser);
  for (const row of rows) {
    const customer = withUser.find(
      (v) => v.businessId === row.business_id && v.userId === row.wa_user_id,
    );
    if (!customer?.phone) continue;
    if (row.phone !== null) {
      customer.userId = null;
      continue;
    }
    const phoneProspect = await prospectByPhone(tx, {
      businessId: row.business_id,
      phone: customer.phone,
    });
    if (phoneProspect) await mergeProspects(tx, row.business_id, [phoneProspect.id, row.id]);
    else {
      await updateProspectRow(tx, {
        businessId: row.business_id,
        prospectId: row.id,
        set: { phone: customer.phone, waId: customer.waId, updatedAt: new Date() },
      });
    }
  }
}

async function prospectByWaId(
  tx: Db,
  item: Inbound,
  created: Set<string>,
): Promise<string | undefined> {
  const { businessId, sender, at } = item;
  if (!sender.waId) return undefined;
  const existing = await prospectIdByWaId(tx, { businessId, waId: sender.waId });
  if (existing) return existing;
  const inserted = await insertProspect(tx, {
    businessId,
    values: { waId: sender.waId, name: sender.name, lastContactAt: at },
  });
  if (!inserted) throw new Error('prospect insert returned nothing');
  created.add(inserted.id);
  return inserted.id;
}
