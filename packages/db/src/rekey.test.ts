// A key rotation on a real database: everything written under key A reads under (B, previous A),
// `rekey` moves it all under B (a run stopped halfway loses nothing), and B alone reads it after.
// The process's box is swapped for each step and put back at the end (the shared test set).
import { createHash, randomBytes } from 'node:crypto';
import { eq, getTableColumns, getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type SecretBox, secretBox } from './crypto';
import { type RekeyTarget, rekey, rekeyCheck, rekeyTargets, targetName } from './rekey';
import * as schema from './schema';
import { createSecretBox, createTestDatabase, replaceSecretBox } from './testing';

const A = randomBytes(32);
const B = randomBytes(32);
const boxA = createSecretBox(A);
const boxB = createSecretBox(B);
const boxBA = createSecretBox(B, [A]);
const SHOPS = 5;

let database: Awaited<ReturnType<typeof createTestDatabase>>;

/** The drizzle table of a target's table name. */
function tableNamed(name: string): PgTable {
  for (const value of Object.values(schema) as unknown[]) {
    if (is(value, PgTable) && getTableName(value) === name) return value;
  }
  throw new Error(`no table ${name}`);
}

/** Every secret of a target as the application reads it (through the `encrypted()` columns). */
async function readTarget(target: RekeyTarget): Promise<string[]> {
  const table = tableNamed(target.table);
  const column = Object.values(getTableColumns(table)).find((c) => c.name === target.column);
  if (!column) throw new Error(`no column ${targetName(target)}`);
  const rows = await database.db.select({ value: column }).from(table);
  const values = rows.map((row) => row.value as unknown);
  const secrets = target.jsonField
    ? values.map((payload) => {
        const sealed = (payload as Record<string, string | undefined>)[target.jsonField ?? ''];
        return sealed === undefined ? null : secretBox().decrypt(sealed);
      })
    : values;
  return secrets.filter((value): value is string => typeof value === 'string').sort();
}

async function readEverything(): Promise<Record<string, string[]>> {
  const all: Record<string, string[]> = {};
  for (const target of rekeyTargets()) all[targetName(target)] = await readTarget(target);
  return all;
}

/** The stored text of every value of a target. */
async function storedValues(target: RekeyTarget): Promise<string[]> {
  const value = target.jsonField
    ? sql`${sql.identifier(target.column)} ->> ${target.jsonField}`
    : sql.identifier(target.column);
  const result = await database.db.execute<{ value: string }>(
    sql`select ${value} as value from ${sql.identifier(target.table)} where ${value} is not null`,
  );
  return result.rows.map((row) => row.value);
}

/** Shops with a value in every encrypted place, written under the box in use; the plaintexts. */
async function seedSecrets(): Promise<Record<string, string[]>> {
  const db = database.db;
  const secret = (label: string, n: number) => `${label}-${n}-${randomBytes(6).toString('hex')}`;
  const expected: Record<string, string[]> = {};
  const keep = (name: string, value: string) => {
    expected[name] = [...(expected[name] ?? []), value];
    return value;
  };
  for (let n = 0; n < SHOPS; n++) {
    const [business] = await db
      .insert(schema.businesses)
      .values({
        name: `Shop ${n}`,
        slug: `rekey-shop-${n}`,
        country: 'SN',
        currency: 'XOF',
        settings: schema.defaultBusinessSettings,
      })
      .returning();
    const [user] = await db
      .insert(schema.users)
      .values({ email: `owner${n}@rekey.test`, passwordHash: 'x', name: `Owner ${n}` })
      .returning();
    const businessId = business?.id ?? '';
    const userId = user?.id ?? '';
    const sessionId = createHash('sha256').update(`session-${n}`).digest('hex');
    await db
      .insert(schema.sessions)
      .values({ id: sessionId, userId, expiresAt: new Date(Date.now() + 3_600_000) });
    await db.insert(schema.whatsappAccounts).values({
      businessId,
      phoneNumberId: `2217700000${n}`,
      wabaId: `waba-${n}`,
      displayPhoneNumber: `+221 77 000 00 0${n}`,
      accessToken: keep('whatsapp_accounts.access_token_encrypted', secret('wa', n)),
    });
    await db.insert(schema.emailAccounts).values({
      businessId,
      userId,
      provider: 'outlook',
      address: `contact${n}@rekey.test`,
      accessToken: keep('email_accounts.access_token_encrypted', secret('access', n)),
      refreshToken: keep('email_accounts.refresh_token_encrypted', secret('refresh', n)),
      subscriptionSecret: keep(
        'email_accounts.subscription_secret_encrypted',
        secret('client-state', n),
      ),
    });
    await db.insert(schema.emailOauthStates).values({
      stateHash: createHash('sha256').update(`state-${n}`).digest('hex'),
      codeVerifier: keep('email_oauth_states.code_verifier_encrypted', secret('pkce', n)),
      sessionId,
      businessId,
      userId,
      provider: 'gmail',
      expiresAt: new Date(Date.now() + 600_000),
    });
    await db.insert(schema.smsAccounts).values({
      businessId,
      provider: 'africastalking',
      accountId: `sandbox-${n}`,
      apiKey: keep('sms_accounts.api_key_encrypted', secret('at-key', n)),
      callbackSecret: keep('sms_accounts.callback_secret_encrypted', secret('callback', n)),
    });
    await db.insert(schema.webhookEndpoints).values({
      businessId,
      url: `https://hooks.rekey.test/${n}`,
      events: ['order.created'],
      secret: keep('webhook_endpoints.secret_encrypted', secret('whsec', n)),
      previousSecret: keep('webhook_endpoints.previous_secret_encrypted', secret('whsec-old', n)),
    });
    await db.insert(schema.webPushSubscriptions).values({
      businessId,
      userId,
      endpoint: `https://push.rekey.test/${n}`,
      p256dh: keep('web_push_subscriptions.p256dh_encrypted', secret('p256dh', n)),
      auth: keep('web_push_subscriptions.auth_encrypted', secret('auth', n)),
    });
    await db.insert(schema.notifications).values([
      {
        businessId,
        recipientType: 'member',
        recipient: `invitee${n}@rekey.test`,
        channel: 'email',
        event: 'invitation.created',
        template: 'invitation',
        payload: {
          role: 'agent',
          joinTokenEncrypted: secretBox().encrypt(
            keep('notifications.payload.joinTokenEncrypted', secret('join', n)),
          ),
        },
        dedupeKey: `rekey-invitation-${n}`,
      },
      // A notification without a ciphertext is left alone.
      {
        businessId,
        recipientType: 'member',
        recipient: `owner${n}@rekey.test`,
        channel: 'email',
        event: 'order.created',
        template: 'order_created',
        payload: { number: n },
        dedupeKey: `rekey-order-${n}`,
      },
    ]);
  }
  for (const values of Object.values(expected)) values.sort();
  return expected;
}

function using<T>(box: SecretBox, read: () => Promise<T>): Promise<T> {
  replaceSecretBox(box);
  return read();
}

describe('rotating ENCRYPTION_KEY', () => {
  let expected: Record<string, string[]>;

  beforeAll(async () => {
    database = await createTestDatabase(inject('pgServerUrl'), inject('pgTemplate'));
    replaceSecretBox(boxA);
    expected = await seedSecrets();
  });
  afterAll(async () => {
    replaceSecretBox(undefined);
    await database.drop();
  });

  it('finds every encrypted column of every table, and the invitation tokens in JSON', () => {
    expect(rekeyTargets().map(targetName)).toEqual([
      'email_accounts.access_token_encrypted',
      'email_accounts.refresh_token_encrypted',
      'email_accounts.subscription_secret_encrypted',
      'email_oauth_states.code_verifier_encrypted',
      'sms_accounts.api_key_encrypted',
      'sms_accounts.callback_secret_encrypted',
      'web_push_subscriptions.auth_encrypted',
      'web_push_subscriptions.p256dh_encrypted',
      'webhook_endpoints.previous_secret_encrypted',
      'webhook_endpoints.secret_encrypted',
      'whatsapp_accounts.access_token_encrypted',
      'notifications.payload.joinTokenEncrypted',
    ]);
    // The fixture has a value in each, so each is really read and moved below.
    expect(Object.keys(expected).sort()).toEqual(rekeyTargets().map(targetName).sort());
  });

  it('written under A: B alone reads nothing, B with A as previous reads it all', async () => {
    await expect(using(boxB, readEverything)).rejects.toThrow();
    expect(await using(boxBA, readEverything)).toEqual(expected);
    // What A wrote (alone) is the old format, without a key id.
    for (const value of await storedValues({
      table: 'whatsapp_accounts',
      column: 'access_token_encrypted',
    })) {
      expect(value).toMatch(/^v1:/);
    }
  });

  it('rekey stopped halfway loses nothing; run again, it finishes; then B alone reads it all', async () => {
    const keys = { current: B, previous: [A] };
    const before = await rekeyCheck(database.db, keys);
    expect(before.every((count) => count.pending === SHOPS && count.current === 0)).toBe(true);

    // A crash inside the 4th batch of 2 rows: the first column's 5 values (2 + 2 + 1) committed,
    // the second column's first batch rolled back.
    let batches = 0;
    await expect(
      rekey(database.db, keys, {
        batchSize: 2,
        beforeCommit: () => {
          batches += 1;
          if (batches === 4) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const halfway = await rekeyCheck(database.db, keys);
    const moved = halfway.reduce((sum, count) => sum + count.current, 0);
    const left = halfway.reduce((sum, count) => sum + count.pending, 0);
    expect(moved).toBe(5);
    expect(moved + left).toBe(Object.values(expected).flat().length);
    expect(await using(boxBA, readEverything)).toEqual(expected);

    // Meanwhile the application (B current, A previous) writes a new secret: under B, named.
    replaceSecretBox(boxBA);
    const [fresh] = await database.db
      .update(schema.whatsappAccounts)
      .set({ accessToken: 'wa-written-during-rotation' })
      .where(eq(schema.whatsappAccounts.phoneNumberId, '22177000004'))
      .returning();
    expect(fresh?.accessToken).toBe('wa-written-during-rotation');
    const waTarget = { table: 'whatsapp_accounts', column: 'access_token_encrypted' };
    expect(await storedValues(waTarget)).toContainEqual(
      expect.stringMatching(new RegExp(`^v2:${boxB.keyId}:`)),
    );
    const waExpected = (expected['whatsapp_accounts.access_token_encrypted'] ?? []).filter(
      (value) => !value.startsWith('wa-4-'),
    );
    expected['whatsapp_accounts.access_token_encrypted'] = [
      ...waExpected,
      'wa-written-during-rotation',
    ].sort();

    const progress: string[] = [];
    const counts = await rekey(database.db, keys, {
      batchSize: 2,
      onBatch: ({ target, moved: total }) => progress.push(`${target}:${total}`),
    });
    expect(progress.length).toBeGreaterThan(0);
    const total = Object.values(expected).flat().length;
    // The first run's 5 and the application's one were under B already.
    expect(counts.reduce((sum, count) => sum + count.moved, 0)).toBe(total - 5 - 1);
    expect(counts.reduce((sum, count) => sum + count.current, 0)).toBe(total);
    expect(counts.every((count) => count.unreadable === 0)).toBe(true);

    expect(await using(boxB, readEverything)).toEqual(expected);
    for (const target of rekeyTargets()) {
      for (const value of await storedValues(target)) {
        expect(value.startsWith(`v2:${boxB.keyId}:`)).toBe(true);
      }
    }
    const after = await rekeyCheck(database.db, { current: B, previous: [] });
    expect(after.every((count) => count.pending === 0 && count.unreadable === 0)).toBe(true);

    // Once more: nothing left to move.
    const again = await rekey(database.db, keys);
    expect(again.every((count) => count.moved === 0)).toBe(true);
  });

  it('a value no configured key opens is counted and left as it is; the rest still moves', async () => {
    const C = randomBytes(32);
    replaceSecretBox(createSecretBox(C));
    const [stray] = await database.db
      .insert(schema.webhookEndpoints)
      .values({
        businessId: (await database.db.select().from(schema.businesses).limit(1))[0]?.id ?? '',
        url: 'https://hooks.rekey.test/stray',
        events: ['order.created'],
        secret: 'whsec-under-a-lost-key',
      })
      .returning();
    replaceSecretBox(boxBA);
    const target = { table: 'webhook_endpoints', column: 'secret_encrypted' };
    const strayValue = (await storedValues(target)).find((value) => value.startsWith('v1:'));

    const counts = await rekey(database.db, { current: B, previous: [A] });
    const secrets = counts.find((count) => count.target === 'webhook_endpoints.secret_encrypted');
    expect(secrets).toMatchObject({ moved: 0, unreadable: 1, unreadableIds: [stray?.id] });
    expect(await storedValues(target)).toContain(strayValue);
    const check = await rekeyCheck(database.db, { current: B, previous: [A] });
    expect(check.find((count) => count.target === secrets?.target)?.unreadable).toBe(1);
  });
});
