import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
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
  // Beyond the design's 21: the files of deleted uploads waiting to leave the storage (the purge of
  // flow 11's files), queued by a trigger on uploads whatever deleted the row.
  'storage_deletions',
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

describe('migration 0029 (tracking tokens at rest)', () => {
  it('an older order’s link token becomes its SHA-256, the notifications’ facts lose it, and no column keeps it', async () => {
    const empty = `${database.url.replace(/\/[^/]+$/, '')}/postgres`;
    const name = `flux_migrate_0029_${Date.now()}`;
    const admin = createPool(empty, 1);
    await admin.query(`create database ${name}`);
    const pool = createPool(database.url.replace(/\/[^/]+$/, `/${name}`), 2);
    // The migrations before 0029: a copy of the folder whose journal stops at 0028.
    const before = mkdtempSync(join(tmpdir(), 'flux-migrations-'));
    try {
      cpSync(migrationsFolder, before, { recursive: true });
      const journal = JSON.parse(readFileSync(`${before}/meta/_journal.json`, 'utf8')) as {
        entries: { tag: string }[];
      };
      journal.entries = journal.entries.filter((entry) => entry.tag < '0029');
      writeFileSync(`${before}/meta/_journal.json`, JSON.stringify(journal));
      await migrate(drizzle({ client: pool }), { migrationsFolder: before });

      const one = async (text: string, values: unknown[] = []) =>
        (await pool.query(text, values)).rows[0] as Record<string, unknown>;
      const business = await one(
        `insert into businesses (name, slug, country, currency, settings)
         values ('Shop', 'shop-0029', 'SN', 'XOF', $1) returning id`,
        [JSON.stringify(schema.defaultBusinessSettings)],
      );
      const prospect = await one(
        `insert into prospects (business_id, phone) values ($1, '+221770000029') returning id`,
        [business.id],
      );
      const order = await one(
        `insert into orders (business_id, number, prospect_id, subtotal, delivery_fee, total, currency)
         values ($1, 1, $2, 1000, 0, 1000, 'XOF') returning id, tracking_token`,
        [business.id, prospect.id],
      );
      const token = String(order.tracking_token);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      await pool.query(
        `insert into notifications (business_id, recipient_type, recipient, channel, event, template, payload, dedupe_key, order_id)
         values ($1, 'customer', '+221770000029', 'whatsapp', 'order.confirmed', 'order_confirmed', $2, 'order.confirmed:0029', $3)`,
        [
          business.id,
          JSON.stringify({ orderNumber: 'CMD-000001', trackingToken: token }),
          order.id,
        ],
      );

      await runMigrations(pool);
      const after = await one(
        'select to_jsonb(o) as row, legacy_tracking_token_hash, tracking_token_hash from orders o where id = $1',
        [order.id],
      );
      expect(after.legacy_tracking_token_hash).toBe(
        createHash('sha256').update(token).digest('hex'),
      );
      expect(after.tracking_token_hash).toBeNull();
      expect(JSON.stringify(after.row)).not.toContain(token);
      const notification = await one('select payload from notifications where order_id = $1', [
        order.id,
      ]);
      expect(notification.payload).toEqual({ orderNumber: 'CMD-000001' });
    } finally {
      rmSync(before, { recursive: true, force: true });
      await pool.end();
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
    }
  });
});
