// Gmail's initial import (issue 20): BENCH_EMAILS messages (10,000 by default, each with an
// attachment to list) in a mailbox of the local Google fake, imported by the real sync
// (`syncGmailAccount`: list pages, fetch raw, parse MIME, store once each, link senders) into a
// fresh database. Prints emails per second and memory (peak RSS and heap, sampled every 50 ms),
// and beside it, in the same run, the floor: the same Gmail client and MIME parser fetching and
// parsing every message at the same concurrency, with no database and no claim.
// Run: pnpm bench:email   (BENCH_EMAILS=10000; DATABASE_URL: a server where a database of its
// own is created and dropped; unset: the embedded PostgreSQL)
import { randomUUID } from 'node:crypto';
import { syncGmailAccount } from '@flux/api/services/email';
import { openDatabase, schema } from '@flux/db';
import {
  createGmailClient,
  createGoogleOAuth,
  parseEmail,
  rfc822,
  startFakeGoogle,
} from '@flux/integrations';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import pino from 'pino';

const EMAILS = Number(process.env.BENCH_EMAILS ?? 10_000);
/** The sync's own fetch concurrency (services/email/sync.ts). */
const CONCURRENCY = 8;
const ADDRESS = 'bench@boutique.test';
const INCREMENTAL_ROUNDS = Number(process.env.BENCH_INCREMENTAL_ROUNDS ?? 50);

function sampler() {
  let rss = 0;
  let heap = 0;
  const timer = setInterval(() => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      return { rssMb: Math.round(rss / 1e6), heapMb: Math.round(heap / 1e6) };
    },
  };
}

/** A message with an HTML part, a text part and a PDF attachment (listed, not stored). */
function benchMessage(n: number) {
  const boundary = `b${n}`;
  return rfc822({
    from: `Client ${n % 500} <client${n % 500}@example.test>`,
    to: ADDRESS,
    subject: `Commande ${n}`,
    body: [
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Bonjour, je voudrais ${n % 7} pagnes wax. Merci.`,
      `--${boundary}`,
      'Content-Type: application/pdf; name="bon.pdf"',
      'Content-Disposition: attachment; filename="bon.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.alloc(2048, n % 256).toString('base64'),
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  });
}

async function freshDatabase() {
  const server = process.env.DATABASE_URL;
  if (!server) return { url: undefined, drop: async () => {} };
  const name = `flux_bench_email_${process.pid}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

const google = await startFakeGoogle();
google.addMailbox(ADDRESS);
const now = Date.now();
for (let n = 0; n < EMAILS; n++) {
  google.deliver(ADDRESS, benchMessage(n), { internalDate: now - n * 60_000 });
}
const verifier = randomUUID() + randomUUID();
const oauth = createGoogleOAuth({
  clientId: 'bench',
  clientSecret: 'bench',
  redirectUri: 'http://localhost/cb',
  endpoints: google.endpoints,
});
const consent = await fetch(
  oauth.authorizationUrl({ state: 's', codeVerifier: verifier, loginHint: ADDRESS }),
  { redirect: 'manual' },
);
const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code') ?? '';
const tokens = await oauth.exchangeCode(code, verifier);

// The floor: fetch + parse of every message, same client, same concurrency, nothing stored.
// Measured before and after the sync (a cold and a warm process): on a shared machine the two
// often differ more than the sync does from either.
const gmail = createGmailClient({ baseUrl: google.url, accessToken: tokens.accessToken });
async function floor() {
  const memory = sampler();
  const start = performance.now();
  let pageToken: string | undefined;
  let count = 0;
  do {
    const page = await gmail.listMessages({
      q: 'after:0',
      maxResults: 100,
      ...(pageToken ? { pageToken } : {}),
    });
    const ids = (page.messages ?? []).map((m) => m.id);
    for (let i = 0; i < ids.length; i += CONCURRENCY) {
      await Promise.all(
        ids.slice(i, i + CONCURRENCY).map(async (id) => {
          const message = await gmail.getRawMessage(id);
          await parseEmail(Buffer.from(message.raw, 'base64url'));
          count += 1;
        }),
      );
    }
    pageToken = page.nextPageToken;
  } while (pageToken);
  return { count, seconds: (performance.now() - start) / 1000, ...memory.stop() };
}
const floorBefore = await floor();

const target = await freshDatabase();
const database = await openDatabase({ migrate: true, ...(target.url ? { url: target.url } : {}) });
try {
  const db = database.db;
  const [user] = await db
    .insert(schema.users)
    .values({ email: `bench-${randomUUID()}@flux.test`, name: 'Bench', passwordHash: 'x' })
    .returning();
  const [business] = await db
    .insert(schema.businesses)
    .values({ name: 'Bench', slug: `bench-${randomUUID()}`, currency: 'XOF', country: 'SN' })
    .returning();
  if (!user || !business) throw new Error('bench: setup failed');
  const [account] = await db
    .insert(schema.emailAccounts)
    .values({
      businessId: business.id,
      userId: user.id,
      provider: 'gmail',
      address: ADDRESS,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      tokenExpiresAt: tokens.expiresAt,
      importDays: 365,
    })
    .returning();
  if (!account) throw new Error('bench: no account');
  const services = {
    db,
    log: pino({ level: 'warn' }),
    // The inbox is not watching: the sync's live events go nowhere.
    live: { publish: async () => {} },
    jobs: {
      send: async () => null,
      sendMany: async () => {},
      attach() {},
      retry: async () => {},
    },
    email: {
      importDays: 365,
      callTimeoutMs: 15_000,
      google: {
        clientId: 'bench',
        clientSecret: 'bench',
        redirectUri: 'http://localhost/cb',
        endpoints: google.endpoints,
        gmailApiBaseUrl: google.url,
        pubsubTopic: null,
        push: null,
      },
    },
  };
  const memory = sampler();
  const start = performance.now();
  let runs = 0;
  for (;;) {
    runs += 1;
    const outcome = await syncGmailAccount(services, {
      businessId: business.id,
      accountId: account.id,
    });
    if (outcome.status !== 'synced') throw new Error(`bench: sync ${outcome.status}`);
    if (!outcome.more) break;
  }
  const seconds = (performance.now() - start) / 1000;
  const mem = memory.stop();
  const [stored] = await db
    .select({
      count: sql<number>`count(*)::int`,
      distinct: sql<number>`count(distinct provider_message_id)::int`,
    })
    .from(schema.emails)
    .where(eq(schema.emails.emailAccountId, account.id));
  console.log(
    `email import: ${EMAILS} messages in the fake mailbox, fetch concurrency ${CONCURRENCY}`,
  );
  console.log(
    `  sync (real):  ${stored?.count} stored (${stored?.distinct} distinct) in ${seconds.toFixed(1)} s over ${runs} run(s): ${Math.round((stored?.count ?? 0) / seconds)} emails/s; peak RSS ${mem.rssMb} MB, heap ${mem.heapMb} MB`,
  );
  // Incremental: one new email, then the sync a push enqueues (history.list, one fetch, one
  // insert), timed from the delivery to the row being readable; INCREMENTAL_ROUNDS times.
  const latencies: number[] = [];
  for (let round = 0; round < INCREMENTAL_ROUNDS; round++) {
    const delivered = google.deliver(ADDRESS, benchMessage(EMAILS + round));
    const t0 = performance.now();
    await syncGmailAccount(services, { businessId: business.id, accountId: account.id });
    const [row] = await db
      .select({ id: schema.emails.id })
      .from(schema.emails)
      .where(eq(schema.emails.providerMessageId, delivered.id));
    if (!row) throw new Error('bench: the new email was not stored');
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  console.log(
    `  incremental:  ${INCREMENTAL_ROUNDS} single new emails, sync to stored: p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms (pg-boss's pickup after a push, NOTIFY-woken, not included)`,
  );
  const floorAfter = await floor();
  for (const [label, run] of [
    ['floor before', floorBefore],
    ['floor after', floorAfter],
  ] as const) {
    console.log(
      `  ${`${label}:`.padEnd(14)}${run.count} fetched + parsed in ${run.seconds.toFixed(1)} s: ${Math.round(run.count / run.seconds)} emails/s; peak RSS ${run.rssMb} MB, heap ${run.heapMb} MB`,
    );
  }
  const best = Math.min(floorBefore.seconds, floorAfter.seconds);
  console.log(`  sync / best floor: ${(seconds / best).toFixed(2)}x the time`);
  if (stored?.count !== EMAILS || stored?.distinct !== EMAILS) {
    throw new Error(`bench: expected ${EMAILS} emails once each`);
  }
} finally {
  await database.close();
  await target.drop();
  await google.close();
}
