// The demo merchant: "Boutique Awa", a shop of the Sandaga market in Dakar, with a month of
// WhatsApp chats, orders in every status, couriers on the road and their deliveries. The server
// seeds it into an empty database on first start (SEED_DEMO), `pnpm db:seed` on demand.
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { hashPassword } from '../password';
import {
  auditLogs,
  businesses,
  conversations,
  couriers,
  deliveries,
  deliveryEvents,
  memberships,
  messages,
  orderItems,
  orders,
  products,
  prospects,
  subscriptions,
  users,
  whatsappAccounts,
} from '../schema';
import { buildDemo, type DemoStaff } from './build-demo';
import { DEMO_SLUG, demoCouriers, demoStaff } from './demo-data';

export const DEMO_LOGIN = { email: 'awa@fluxasync.test', password: 'demo-fluxasync' } as const;
export const DEMO_AGENT = { email: 'moussa@fluxasync.test', password: 'demo-fluxasync' } as const;
export { DEMO_PHONE_NUMBER_ID, DEMO_SLUG, type DemoProduct, demoProducts } from './demo-data';

export interface DemoSeedResult {
  created: boolean;
  businessId: string;
}

// Any constant works; it only has to be the same in every process that seeds.
const DEMO_SEED_LOCK = 7_204_118;

const courierEmail = (index: number) => `courier${index + 1}@fluxasync.test`;

async function findDemoBusiness(db: Db): Promise<string | undefined> {
  const [row] = await db
    .select({ id: businesses.id })
    .from(businesses)
    .where(eq(businesses.slug, DEMO_SLUG))
    .limit(1);
  return row?.id;
}

async function anyBusiness(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: businesses.id }).from(businesses).limit(1);
  return row !== undefined;
}

/**
 * The demo's people. An account left over from an earlier demo (its business deleted) is reused
 * as it is, password included, rather than failing on the unique email.
 */
async function ensureDemoUsers(db: Db, passwordHash: string, now: Date): Promise<DemoStaff> {
  const people = [
    { email: DEMO_LOGIN.email, ...demoStaff.owner },
    { email: DEMO_AGENT.email, ...demoStaff.agent },
    ...demoCouriers.map((courier, index) => ({
      email: courierEmail(index),
      name: courier.name,
      phone: courier.phone,
    })),
  ];
  await db
    .insert(users)
    .values(
      people.map((person) => ({ ...person, passwordHash, locale: 'fr' as const, createdAt: now })),
    )
    .onConflictDoNothing({ target: users.email });
  const rows = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      inArray(
        users.email,
        people.map((person) => person.email),
      ),
    );
  const idOf = (email: string) => {
    const row = rows.find((candidate) => candidate.email === email);
    if (!row) throw new Error(`demo seed: user ${email} was not created`);
    return row.id;
  };
  return {
    owner: { id: idOf(DEMO_LOGIN.email), email: DEMO_LOGIN.email },
    agent: { id: idOf(DEMO_AGENT.email), email: DEMO_AGENT.email },
    courierUserIds: demoCouriers.map((_, index) => idOf(courierEmail(index))),
  };
}

/**
 * Creates the demo business unless it exists. With `onlyIfEmpty`, does nothing (returns null)
 * in a database that already holds another business, so a real tenant never gets a demo
 * neighbour. Everything is written in one transaction; concurrent callers queue on an
 * advisory lock and the later ones find the demo already there.
 */
export async function seedDemo(
  db: Db,
  options: { onlyIfEmpty?: boolean; now?: Date } = {},
): Promise<DemoSeedResult | null> {
  const existing = await findDemoBusiness(db);
  if (existing) return { created: false, businessId: existing };
  if (options.onlyIfEmpty && (await anyBusiness(db))) return null;

  // Hashing takes tens of milliseconds: once, before the transaction, for every demo account
  // (they all share the demo password).
  const passwordHash = await hashPassword(DEMO_LOGIN.password);
  const now = options.now ?? new Date();

  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_SEED_LOCK})`);
    const seeded = await findDemoBusiness(tx);
    if (seeded) return { created: false, businessId: seeded };
    if (options.onlyIfEmpty && (await anyBusiness(tx))) return null;

    const staff = await ensureDemoUsers(tx, passwordHash, now);
    const rows = buildDemo({ now, staff });
    // Parents before children; one statement per table.
    await tx.insert(businesses).values(rows.business);
    await tx.insert(memberships).values(rows.memberships);
    await tx.insert(subscriptions).values(rows.subscription);
    // The sandbox number id is global: a database that already has it keeps its owner.
    await tx.insert(whatsappAccounts).values(rows.whatsappAccount).onConflictDoNothing();
    await tx.insert(products).values(rows.products);
    await tx.insert(prospects).values(rows.prospects);
    await tx.insert(conversations).values(rows.conversations);
    await tx.insert(messages).values(rows.messages);
    await tx.insert(orders).values(rows.orders);
    await tx.insert(orderItems).values(rows.orderItems);
    await tx.insert(couriers).values(rows.couriers);
    await tx.insert(deliveries).values(rows.deliveries);
    await tx.insert(deliveryEvents).values(rows.deliveryEvents);
    await tx.insert(auditLogs).values(rows.auditLogs);
    return { created: true, businessId: rows.business.id };
  });
}
