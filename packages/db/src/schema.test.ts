import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, createPool } from './client';
import { migrationsApplied, migrationsFolder, runMigrations } from './migrate';

const journalEntries = () =>
  (
    JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
      entries: unknown[];
    }
  ).entries.length;

import * as schema from './schema';
import { createTestDatabase } from './testing';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase(inject('pgServerUrl'), inject('pgTemplate'));
});
afterAll(() => database.drop());

const TABLES = [
  'users',
  'sessions',
  // Beside the design's 21: "forgotten password" links (issue 16), only their token's hash.
  'password_resets',
  'businesses',
  'memberships',
  // Beside the design's 21: invitation links (issue 14), which may name an email with no account.
  'invitations',
  'subscriptions',
  'whatsapp_accounts',
  'email_accounts',
  'prospects',
  'conversations',
  'messages',
  'ai_insights',
  'products',
  'orders',
  'order_items',
  'couriers',
  'deliveries',
  'delivery_events',
  'emails',
  'notifications',
  'webhook_events',
  'audit_logs',
  // Beyond the design's 21: the files of DESIGN.md's flow 11 (proof photos), whose bytes live in
  // the storage and whose owner (business, delivery, courier) lives here.
  'uploads',
  // Beyond the design's 21: a business's SMS provider account (issue 16's notification fallback),
  // beside whatsapp_accounts and email_accounts.
  'sms_accounts',
  // Beyond the design's 21: the inbox's tools (issue 18): saved answers, the team's notes on a
  // conversation, labels and the conversations they are given to.
  'quick_replies',
  'conversation_notes',
  'labels',
  'conversation_labels',
  // Beyond the design's 21: Gmail/Outlook connections in progress (issue 20), their OAuth state
  // and PKCE verifier bound to the session for ten minutes.
  'email_oauth_states',
  // Beyond the design's 21: the browsers a member gets Web Push on (issue 18's PWA), per business.
  // The public REST API's keys and the answers kept under an Idempotency-Key (issue 21).
  'api_keys',
  'api_idempotency_keys',
  'web_push_subscriptions',
  // Beyond the design's 21: outgoing webhooks (issue 21): merchants' endpoints, each event's
  // delivery to one of them, and every attempt (the delivery log).
  'webhook_endpoints',
  'webhook_deliveries',
  'webhook_delivery_attempts',
];

/** Runs `statement` in a savepoint and returns the SQLSTATE it failed with (or null). */
async function failsWith(statement: ReturnType<typeof sql>): Promise<string | null> {
  try {
    await database.db.transaction(async (tx) => {
      await tx.execute(statement);
      throw new Error('rollback');
    });
    return null;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? null;
  }
}

describe('after migrate', () => {
  it('has exactly the 21 tables of the design and the ones added since (listed above)', async () => {
    const result = await database.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    expect(result.rows.map((row) => row.table_name).sort()).toEqual([...TABLES].sort());
  });

  it('knows its migrations are applied, and re-running them changes nothing', async () => {
    expect(await migrationsApplied(database.db)).toBe(true);
    await runMigrations(database.pool);
    const count = await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    expect(count.rows[0]?.n).toBe(journalEntries());
  });
});

describe('constraints', () => {
  let businessId = '';
  let otherBusinessId = '';
  beforeAll(async () => {
    const rows = await database.db
      .insert(schema.businesses)
      .values(
        ['a', 'b'].map((slug) => ({
          name: `Shop ${slug}`,
          slug: `shop-${slug}`,
          country: 'SN',
          currency: 'XOF' as const,
          settings: schema.defaultBusinessSettings,
        })),
      )
      .returning({ id: schema.businesses.id });
    businessId = rows[0]?.id ?? '';
    otherBusinessId = rows[1]?.id ?? '';
    await database.db.insert(schema.products).values({
      businessId,
      sku: 'WAX-001',
      name: 'Pagne wax',
      price: 7500,
      currency: 'XOF',
      stock: 3,
    });
    await database.db
      .insert(schema.prospects)
      .values({ businessId, phone: '+221771234567', name: 'Fatou' });
  });

  it('one sku per business, but the same sku in another business is fine', async () => {
    expect(
      await failsWith(
        sql`insert into products (business_id, sku, name, price, currency) values (${businessId}, 'WAX-001', 'x', 1, 'XOF')`,
      ),
    ).toBe('23505');
    expect(
      await failsWith(
        sql`insert into products (business_id, sku, name, price, currency) values (${otherBusinessId}, 'WAX-001', 'x', 1, 'XOF')`,
      ),
    ).toBeNull();
  });

  it('one prospect per phone per business, and phones are E.164', async () => {
    expect(
      await failsWith(
        sql`insert into prospects (business_id, phone) values (${businessId}, '+221771234567')`,
      ),
    ).toBe('23505');
    expect(
      await failsWith(
        sql`insert into prospects (business_id, phone) values (${businessId}, '77 123 45 67')`,
      ),
    ).toBe('23514');
  });

  it('money is never negative and stock never below zero', async () => {
    expect(
      await failsWith(
        sql`insert into products (business_id, sku, name, price, currency) values (${businessId}, 'NEG', 'x', -1, 'XOF')`,
      ),
    ).toBe('23514');
    expect(await failsWith(sql`update products set stock = stock - 4 where sku = 'WAX-001'`)).toBe(
      '23514',
    );
  });

  it('a message id from WhatsApp (wamid) is stored once', async () => {
    const [prospect] = await database.db.select().from(schema.prospects).limit(1);
    const [conversation] = await database.db
      .insert(schema.conversations)
      .values({ businessId, prospectId: prospect?.id ?? '', channel: 'whatsapp' })
      .returning();
    const insert = sql`insert into messages (business_id, conversation_id, direction, external_id, type, body, status, author_type)
      values (${businessId}, ${conversation?.id}, 'in', 'wamid.ABC', 'text', 'Bonjour', 'received', 'customer')`;
    await database.db.execute(insert);
    expect(await failsWith(insert)).toBe('23505');
  });

  it('order lines need a positive quantity', async () => {
    expect(
      await failsWith(sql`insert into order_items (business_id, order_id, product_id, name, quantity, unit_price, line_total)
        values (${businessId}, gen_random_uuid(), gen_random_uuid(), 'x', 0, 100, 0)`),
    ).toBe('23514');
  });

  it('deleting a business deletes what it owns', async () => {
    const [doomed] = await database.db
      .insert(schema.businesses)
      .values({
        name: 'Doomed',
        slug: 'doomed',
        country: 'FR',
        currency: 'EUR',
        settings: schema.defaultBusinessSettings,
      })
      .returning();
    await database.db.insert(schema.products).values({
      businessId: doomed?.id ?? '',
      sku: 'X',
      name: 'x',
      price: 100,
      currency: 'EUR',
    });
    await database.db.execute(sql`delete from businesses where id = ${doomed?.id}`);
    const left = await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from products where business_id = ${doomed?.id}`,
    );
    expect(left.rows[0]?.n).toBe(0);
  });
});

describe('runMigrations', () => {
  it('two processes migrating an empty database at once: both succeed, applied once', async () => {
    const empty = `${database.url.replace(/\/[^/]+$/, '')}/postgres`;
    const name = `flux_migrate_race_${Date.now()}`;
    const admin = createPool(empty, 1);
    await admin.query(`create database ${name}`);
    const url = database.url.replace(/\/[^/]+$/, `/${name}`);
    const pools = [createPool(url, 2), createPool(url, 2)];
    try {
      await Promise.all(pools.map((pool) => runMigrations(pool)));
      const applied = await createDb(pools[0] ?? admin).execute<{ n: number }>(
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      expect(applied.rows[0]?.n).toBe(journalEntries());
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
    }
  });
});
