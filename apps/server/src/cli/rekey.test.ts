// `main rekey` as an operator runs it: a database written under key A, the process started with
// ENCRYPTION_KEY=B and ENCRYPTION_KEY_PREVIOUS=A moves every secret under B and says so; `--check`
// then finds nothing that needs A. (The batches, the crash halfway and every column: rekey.test.ts
// of @flux/db.)
import { randomBytes } from 'node:crypto';
import { schema } from '@flux/db';
import { createSecretBox, createTestDatabase, replaceSecretBox } from '@flux/db/testing';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { spawnApp } from '../../test/process';
import { rekeyCommand } from './rekey';

const A = randomBytes(32);
const B = randomBytes(32);
let database: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  database = await createTestDatabase(inject('pgServerUrl'), inject('pgTemplate'));
  replaceSecretBox(createSecretBox(A));
  try {
    const [business] = await database.db
      .insert(schema.businesses)
      .values({
        name: 'Shop',
        slug: 'rekey-cli',
        country: 'SN',
        currency: 'XOF',
        settings: schema.defaultBusinessSettings,
      })
      .returning();
    await database.db.insert(schema.whatsappAccounts).values(
      [1, 2, 3].map((n) => ({
        businessId: business?.id ?? '',
        phoneNumberId: `33600000${n}`,
        wabaId: 'waba',
        displayPhoneNumber: `+33 6 00 00 00 0${n}`,
        accessToken: `EAAG-token-${n}`,
      })),
    );
  } finally {
    replaceSecretBox(undefined);
  }
});
afterAll(() => database.drop());

const lines: string[] = [];
const write = (line: string) => lines.push(line);

it('--check counts what still needs the previous key and exits 1; a bad batch size exits 2', async () => {
  lines.length = 0;
  expect(await rekeyCommand(database.db, { current: B, previous: [A] }, ['--check'], write)).toBe(
    1,
  );
  expect(lines).toContain(
    '  whatsapp_accounts.access_token_encrypted: 0 readable with ENCRYPTION_KEY alone, 3 still need a previous key, 0 unreadable',
  );
  expect(lines.at(-1)).toBe(
    '3 values still need ENCRYPTION_KEY_PREVIOUS: run rekey; 0 values no configured key reads.',
  );
  expect(
    await rekeyCommand(database.db, { current: B, previous: [A] }, ['--batch-size=0'], write),
  ).toBe(2);
});

it('main.js rekey with ENCRYPTION_KEY=B, ENCRYPTION_KEY_PREVIOUS=A moves it all; B alone then reads it', async () => {
  const env = {
    DATABASE_URL: database.url,
    ENCRYPTION_KEY: B.toString('base64'),
    ENCRYPTION_KEY_PREVIOUS: ` ${randomBytes(32).toString('hex')}, ${A.toString('base64')} `,
  };
  const run = spawnApp({ args: ['rekey', '--batch-size=2'], env });
  expect(await run.exited).toBe(0);
  expect(run.output()).toContain('reading with 2 previous keys');
  expect(run.output()).toContain(
    'whatsapp_accounts.access_token_encrypted: 3 moved, 3 under the current key, 0 unreadable',
  );
  expect(run.output()).toContain('3 values moved; every stored secret is under the current key.');

  const check = spawnApp({
    args: ['rekey', '--check'],
    env: { ...env, ENCRYPTION_KEY_PREVIOUS: '' },
  });
  expect(await check.exited).toBe(0);
  expect(check.output()).toContain('Every stored secret is readable with ENCRYPTION_KEY alone.');
}, 60_000);
