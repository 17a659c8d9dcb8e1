// Signed WhatsApp webhook POSTs over HTTP at concurrency 64: acknowledged requests/s and p50/p99,
// then the time until every acknowledged message is in `messages` (the worker draining the
// backlog). Beside it, in the same run, the floor: a bare node:http handler doing the same HMAC
// check and one INSERT.
// Run: pnpm bench:webhooks   (BENCH_SECONDS=30 measured after BENCH_WARMUP_SECONDS=3, BENCH_CLIENTS=64;
// DATABASE_URL or embedded; BENCH_TRACE=1: latencies second by second)
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase, schema } from '@flux/db';
import {
  signWebhook,
  textMessage,
  verifyWebhookSignature,
  webhookPayload,
} from '@flux/integrations';
import { spawnApp } from '@flux/server/testing/process';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { httpClient, spawnServer, timedLoad } from './lib';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const SECRET = 'flux-dev-app-secret';
const PHONE_NUMBER_ID = '900000000000001';

const database = await openDatabase({ migrate: true });
const pool = new pg.Pool({ connectionString: database.url, max: 10 });

// The business the webhooks are for.
let [business] = await database.db
  .select()
  .from(schema.businesses)
  .where(eq(schema.businesses.slug, 'bench-webhooks'));
if (!business) {
  [business] = await database.db
    .insert(schema.businesses)
    .values({
      name: 'Bench webhooks',
      slug: 'bench-webhooks',
      country: 'SN',
      currency: 'XOF',
      // The AI (on by default) has its own bench; here it would analyse the bench's 1,000
      // conversations with the local analyzer in the same processes.
      settings: { ...schema.defaultBusinessSettings, aiEnabled: false },
    })
    .returning();
  await database.db.insert(schema.whatsappAccounts).values({
    businessId: business?.id ?? '',
    phoneNumberId: PHONE_NUMBER_ID,
    wabaId: '1',
    displayPhoneNumber: '+221 77 000 00 00',
    accessToken: 'bench',
  });
}
const businessId = business?.id ?? '';
await database.db
  .update(schema.businesses)
  .set({
    settings: { ...(business?.settings ?? schema.defaultBusinessSettings), aiEnabled: false },
  })
  .where(eq(schema.businesses.id, businessId));

// Each run leaves its events processed, and the conversations and prospects rewritten, in dead
// row versions; where autovacuum is off (CI's PostgreSQL) they would pile up from run to run.
await pool.query('vacuum analyze webhook_events, messages, conversations, prospects');

// The worker: in the server process (`inline`, the default deployment), as its own process
// (`process`, `pnpm worker`, how it scales), or started once the load is over (`after`: the
// backlog's drain rate alone).
const WORKER = process.env.BENCH_WORKER ?? 'inline';
const serverEnv = {
  DATABASE_URL: database.url,
  WHATSAPP_APP_SECRET: SECRET,
  WHATSAPP_SANDBOX: 'false',
  LOG_LEVEL: 'info', // as in production
};
const profile = (name: string) =>
  process.env.BENCH_CPU_PROF
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`,
        `--cpu-prof-name=${name}.cpuprofile`,
      ]
    : [];
const server = await spawnServer(
  { ...serverEnv, RUN_WORKER: WORKER === 'inline' ? 'true' : 'false' },
  profile('server'),
);
const startWorker = () =>
  spawnApp({
    mode: 'worker',
    env: { ...serverEnv, LOG_LEVEL: 'warn' },
    nodeArgs: profile('worker'),
    stderr: 'inherit',
  });
let worker = WORKER === 'process' ? startWorker() : undefined;
const base = server.base;

// The floor: HMAC check and one INSERT, nothing else.
await pool.query(
  'create table if not exists bench_floor (id bigserial primary key, payload jsonb not null, received_at timestamptz default now())',
);
const floor = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', async () => {
    const raw = Buffer.concat(chunks);
    if (
      !verifyWebhookSignature(raw, req.headers['x-hub-signature-256'] as string | undefined, SECRET)
    ) {
      res.writeHead(401).end();
      return;
    }
    try {
      await pool.query('insert into bench_floor (payload) values ($1)', [raw.toString('utf8')]);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
    } catch {
      res.writeHead(503).end();
    }
  });
});
await new Promise<void>((resolve) => floor.listen(0, '127.0.0.1', resolve));
const floorUrl = `http://127.0.0.1:${(floor.address() as AddressInfo).port}/webhooks/whatsapp`;

const http = httpClient(CLIENTS);
let sent = 0;
function load(name: string, url: string) {
  return timedLoad(
    name,
    SECONDS,
    CLIENTS,
    async (client) => {
      sent += 1;
      const from = `22177${String(1_000_000 + ((client * 7919 + sent) % 1000)).slice(-7)}`;
      const body = JSON.stringify(
        webhookPayload({
          phoneNumberId: PHONE_NUMBER_ID,
          messages: [textMessage(from, `Message ${sent}`)],
        }),
      );
      const status = await http.post(url, body, {
        'content-type': 'application/json',
        'x-hub-signature-256': signWebhook(body, SECRET),
      });
      return status === 200;
    },
    { warmupSeconds: WARMUP },
  );
}

/** Transactions committed in the database so far (every statement outside BEGIN is one). */
const commits = async () =>
  Number(
    (
      await pool.query(
        'select xact_commit::bigint as n from pg_stat_database where datname = current_database()',
      )
    ).rows[0]?.n ?? 0,
  );

const count = async () =>
  Number(
    (
      await pool.query('select count(*)::int as n from messages where business_id = $1', [
        businessId,
      ])
    ).rows[0]?.n ?? 0,
  );

try {
  const before = await count();
  const commitsBefore = await commits();
  const loadStarted = performance.now();
  const fluxResult = await load('FluxAsync POST /webhooks/whatsapp', `${base}/webhooks/whatsapp`);
  const loadEnded = performance.now();
  let stored = await count();
  const backlog = before + fluxResult.succeeded - stored;
  if (WORKER === 'after') worker = startWorker();
  const target = before + fluxResult.succeeded;
  while (stored < target && performance.now() - loadEnded < 300_000) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    stored = await count();
  }
  const drainedAt = performance.now();
  // pg_stat_database is updated by each backend at most every ~second.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const fluxCommits = (await commits()) - commitsBefore;
  const floorResult = await load('floor: node:http + HMAC + one INSERT', floorUrl);

  console.log(
    `\nFluxAsync webhook bench — ${database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}, Node ${process.version}, ${CLIENTS} clients, ${SECONDS} s each after ${WARMUP} s of warm-up, worker ${WORKER === 'process' ? 'in its own process' : 'in the server process'}`,
  );
  console.table([fluxResult, floorResult]);
  // A call that failed on the client's side may still have been stored: then `stored` passes
  // `target` and what is lost cannot be told from the counts.
  const lost =
    fluxResult.errors > 0 ? `unknown (${fluxResult.errors} calls failed)` : target - stored;
  console.log(
    `acknowledged ${fluxResult.succeeded} messages (warm-up included); all in \`messages\` ${((drainedAt - loadEnded) / 1000).toFixed(1)} s after the load ended ` +
      `(${Math.round(fluxResult.succeeded / ((drainedAt - loadStarted) / 1000))} messages/s from first POST to fully drained); lost: ${lost}`,
  );
  console.log(
    `FluxAsync vs floor: throughput ${(fluxResult.perSecond / floorResult.perSecond).toFixed(2)}x, p99 ${fluxResult.p99} ms vs ${floorResult.p99} ms`,
  );
  console.log(
    `backlog when the load ended: ${backlog} messages, drained at ${Math.round(backlog / ((drainedAt - loadEnded) / 1000))} messages/s${WORKER === 'after' ? ' (worker start-up included)' : ''}`,
  );
  console.log(
    `database transactions per acknowledged webhook, ingest included: ${(fluxCommits / Math.max(1, fluxResult.succeeded)).toFixed(2)}`,
  );
} finally {
  http.close();
  floor.close();
  await pool.query('drop table if exists bench_floor');
  await pool.end();
  await server.stop();
  await worker?.stop();
  await database.close();
}
