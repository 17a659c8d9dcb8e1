// The customers of a batch as prospects: found or created by phone, by BSUID (a customer known
// only by their username) or, rarely, by a wa_id that is no phone number; a BSUID seen with a
// phone ties the two.
import { type Db, schema } from '@flux/db';
import { and, eq, sql } from 'drizzle-orm';
import { column, phoneOf } from './batch-sql';
import { mergeProspects } from './identities';
import type { Inbound } from './read-events';

const { prospects } = schema;

/** A message whose customer is known as a prospect. */
export interface WithProspect extends Inbound {
  prospectId: string;
}

/** One customer of a batch, as the prospect upserts write them. */
interface Customer {
  businessId: string;
  phone: string | null;
  waId: string | null;
  userId: string | null;
  name: string | null;
  username: string | null;
  at: Date;
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
  const byPhone = new Map<string, Customer>();
  const byUser = new Map<string, Customer>();
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
  const sorted = (map: Map<string, Customer>) =>
    [...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  const phoned = sorted(byPhone);
  await tieUserIdsToPhones(tx, phoned);

  const ids = new Map<string, string>();
  if (phoned.length > 0) {
    const { rows } = await tx.execute<{ id: string; business_id: string; phone: string }>(sql`
      insert into ${prospects} (business_id, phone, wa_id, wa_user_id, username, name, last_contact_at)
      select * from unnest(${column(phoned, (v) => v.businessId)}::uuid[],
        ${column(phoned, (v) => v.phone)}::text[], ${column(phoned, (v) => v.waId)}::text[],
        ${column(phoned, (v) => v.userId)}::text[], ${column(phoned, (v) => v.username)}::text[],
        ${column(phoned, (v) => v.name)}::text[], ${column(phoned, (v) => v.at.toISOString())}::timestamptz[])
      on conflict (business_id, phone) do update
      set wa_id = excluded.wa_id,
          wa_user_id = coalesce(excluded.wa_user_id, ${prospects.waUserId}),
          username = coalesce(excluded.username, ${prospects.username}),
          name = coalesce(${prospects.name}, excluded.name),
          last_contact_at = greatest(${prospects.lastContactAt}, excluded.last_contact_at),
          updated_at = now()
      returning id, business_id, phone`);
    for (const row of rows) ids.set(`${row.business_id}|${row.phone}`, row.id);
  }
  // Username customers: by BSUID, which finds a phone's prospect that learned it too.
  const unphoned = sorted(byUser);
  if (unphoned.length > 0) {
    const { rows } = await tx.execute<{ id: string; business_id: string; wa_user_id: string }>(sql`
      insert into ${prospects} (business_id, wa_user_id, username, name, last_contact_at)
      select * from unnest(${column(unphoned, (v) => v.businessId)}::uuid[],
        ${column(unphoned, (v) => v.userId)}::text[], ${column(unphoned, (v) => v.username)}::text[],
        ${column(unphoned, (v) => v.name)}::text[], ${column(unphoned, (v) => v.at.toISOString())}::timestamptz[])
      on conflict (business_id, wa_user_id) do update
      set username = coalesce(excluded.username, ${prospects.username}),
          name = coalesce(${prospects.name}, excluded.name),
          last_contact_at = greatest(${prospects.lastContactAt}, excluded.last_contact_at),
          updated_at = now()
      returning id, business_id, wa_user_id`);
    for (const row of rows) ids.set(`${row.business_id}|${row.wa_user_id}`, row.id);
  }
  const found: WithProspect[] = [];
  for (const item of inbound) {
    const key = keyOf.get(item);
    // A wa_id that is not a phone number (rare): found or created by wa_id.
    const prospectId = (key ? ids.get(key) : undefined) ?? (await prospectByWaId(tx, item));
    if (!prospectId) throw new Error('prospect not found after upsert');
    found.push({ ...item, prospectId });
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
async function tieUserIdsToPhones(tx: Db, phoned: Customer[]) {
  const withUser = phoned.filter((v) => v.userId);
  if (withUser.length === 0) return;
  const { rows } = await tx.execute<{
    id: string;
    business_id: string;
    phone: string | null;
    wa_user_id: string;
  }>(sql`
    select p.id, p.business_id, p.phone, p.wa_user_id
    from unnest(${column(withUser, (v) => v.businessId)}::uuid[],
      ${column(withUser, (v) => v.userId)}::text[], ${column(withUser, (v) => v.phone)}::text[])
      as v(business_id, wa_user_id, phone)
    join ${prospects} p on p.business_id = v.business_id and p.wa_user_id = v.wa_user_id
    where p.phone is distinct from v.phone
    order by p.id
    for update of p`);
  for (const row of rows) {
    const customer = withUser.find(
      (v) => v.businessId === row.business_id && v.userId === row.wa_user_id,
    );
    if (!customer?.phone) continue;
    if (row.phone !== null) {
      customer.userId = null;
      continue;
    }
    const [phoneProspect] = await tx
      .select({ id: prospects.id })
      .from(prospects)
      .where(and(eq(prospects.businessId, row.business_id), eq(prospects.phone, customer.phone)));
    if (phoneProspect) await mergeProspects(tx, row.business_id, [phoneProspect.id, row.id]);
    else {
      await tx
        .update(prospects)
        .set({ phone: customer.phone, waId: customer.waId, updatedAt: new Date() })
        .where(eq(prospects.id, row.id));
    }
  }
}

async function prospectByWaId(tx: Db, item: Inbound): Promise<string | undefined> {
  const { businessId, sender, at } = item;
  if (!sender.waId) return undefined;
  const [existing] = await tx
    .select({ id: prospects.id })
    .from(prospects)
    .where(and(eq(prospects.businessId, businessId), eq(prospects.waId, sender.waId)));
  if (existing) return existing.id;
  const [created] = await tx
    .insert(prospects)
    .values({ businessId, waId: sender.waId, name: sender.name, lastContactAt: at })
    .returning({ id: prospects.id });
  if (!created) throw new Error('prospect insert returned nothing');
  return created.id;
}
