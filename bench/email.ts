// Gmail (issue 20), in two parts, on one fresh database.
// 1. The initial import: BENCH_EMAILS messages (10,000 by default, each with an attachment to list)
//    in a mailbox of the local Google fake, imported by the real sync (`syncGmailAccount`: list
//    pages, fetch raw, parse MIME, store once each, link senders) in this process. Prints emails
//    per second and memory (peak RSS and heap, sampled every 50 ms), and beside it, in the same run,
//    the floor: the same Gmail client and MIME parser fetching and parsing every message at the
//    same concurrency, with no database and no claim (before and after the sync: cold and warm).
// 2. Push to visible in the inbox (bench/email-push.ts): the real server in its own process, a
//    signed-in dashboard tab on its live events, BENCH_INCREMENTAL_ROUNDS rounds (50) of one new
//    email and Gmail's push, timed from the push's send to the live event and to the inbox query
//    showing the email, beside the push's round trip + one inbox query.
// Run: pnpm bench:email   (BENCH_EMAILS=10000, BENCH_INCREMENTAL_ROUNDS=50; DATABASE_URL: a server
// where a database of its own is created, and dropped at the end or on Ctrl-C / SIGTERM; unset: the
// embedded PostgreSQL)
import { randomUUID } from 'node:crypto';
import { syncGmailAccount } from '@flux/api/services/email';
import { openDatabase, schema } from '@flux/db';
import { hashPassword } from '@flux/db/password';
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
import { loadAverage, pushToVisible } from './email-push';
import { undoneOnInterrupt } from './interrupt';

const EMAILS = Number(process.env.BENCH_EMAILS ?? 10_000);
/** The sync's own fetch concurrency (services/email/sync.ts). */
const CONCURRENCY = 8;
const ADDRESS = 'bench@boutique.test';
const PASSWORD = 'bench-password-1';
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

/** A database of the bench's own on DATABASE_URL's server, dropped at the end or on Ctrl-C. */
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
    drop: undoneOnInterrupt(async () => {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    }),
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

/** Part 1: the import in this process; the floor before and after it. */
async function initialImport(db: Awaited<ReturnType<typeof openDatabase>>['db']) {
  const floorBefore = await floor();
  const [user] = await db
    .insert(schema.users)
    .values({
      email: `bench-${randomUUID()}@flux.test`,
      name: 'Bench',
      passwordHash: await hashPassword(PASSWORD),
    })
    .returning();
  const [business] = await db
    .insert(schema.businesses)
    .values({ name: 'Bench', slug: `bench-${randomUUID()}`, currency: 'XOF', country: 'SN' })
    .returning();
  if (!user || !business) throw new Error('bench: setup failed');
  await db
    .insert(schema.memberships)
    .values({ businessId: business.id, userId: user.id, role: 'owner' });
  const [account] = await db
    .insert(schema.emailAccounts)
    .values({
      businessId: business.id,
      userId: user.id,
      shared: true,
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
    // Nor is a worker: the 10,000 triages are not what this part measures.
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
  const floorAfter = await floor();
  console.log(
    `email import: ${EMAILS} messages in the fake mailbox, fetch concurrency ${CONCURRENCY} (load average ${loadAverage()})`,
  );
  console.log(
    `  sync (real):  ${stored?.count} stored (${stored?.distinct} distinct) in ${seconds.toFixed(1)} s over ${runs} run(s): ${Math.round((stored?.count ?? 0) / seconds)} emails/s; peak RSS ${mem.rssMb} MB, heap ${mem.heapMb} MB`,
  );
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
  return { email: user.email, accountId: account.id };
}

const target = await freshDatabase();
// On Ctrl-C the latest registered step runs first: the server (email-push.ts) stops, this pool
// closes (and an embedded PostgreSQL stops), then the database is dropped.
const database = await openDatabase({
  migrate: true,
  ...(target.url ? { url: target.url } : {}),
}).catch(async (error) => {
  await target.drop();
  throw error;
});
const closeDatabase = undoneOnInterrupt(() => database.close());
try {
  const login = await initialImport(database.db);
  await pushToVisible({
    google,
    address: ADDRESS,
    databaseUrl: database.url,
    login: { ...login, password: PASSWORD },
    message: benchMessage,
    firstNew: EMAILS,
    rounds: INCREMENTAL_ROUNDS,
  });
} finally {
  await closeDatabase();
  await target.drop();
  await google.close();
}
