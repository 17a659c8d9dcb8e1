// Signed WhatsApp webhook POSTs over HTTP at concurrency 64: acknowledged requests/s and p50/p99,
// then the time until every acknowledged message is in `messages` (the worker draining the
// backlog). Beside it, in the same run, the floor: a bare node:http handler doing the same HMAC
// check and one INSERT.
// Run: pnpm bench:webhooks   (BENCH_SECONDS=30, BENCH_CLIENTS=64; DATABASE_URL or embedded)
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { openDatabase, schema } from '@flux/db';
import {
  signWebhook,
  textMessage,
  verifyWebhookSignature,
  webhookPayload,
} from '@flux/integrations';
import { eq } from 'drizzle-orm';
import pg from 'pg';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
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
      settings: schema.defaultBusinessSettings,
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

const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  cwd: fileURLToPath(new URL('../apps/server', import.meta.url)),
  env: {
    ...process.env,
    DATABASE_URL: database.url,
    PORT: '0',
    HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    RUN_WORKER: 'true',
    LOG_LEVEL: 'warn',
    WHATSAPP_APP_SECRET: SECRET,
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const base = await new Promise<string>((resolve, reject) => {
  let output = '';
  server.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const match = /running at (http:\/\/\S+)/.exec(output);
    if (match?.[1]) resolve(match[1]);
  });
  server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
});

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

async function load(name: string, url: string) {
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      while (performance.now() < deadline) {
        sent += 1;
        const from = `22177${String(1_000_000 + ((client * 7919 + sent) % 1000)).slice(-7)}`;
        const body = JSON.stringify(
          webhookPayload({
            phoneNumberId: PHONE_NUMBER_ID,
            messages: [textMessage(from, `Message ${sent}`)],
          }),
        );
        const t0 = performance.now();
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-hub-signature-256': signWebhook(body, SECRET),
          },
          body,
        }).catch(() => null);
        if (response?.status === 200) latencies.push(performance.now() - t0);
        else errors += 1;
        await response?.arrayBuffer();
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    name,
    acknowledged: latencies.length,
    errors,
    perSecond: Math.round(latencies.length / wall),
    p50: +pct(0.5).toFixed(1),
    p99: +pct(0.99).toFixed(1),
  };
}

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
  const loadStarted = performance.now();
  const fluxResult = await load('FluxAsync POST /webhooks/whatsapp', `${base}/webhooks/whatsapp`);
  const loadEnded = performance.now();
  let stored = await count();
  const target = before + fluxResult.acknowledged;
  while (stored < target && performance.now() - loadEnded < 300_000) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    stored = await count();
  }
  const drainedAt = performance.now();
  const floorResult = await load('floor: node:http + HMAC + one INSERT', floorUrl);

  console.log(
    `\nFluxAsync webhook bench — ${database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}, Node ${process.version}, ${CLIENTS} clients, ${SECONDS} s each`,
  );
  console.table([fluxResult, floorResult]);
  const lost = target - stored;
  console.log(
    `acknowledged ${fluxResult.acknowledged} messages; all in \`messages\` ${((drainedAt - loadEnded) / 1000).toFixed(1)} s after the load ended ` +
      `(${Math.round(fluxResult.acknowledged / ((drainedAt - loadStarted) / 1000))} messages/s from first POST to fully drained); lost: ${lost}`,
  );
  console.log(
    `FluxAsync vs floor: throughput ${(fluxResult.perSecond / floorResult.perSecond).toFixed(2)}x, p99 ${fluxResult.p99} ms vs ${floorResult.p99} ms`,
  );
} finally {
  floor.close();
  await pool.query('drop table if exists bench_floor');
  await pool.end();
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await database.close();
}
