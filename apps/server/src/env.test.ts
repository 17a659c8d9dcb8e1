// NODE_ENV=production refuses every development secret and convenience, naming each variable;
// .env.example and docs/configuration.md list every variable the env.ts files declare.
import { readFileSync } from 'node:fs';
import { apiEnv, DEV_VAPID_KEYS, vapidConfig } from '@flux/api';
import { DEV_ENCRYPTION_KEY, dbEnv, dbEnvShape } from '@flux/db/env';
import { declaredVariables, defineEnv } from '@flux/env';
import { expect, it } from 'vitest';
import { productionProblems, serverEnv } from './env';

const READY = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://flux@db.internal:5432/flux',
  ENCRYPTION_KEY: 'c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0zMmJ5dGVz',
  WHATSAPP_APP_SECRET: '0123456789abcdef0123456789abcdef',
  WHATSAPP_VERIFY_TOKEN: 'a-verify-token-of-ours',
  APP_ORIGIN: 'https://app.fluxasync.example',
};

const named = (source: Record<string, string>) =>
  productionProblems(source).map((problem) => problem.split(':')[0]);

it('a production configuration with its own secrets passes', () => {
  expect(productionProblems(READY)).toEqual([]);
  expect(productionProblems({ ...READY, WHATSAPP_SANDBOX: 'false', SEED_DEMO: 'no' })).toEqual([]);
});

it('with nothing set, every development default is refused by name', () => {
  expect(named({ NODE_ENV: 'production' })).toEqual([
    'DATABASE_URL',
    'ENCRYPTION_KEY',
    'WHATSAPP_APP_SECRET',
    'WHATSAPP_VERIFY_TOKEN',
    'APP_ORIGIN',
  ]);
});

it('the development values written in this repository are refused, as if unset', () => {
  expect(
    named({
      ...READY,
      ENCRYPTION_KEY: DEV_ENCRYPTION_KEY,
      WHATSAPP_APP_SECRET: 'flux-dev-app-secret',
      WHATSAPP_VERIFY_TOKEN: 'flux-dev-verify-token',
      APP_ORIGIN: 'https://app.example.com,http://localhost:5173',
      DATABASE_URL: '  ',
    }),
  ).toEqual([
    'DATABASE_URL',
    'ENCRYPTION_KEY',
    'WHATSAPP_APP_SECRET',
    'WHATSAPP_VERIFY_TOKEN',
    'APP_ORIGIN',
  ]);
});

it('the sandbox, the demo seed, no sign-in limits, the development sender and a short metrics token are refused', () => {
  expect(
    named({
      ...READY,
      WHATSAPP_SANDBOX: 'true',
      SEED_DEMO: '1',
      RATE_LIMIT: 'false',
      METRICS_TOKEN: 'short',
      SMTP_URL: 'smtp://user:password@smtp.example.com:587',
    }),
  ).toEqual(['WHATSAPP_SANDBOX', 'SEED_DEMO', 'RATE_LIMIT', 'MAIL_FROM', 'METRICS_TOKEN']);
});

it('ENCRYPTION_KEY_PREVIOUS: old keys, comma-separated, each checked; the development key refused in production', () => {
  const old = 'b2xkLWtleS1vZi1hLXJvdGF0aW9uLTMyLWJ5dGVzISE=';
  const hex = 'ab'.repeat(32);
  expect(defineEnv(dbEnvShape, { ENCRYPTION_KEY_PREVIOUS: ` ${old} ,${hex},` })).toMatchObject({
    ENCRYPTION_KEY_PREVIOUS: [old, hex],
  });
  expect(defineEnv(dbEnvShape, {}).ENCRYPTION_KEY_PREVIOUS).toEqual([]);
  expect(() => defineEnv(dbEnvShape, { ENCRYPTION_KEY_PREVIOUS: `${old},too-short` })).toThrow(
    /ENCRYPTION_KEY_PREVIOUS: expected keys of 32 bytes/,
  );
  expect(() => defineEnv(dbEnvShape, { ENCRYPTION_KEY: 'too-short' })).toThrow(
    /ENCRYPTION_KEY: expected 32 bytes/,
  );
  expect(productionProblems({ ...READY, ENCRYPTION_KEY_PREVIOUS: old })).toEqual([]);
  expect(named({ ...READY, ENCRYPTION_KEY_PREVIOUS: `${old}, ${DEV_ENCRYPTION_KEY}` })).toEqual([
    'ENCRYPTION_KEY_PREVIOUS',
  ]);
});

/** Read by Vite when the dashboard is built, not by any env.ts. */
const BUILD_TIME = ['VITE_MAP_TILE_URL', 'VITE_MAP_TILE_ATTRIBUTION'];

it('.env.example lists every variable the env.ts files declare, and no other', () => {
  // Imported for their declarations: the server's, the API layer's, the database layer's.
  expect([serverEnv, apiEnv, dbEnv].every(Boolean)).toBe(true);
  const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
  const listed = new Set(
    [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1] ?? ''),
  );
  const declared = [...declaredVariables].sort();
  expect(declared.length).toBeGreaterThan(40);
  expect(declared.filter((name) => !listed.has(name))).toEqual([]);
  expect(
    [...listed].filter((name) => !declaredVariables.has(name) && !BUILD_TIME.includes(name)),
  ).toEqual([]);
});

it('docs/configuration.md explains every declared variable', () => {
  const docs = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
  expect([...declaredVariables].filter((name) => !docs.includes(`\`${name}\``))).toEqual([]);
});

it('Web Push: off without keys; the development pair, half a pair or no contact is refused', () => {
  const mine = {
    VAPID_PUBLIC_KEY:
      'BOtmz2RGUc3-tn_Gk-UmdAbAPDXq2lIxZQjZE8PjSvKoGEsy5HPzGj5XJNNzdH3epDZW6SeMxH_3xiMg1hQOi64',
    VAPID_PRIVATE_KEY: 'LKWBcQWrJqYr5t1TlznUtvCSkQnVR_52rT27vtvKS8E',
    VAPID_SUBJECT: 'mailto:ops@fluxasync.example',
  };
  expect(productionProblems({ ...READY, ...mine })).toEqual([]);
  expect(named({ ...READY, ...mine, VAPID_PRIVATE_KEY: DEV_VAPID_KEYS.privateKey })).toEqual([
    'VAPID_PRIVATE_KEY',
  ]);
  expect(
    named({ ...READY, VAPID_PUBLIC_KEY: mine.VAPID_PUBLIC_KEY, VAPID_SUBJECT: mine.VAPID_SUBJECT }),
  ).toEqual(['VAPID_PRIVATE_KEY']);
  expect(named({ ...READY, ...mine, VAPID_SUBJECT: '' })).toEqual(['VAPID_SUBJECT']);
  // Without keys, production has no Web Push; elsewhere the development pair stands in.
  const base = {
    VAPID_PUBLIC_KEY: undefined,
    VAPID_PRIVATE_KEY: undefined,
    VAPID_SUBJECT: 'mailto:x@y.z',
  };
  expect(vapidConfig({ ...base, NODE_ENV: 'production' })).toBeNull();
  expect(vapidConfig({ ...base, NODE_ENV: 'development' })?.publicKey).toBe(
    DEV_VAPID_KEYS.publicKey,
  );
});
