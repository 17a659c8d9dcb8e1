// Notifications under a burst (issue 16): 10,000 orders confirmed at once across 50 businesses
// through the real `transitionOrder` (each commits its order.confirmed notification and its
// `notifications.send` job), plus courier pushes and team emails fired beside them through
// `notify()`. The pg-boss workers run in a worker process of their own (this file with `worker`),
// built like the server's with the REAL WhatsApp, Africa's Talking, Twilio, SMTP and Expo clients
// pointed at the local fakes, which run here, in the bench's process, and stamp each message
// they receive. Customers: a third with an open 24 h window (session text), the rest a template;
// one in ten not on WhatsApp (the fake Graph answers 131026: the SMS fallback goes); one
// business in ten sends customers SMS only. Reports messages received per second overall, per
// provider and per WhatsApp number against the providers' limits, event commit → provider
// reception p50/p95/p99, and checks from the fakes' logs and the notifications table that every
// expected message was received exactly once. Beside it, in the same run, the floor: the same
// clients calling fresh fakes directly at the same concurrency (no database, no jobs).
// Run: pnpm bench:notify   (BENCH_EVENTS=10000 order events, BENCH_BUSINESSES=50,
// BENCH_PUSH_EVENTS=500, BENCH_EMAIL_EVENTS=200, BENCH_CLIENTS=20 concurrent transitions;
// DATABASE_URL or embedded; a fresh database gives comparable figures)
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createAppServices, startJobs } from '@flux/api';
import { notify } from '@flux/api/services/notifications';
import { notificationProviders } from '@flux/api/services/notifications/providers';
import { transitionOrder } from '@flux/api/services/orders';
import { openDatabase, schema } from '@flux/db';
import {
  createAfricasTalkingSms,
  createExpoPush,
  createMailer,
  createTwilioSms,
  createWhatsappClient,
  FAKE_AFRICASTALKING,
  FAKE_TWILIO,
  startFakeGraph,
  startFakePush,
  startFakeSms,
  startFakeSmtp,
} from '@flux/integrations';
import { sql } from 'drizzle-orm';
import pino from 'pino';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const BUSINESSES = Number(process.env.BENCH_BUSINESSES ?? 50);
const PUSH_EVENTS = Number(process.env.BENCH_PUSH_EVENTS ?? 500);
const EMAIL_EVENTS = Number(process.env.BENCH_EMAIL_EVENTS ?? 200);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
/** The floor's calls in flight: what one worker process has (notifications.send: 10 × 2). */
const FLOOR_CONCURRENCY = 20;
const FLOOR_SECONDS = Number(process.env.BENCH_FLOOR_SECONDS ?? 5);
const DEADLINE_MS = 600_000;
const PRODUCTS = 5;
const TOKEN = 'EAAG-bench-notify';

interface FakeUrls {
  graph: string;
  sms: string;
  smtp: { host: string; port: number };
  push: string;
}

/** Wall-clock ms with sub-ms precision, comparable between the bench's processes. */
const wallNow = () => performance.timeOrigin + performance.now();

if (process.argv[2] === 'worker') await runWorker();
else await runBench();

/** The worker process: the app's services with the real provider clients, every queue worked. */
async function runWorker() {
  const fakes = JSON.parse(process.env.BENCH_NOTIFY_FAKES ?? '{}') as FakeUrls;
  const database = await openDatabase();
  const { services, close } = createAppServices({
    db: database.db,
    log: pino({ level: 'warn' }),
    redisUrl: undefined,
    whatsappApiBaseUrl: fakes.graph,
    notificationProviders: notificationProviders({
      smtp: { ...fakes.smtp, secure: false, from: 'FluxAsync <notify@flux.test>' },
      expo: { baseUrl: fakes.push },
      sms: { africastalkingBaseUrl: fakes.sms, twilioBaseUrl: fakes.sms },
      publicUrl: 'http://127.0.0.1:3000',
      timeoutMs: 10_000,
    }),
  });
  const runner = await startJobs(database.url, services, { work: true, schedule: false });
  console.log('notify worker ready');
  process.once('SIGTERM', async () => {
    await runner.stop();
    await close();
    await database.close();
    process.exit(0);
  });
}

async function runBench() {
  const started = { load: loadavg() };
  const database = await openDatabase({ migrate: true, poolMax: CLIENTS + 5 });
  const { db } = database;
  const { services, close } = createAppServices({
    db,
    log: pino({ level: 'warn' }),
    redisUrl: undefined,
  });
  // This process only enqueues (in the events' transactions); the worker process works.
  const enqueuer = await startJobs(database.url, services, { work: false, schedule: false });

  const graph = await startFakeGraph();
  const sms = await startFakeSms();
  const smtp = await startFakeSmtp();
  const push = await startFakePush();
  // When each message reached its fake: stamped as the fake appends it to its log.
  const arrivals = new Map<object, number>();
  const stamp = <T extends object>(log: T[]) => {
    log.push = (...items: T[]) => {
      for (const item of items) arrivals.set(item, wallNow());
      return Array.prototype.push.apply(log, items);
    };
  };
  stamp(graph.sent);
  stamp(sms.received);
  stamp(smtp.messages);
  stamp(push.received);

  // Setup, not measured.
  const run = Date.now();
  const businesses = await db
    .insert(schema.businesses)
    .values(
      Array.from({ length: BUSINESSES }, (_, b) => ({
        name: `Bench notify ${b}`,
        slug: `bench-notify-${run}-${b}`,
        country: 'SN',
        currency: 'XOF' as const,
        orderCounter: Math.ceil(EVENTS / BUSINESSES),
        settings: {
          ...schema.defaultBusinessSettings,
          aiEnabled: false,
          // No quiet hours: the bench's figures must not depend on the hour it runs at.
          notifications: {
            customer: {
              events: {},
              channels: b % 10 === 9 ? ['sms' as const] : ['whatsapp' as const, 'sms' as const],
            },
            quietHours: null,
          },
        },
      })),
    )
    .returning({ id: schema.businesses.id });
  const owners = await db
    .insert(schema.users)
    .values(
      businesses.map((_, b) => ({
        email: `bench-notify-${run}-${b}@example.test`,
        passwordHash: 'not-a-login',
        name: `Owner ${b}`,
      })),
    )
    .returning({ id: schema.users.id });
  await db.insert(schema.memberships).values(
    businesses.map((business, b) => ({
      businessId: business.id,
      userId: owners[b]?.id ?? '',
      role: 'owner' as const,
    })),
  );
  const phoneNumberIds = businesses.map((_, b) => `${String(run).slice(-9)}${100 + b}`);
  for (const phoneNumberId of phoneNumberIds) {
    graph.addNumber({
      phoneNumberId,
      displayPhoneNumber: `+221 77 ${phoneNumberId.slice(-6)}`,
      verifiedName: 'Bench',
      accessToken: TOKEN,
    });
  }
  await db.insert(schema.whatsappAccounts).values(
    businesses.map((business, b) => ({
      businessId: business.id,
      phoneNumberId: phoneNumberIds[b] ?? '',
      wabaId: '102290129340398',
      displayPhoneNumber: `+221 77 ${(phoneNumberIds[b] ?? '').slice(-6)}`,
      accessToken: TOKEN,
    })),
  );
  // Half the businesses on Africa's Talking, half on Twilio (SMS-only ones on both).
  await db.insert(schema.smsAccounts).values(
    businesses.map((business, b) =>
      b % 4 < 2
        ? {
            businessId: business.id,
            provider: 'africastalking' as const,
            accountId: FAKE_AFRICASTALKING.username,
            apiKey: FAKE_AFRICASTALKING.apiKey,
            senderId: 'FLUX',
            callbackSecret: 'bench',
          }
        : {
            businessId: business.id,
            provider: 'twilio' as const,
            accountId: FAKE_TWILIO.accountSid,
            apiKey: FAKE_TWILIO.authToken,
            senderId: '+15005550006',
            callbackSecret: 'bench',
          },
    ),
  );
  // Couriers with the app (a push token), one push event each.
  const couriers = await db
    .insert(schema.couriers)
    .values(
      Array.from({ length: PUSH_EVENTS }, (_, i) => ({
        businessId: businesses[i % BUSINESSES]?.id ?? '',
        name: `Courier ${i}`,
        phone: `+22178${String(i).padStart(7, '0')}`,
        vehicle: 'motorbike' as const,
        pushToken: `ExponentPushToken[bench-${run}-${i}]`,
      })),
    )
    .returning({ id: schema.couriers.id, businessId: schema.couriers.businessId });
  const products = await db
    .insert(schema.products)
    .values(
      businesses.flatMap((business) =>
        Array.from({ length: PRODUCTS }, (_, p) => ({
          businessId: business.id,
          sku: `NT-${p}`,
          name: `Produit ${p}`,
          price: 5_000,
          currency: 'XOF' as const,
          stock: 1_000_000,
        })),
      ),
    )
    .returning({
      id: schema.products.id,
      businessId: schema.products.businessId,
      name: schema.products.name,
    });
  // One customer per order, each with a phone of their own: a message's recipient names its order.
  const customers = Array.from({ length: EVENTS }, (_, i) => {
    // Counted within the business: each business gets its share of each kind of customer.
    const k = Math.floor(i / BUSINESSES);
    return {
      i,
      businessIndex: i % BUSINESSES,
      phone: `+22176${String(i).padStart(7, '0')}`,
      windowOpen: k % 3 === 0,
      onWhatsapp: k % 10 !== 3,
    };
  });
  const prospects: { id: string; businessId: string }[] = [];
  const CHUNK = 2_000; // under PostgreSQL's 65,535 parameters a statement
  for (let at = 0; at < customers.length; at += CHUNK) {
    prospects.push(
      ...(await db
        .insert(schema.prospects)
        .values(
          customers.slice(at, at + CHUNK).map((customer) => ({
            businessId: businesses[customer.businessIndex]?.id ?? '',
            phone: customer.phone,
            waId: customer.phone.slice(1),
            name: `Client ${customer.i}`,
          })),
        )
        .returning({ id: schema.prospects.id, businessId: schema.prospects.businessId })),
    );
  }
  for (const customer of customers) {
    if (!customer.onWhatsapp) graph.addUndeliverable(customer.phone);
  }
  const windowEndsAt = new Date(Date.now() + 20 * 3_600_000);
  const withWindow = customers.filter((customer) => customer.windowOpen);
  for (let at = 0; at < withWindow.length; at += CHUNK) {
    await db.insert(schema.conversations).values(
      withWindow.slice(at, at + CHUNK).map((customer) => ({
        businessId: businesses[customer.businessIndex]?.id ?? '',
        prospectId: prospects[customer.i]?.id ?? '',
        channel: 'whatsapp' as const,
        lastMessageAt: new Date(),
        serviceWindowEndsAt: windowEndsAt,
      })),
    );
  }
  const orders: { id: string; businessId: string }[] = [];
  for (let at = 0; at < customers.length; at += CHUNK) {
    const slice = customers.slice(at, at + CHUNK);
    const inserted = await db
      .insert(schema.orders)
      .values(
        slice.map((customer) => ({
          businessId: businesses[customer.businessIndex]?.id ?? '',
          number: Math.floor(customer.i / BUSINESSES) + 1,
          prospectId: prospects[customer.i]?.id ?? '',
          status: 'pending' as const,
          subtotal: 5_000,
          deliveryFee: 1_000,
          total: 6_000,
          cashDue: 6_000,
          currency: 'XOF' as const,
          paymentMethod: 'cash_on_delivery' as const,
          paymentStatus: 'unpaid' as const,
          deliveryAddress: 'Dakar',
        })),
      )
      .returning({ id: schema.orders.id, businessId: schema.orders.businessId });
    orders.push(...inserted);
    await db.insert(schema.orderItems).values(
      inserted.map((order, k) => {
        const own = products.filter((product) => product.businessId === order.businessId);
        const product = own[k % own.length];
        if (!product) throw new Error('no product');
        return {
          businessId: order.businessId,
          orderId: order.id,
          productId: product.id,
          name: product.name,
          quantity: 1,
          unitPrice: 5_000,
          lineTotal: 5_000,
        };
      }),
    );
  }
  await db.execute(sql`analyze`);

  const worker = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), 'worker'],
    {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        LOG_LEVEL: 'warn',
        BENCH_NOTIFY_FAKES: JSON.stringify({
          graph: graph.url,
          sms: sms.url,
          smtp: { host: smtp.host, port: smtp.port },
          push: push.url,
        } satisfies FakeUrls),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const workerExited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let text = '';
    let ready = false;
    worker.stdout?.on('data', (chunk: Buffer) => {
      // Once it is ready, what the worker logs (warnings) goes on to the bench's stderr.
      if (ready) return void process.stderr.write(chunk);
      text += chunk.toString();
      if (text.includes('notify worker ready')) {
        ready = true;
        resolve();
      }
    });
    worker.once('exit', (code) => reject(new Error(`the worker exited (${code}) before starting`)));
  });

  const businessIds = businesses.map((business) => business.id);
  const inBench = sql`business_id in (${sql.join(
    businessIds.map((id) => sql`${id}`),
    sql`, `,
  )})`;
  let exitCode = 0;
  try {
    // Measured: every event fired as fast as CLIENTS loops commit them; the worker sends meanwhile.
    const SHOP = { userId: null, label: 'bench shop', ip: null };
    /** Commit time of each order's event, and of each side event's rows (by notification id). */
    const orderCommitted = new Map<string, number>();
    const rowCommitted = new Map<string, number>();
    type Fire = () => Promise<void>;
    const fires: Fire[] = orders.map((order) => async () => {
      await transitionOrder(db, services.jobs, SHOP, {
        businessId: order.businessId,
        orderId: order.id,
        to: 'confirmed',
      });
      orderCommitted.set(order.id, wallNow());
    });
    const side: Fire[] = [
      ...couriers.map((courier, i) => async () => {
        const rows = await db.transaction((tx) =>
          notify(tx, services.jobs, {
            type: 'cash.handover_due',
            businessId: courier.businessId,
            courierId: courier.id,
            deliveryId: crypto.randomUUID(),
            held: 50_000 + i,
          }),
        );
        const at = wallNow();
        for (const row of rows) rowCommitted.set(row.id, at);
      }),
      ...Array.from({ length: EMAIL_EVENTS }, (_, i) => async () => {
        const rows = await db.transaction((tx) =>
          notify(tx, services.jobs, {
            type: 'job.dead',
            businessId: businessIds[i % BUSINESSES] ?? '',
            jobName: 'bench.job',
            jobId: crypto.randomUUID(),
            error: `bench failure ${i}`,
          }),
        );
        const at = wallNow();
        for (const row of rows) rowCommitted.set(row.id, at);
      }),
    ];
    // The side events among the order events, one every `every` orders: the pushes first (over
    // the first ~7,000 orders by default), then the emails.
    const every = Math.max(1, Math.floor(fires.length / Math.max(1, side.length)));
    const queue: Fire[] = [];
    fires.forEach((fire, i) => {
      queue.push(fire);
      if (i % every === every - 1) {
        const next = side.shift();
        if (next) queue.push(next);
      }
    });
    queue.push(...side);
    let failed = 0;
    let next = 0;
    const fireStarted = wallNow();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let fire = queue[next++]; fire; fire = queue[next++]) {
          await fire().catch((error: unknown) => {
            failed += 1;
            if (failed <= 3) console.error(String(error));
          });
        }
      }),
    );
    const fireEnded = wallNow();

    // Until no row waits or is being sent (or the deadline).
    const unsettled = async () =>
      Number(
        (
          await db.execute<{ n: number }>(
            sql`select count(*)::int as n from notifications where ${inBench}
                and status in ('pending', 'sending', 'failed')`,
          )
        ).rows[0]?.n ?? 0,
      );
    while ((await unsettled()) > 0 && wallNow() - fireStarted < DEADLINE_MS) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const settledAt = wallNow();
    worker.kill('SIGTERM');
    await workerExited;

    // What the fakes received, keyed by what names the notification.
    type Reception = { provider: string; key: string; at: number; number?: string };
    const receptions: Reception[] = [
      ...graph.sent.map((message) => ({
        provider: 'whatsapp',
        key: String(message.body.biz_opaque_callback_data ?? ''),
        at: arrivals.get(message) ?? Number.NaN,
        number: message.phoneNumberId,
      })),
      // SMS recipients are one per notification in this bench (one customer per order).
      ...sms.received.map((message) => ({
        provider: message.provider,
        key: message.to,
        at: arrivals.get(message) ?? Number.NaN,
      })),
      ...smtp.messages.map((message) => ({
        provider: 'smtp',
        key: /^<([^@]+)@/.exec(message.messageId ?? '')?.[1] ?? '',
        at: arrivals.get(message) ?? Number.NaN,
      })),
      ...push.received.map((message) => ({
        provider: 'expo',
        key: String(message.data?.notificationId ?? ''),
        at: arrivals.get(message) ?? Number.NaN,
      })),
    ];
    const received = Map.groupBy(receptions, (reception) =>
      reception.provider === 'africastalking' || reception.provider === 'twilio'
        ? `sms:${reception.key}`
        : reception.key,
    );

    const rows = (
      await db.execute<{
        id: string;
        channel: string;
        status: string;
        recipient: string;
        order_id: string | null;
        fallback_of: string | null;
        event: string;
        last_error: string | null;
      }>(
        sql`select id, channel, status, recipient, order_id, fallback_of, event, last_error
            from notifications where ${inBench}`,
      )
    ).rows;
    const keyOf = (row: (typeof rows)[number]) =>
      row.channel === 'sms' ? `sms:${row.recipient}` : row.id;
    const byStatus = Object.fromEntries(
      [...Map.groupBy(rows, (row) => row.status)].map(([status, items]) => [status, items.length]),
    );
    // Each row that should have reached a provider: received exactly once. A dead WhatsApp row
    // (131026) was refused, so never received, and stands for its SMS fallback row.
    const providerRows = rows.filter((row) => row.channel !== 'in_app');
    const sent = providerRows.filter((row) => row.status === 'sent');
    const lost = sent.filter((row) => (received.get(keyOf(row))?.length ?? 0) === 0);
    const twice = providerRows.filter((row) => (received.get(keyOf(row))?.length ?? 0) > 1);
    const notSettled = rows.filter((row) =>
      ['pending', 'sending', 'failed', 'unknown'].includes(row.status),
    );
    const deadRows = rows.filter((row) => row.status === 'dead');
    const fallbackOf = new Map(
      rows.filter((row) => row.fallback_of).map((row) => [row.fallback_of, row]),
    );
    const deadWithoutFallback = deadRows.filter(
      (row) => row.channel !== 'whatsapp' || fallbackOf.get(row.id)?.status !== 'sent',
    );
    const deadReceived = deadRows.filter((row) => (received.get(keyOf(row))?.length ?? 0) > 0);
    const rowKeys = new Set(rows.map(keyOf));
    const stray = receptions.filter(
      (reception) =>
        !rowKeys.has(
          reception.provider === 'africastalking' || reception.provider === 'twilio'
            ? `sms:${reception.key}`
            : reception.key,
        ),
    );
    // Per order event: the customer got exactly one message (WhatsApp, or SMS in its place).
    const orderRows = Map.groupBy(
      rows.filter((row) => row.event === 'order.confirmed'),
      (row) => row.order_id ?? '',
    );
    let ordersMissing = 0;
    let ordersTwice = 0;
    for (const order of orders) {
      const messages = (orderRows.get(order.id) ?? []).reduce(
        (n, row) => n + (received.get(keyOf(row))?.length ?? 0),
        0,
      );
      if (messages === 0) ordersMissing += 1;
      if (messages > 1) ordersTwice += 1;
    }

    // Latency: the event's commit to the message's arrival at its provider.
    const committedAt = (row: (typeof rows)[number]) =>
      rowCommitted.get(row.fallback_of ?? row.id) ??
      rowCommitted.get(row.id) ??
      (row.order_id ? orderCommitted.get(row.order_id) : undefined);
    const latencies = new Map<string, number[]>();
    const add = (path: string, ms: number) => {
      latencies.set(path, [...(latencies.get(path) ?? []), ms]);
    };
    for (const row of sent) {
      const reception = received.get(keyOf(row))?.[0];
      const commit = committedAt(row);
      if (!reception || commit === undefined) continue;
      const ms = reception.at - commit;
      const path =
        row.channel === 'sms'
          ? row.fallback_of
            ? 'SMS fallback (WhatsApp refused 131026)'
            : 'SMS (business sends SMS only)'
          : row.channel === 'whatsapp'
            ? 'WhatsApp'
            : row.channel === 'push'
              ? 'push (Expo)'
              : 'email (SMTP)';
      add(path, ms);
      add('all', ms);
    }

    // Throughput: receptions per second, overall, per provider, and the busiest second of each.
    const span = (items: Reception[]) => {
      const times = items.map((item) => item.at).sort((a, b) => a - b);
      const first = times[0] ?? 0;
      const last = times.at(-1) ?? 0;
      const seconds = Math.max(0.001, (last - fireStarted) / 1000);
      const buckets = Map.groupBy(times, (at) => Math.floor((at - first) / 1000));
      const peak = Math.max(0, ...[...buckets.values()].map((bucket) => bucket.length));
      return { count: items.length, perSecond: Math.round(items.length / seconds), peak };
    };
    const perNumber = Map.groupBy(
      receptions.filter((reception) => reception.provider === 'whatsapp'),
      (reception) => reception.number ?? '',
    );
    const numberPeaks = [...perNumber.values()].map((items) => span(items).peak);

    // Where the time goes: each send job's wait in its queue (created → started by the worker).
    const jobWaits = (
      await db.execute<{ wait_ms: number }>(
        sql`select extract(epoch from (started_on - created_on)) * 1000 as wait_ms
            from pgboss.job where name = 'notifications.send' and started_on is not null
            and created_on >= to_timestamp(${fireStarted / 1000})`,
      )
    ).rows.map((row) => Number(row.wait_ms));

    const floor = await measureFloor(phoneNumberIds[0] ?? '');

    const pct = (values: number[], p: number) => {
      const sorted = [...values].sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
    };
    const round = (ms: number) => (ms >= 100 ? Math.round(ms) : +ms.toFixed(1));
    const ended = { load: loadavg() };
    const providers = ['whatsapp', 'africastalking', 'twilio', 'smtp', 'expo'] as const;
    const limits: Record<(typeof providers)[number], string> = {
      whatsapp: `80 msg/s per number (Cloud API default), ${BUSINESSES} numbers; engine paces at WHATSAPP_SEND_RATE (80)/number`,
      africastalking: 'no published API rate: per account, raised through support',
      twilio: 'per sender: long code 1 seg/s, toll-free 3, short code 100; excess queued at Twilio',
      smtp: "the relay's (none here)",
      expo: '600 notifications/s per project',
    };

    console.log(
      `\nFluxAsync notifications bench — ${database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}, Node ${process.version}, ` +
        `worker in its own process (pg-boss, notifications.send 10 × 2 in flight), fakes in the bench's process; ` +
        `load average ${started.load.map((n) => n.toFixed(1)).join(' ')} at start, ${ended.load.map((n) => n.toFixed(1)).join(' ')} at end`,
    );
    console.log(
      `${orders.length} orders confirmed through transitionOrder across ${BUSINESSES} businesses + ${couriers.length} courier pushes + ${EMAIL_EVENTS} team emails (notify), ` +
        `by ${CLIENTS} concurrent loops: fired in ${((fireEnded - fireStarted) / 1000).toFixed(1)} s (${Math.round((orders.length + couriers.length + EMAIL_EVENTS) / ((fireEnded - fireStarted) / 1000))} events/s, ${failed} failed); ` +
        `everything settled ${((settledAt - fireStarted) / 1000).toFixed(1)} s after the first event`,
    );
    console.table(
      [
        { provider: 'all', ...span(receptions), limit: '' },
        ...providers.map((provider) => ({
          provider,
          ...span(receptions.filter((reception) => reception.provider === provider)),
          limit: limits[provider],
        })),
      ].map(({ provider, count, perSecond, peak, limit }) => ({
        provider,
        received: count,
        'per s (first event → last)': perSecond,
        'busiest second': peak,
        'floor per s (same client, no DB/jobs)': provider === 'all' ? '' : (floor[provider] ?? ''),
        'documented limit': limit,
      })),
    );
    console.log(
      `WhatsApp per number: busiest second ${Math.max(0, ...numberPeaks)} messages (median number ${pct(numberPeaks, 0.5)}), against 80/s`,
    );
    console.table(
      [...latencies].map(([path, values]) => ({
        'event commit → provider reception, ms': path,
        n: values.length,
        p50: round(pct(values, 0.5)),
        p95: round(pct(values, 0.95)),
        p99: round(pct(values, 0.99)),
        max: round(pct(values, 1)),
      })),
    );
    console.log(
      `notifications.send jobs: ${jobWaits.length}, wait from creation (now() of the event's transaction) to start p50 ${round(pct(jobWaits, 0.5))} ms, p95 ${round(pct(jobWaits, 0.95))} ms, max ${round(pct(jobWaits, 1))} ms`,
    );
    console.log('rows by status:', byStatus);
    console.log(
      `orders whose customer got no message ${ordersMissing}, more than one ${ordersTwice}; ` +
        `sent rows never received (lost) ${lost.length}; rows received more than once ${twice.length}; ` +
        `receptions matching no row ${stray.length}; rows left pending/sending/failed/unknown ${notSettled.length}; ` +
        `dead rows without a sent fallback ${deadWithoutFallback.length}, dead rows received ${deadReceived.length}`,
    );
    for (const row of [...notSettled, ...deadWithoutFallback].slice(0, 5)) {
      console.log(`  ${row.status} ${row.channel} ${row.event}: ${row.last_error ?? ''}`);
    }
    if (
      failed ||
      ordersMissing ||
      ordersTwice ||
      lost.length ||
      twice.length ||
      stray.length ||
      notSettled.length ||
      deadWithoutFallback.length ||
      deadReceived.length
    ) {
      exitCode = 1;
    }
  } finally {
    if (worker.exitCode === null) {
      worker.kill('SIGTERM');
      await workerExited;
    }
    await enqueuer.stop();
    await close();
    await Promise.all([graph.close(), sms.close(), smtp.close(), push.close()]);
    await database.close();
  }
  process.exit(exitCode);
}

/**
 * The floor: each provider's client calling a fresh fake directly, FLOOR_CONCURRENCY calls in
 * flight for FLOOR_SECONDS, nothing else (no database, no jobs). Completed calls per second.
 */
async function measureFloor(phoneNumberId: string): Promise<Record<string, number>> {
  const graph = await startFakeGraph();
  const sms = await startFakeSms();
  const smtp = await startFakeSmtp();
  const push = await startFakePush();
  graph.addNumber({
    phoneNumberId,
    displayPhoneNumber: '+221 77 000 00 00',
    verifiedName: 'Floor',
    accessToken: TOKEN,
  });
  const whatsapp = createWhatsappClient({ baseUrl: graph.url, accessToken: TOKEN });
  const africastalking = createAfricasTalkingSms({
    ...FAKE_AFRICASTALKING,
    from: 'FLUX',
    baseUrl: sms.url,
  });
  const twilio = createTwilioSms({
    ...FAKE_TWILIO,
    sender: { from: '+15005550006' },
    statusCallback: 'http://127.0.0.1:3000/webhooks/sms/twilio/floor',
    baseUrl: sms.url,
  });
  const mailer = createMailer({
    host: smtp.host,
    port: smtp.port,
    secure: false,
    from: 'FluxAsync <notify@flux.test>',
  });
  const expo = createExpoPush({ baseUrl: push.url });
  let n = 0;
  const to = () => `+22175${String(n++).padStart(7, '0')}`;
  const calls: Record<string, () => Promise<unknown>> = {
    whatsapp: () =>
      whatsapp.send(phoneNumberId, to().slice(1), { type: 'text', text: 'Commande confirmée' }),
    africastalking: () =>
      africastalking.send({ to: to(), text: 'Commande confirmée', idempotencyKey: `f${n}` }),
    twilio: () =>
      twilio.send({ to: to(), text: 'Commande confirmée', idempotencyKey: crypto.randomUUID() }),
    smtp: () =>
      mailer.send({
        to: 'owner@example.test',
        subject: 'Floor',
        text: 'Floor',
        html: '<p>Floor</p>',
        messageId: `<${crypto.randomUUID()}@flux.test>`,
      }),
    expo: () => expo.sendPush([{ to: `ExponentPushToken[floor-${n++}]`, title: 'F', body: 'F' }]),
  };
  const result: Record<string, number> = {};
  try {
    for (const [provider, call] of Object.entries(calls)) {
      let done = 0;
      const deadline = performance.now() + FLOOR_SECONDS * 1000;
      await Promise.all(
        Array.from({ length: FLOOR_CONCURRENCY }, async () => {
          while (performance.now() < deadline) {
            await call();
            done += 1;
          }
        }),
      );
      result[provider] = Math.round(done / FLOOR_SECONDS);
    }
  } finally {
    await Promise.all([graph.close(), sms.close(), smtp.close(), push.close()]);
  }
  return result;
}
