// Outgoing webhooks end to end: real PostgreSQL, the real job runner where concurrency matters,
// and a real HTTP receiver on loopback (allowed by the test's allow-list) that verifies every
// delivery with the Standard Webhooks reference implementation (the `standardwebhooks` package).
// Over 400 lines on purpose: the cases share the receiver, the job runner and one test app (its
// database copy); a second file would pay that setup again, and the suite runs near its CI time
// limit.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookEventType } from '@flux/contracts';
import { schema } from '@flux/db';
import { addressPolicy } from '@flux/integrations';
import { and, asc, eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobRunner, startJobs } from '../../jobs/registry';
import { type TestUser, useTestApp } from '../../testing';
import { attemptWebhookDelivery, RETRY_WINDOW_MS } from './deliver';
import { emitWebhookEvent } from './emit';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The merchant's server: records what it gets; answers per path (a queue of statuses, else 200). */
let receiver: Server;
let base = '';
const received: Received[] = [];
const answers = new Map<string, number[]>();

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString() });
      if (path.startsWith('/redirect')) {
        response.writeHead(302, { location: `${base}/followed` }).end();
        return;
      }
      const status = answers.get(path)?.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(`answer ${status}`);
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  receiver.close();
});

const app = useTestApp();
const LOOPBACK = ['127.0.0.1/32'];
beforeAll(() => {
  app.services.config.webhooks = { allowedNetworks: LOOPBACK, timeoutMs: 2_000 };
});

const at = (path: string) => received.filter((r) => r.path === path);

async function endpointFor(
  owner: TestUser,
  path: string,
  events: WebhookEventType[] = ['order.created'],
) {
  return owner.caller.webhooks.create({ url: `${base}${path}`, events });
}

async function deliveriesOf(endpointId: string) {
  return app.services.db
    .select()
    .from(schema.webhookDeliveries)
    .where(eq(schema.webhookDeliveries.endpointId, endpointId))
    .orderBy(asc(schema.webhookDeliveries.createdAt));
}

async function pendingJobs(deliveryId: string) {
  const { rows } = await app.services.db.execute<{ count: number }>(
    sql`select count(*)::int as count from pgboss.job
        where name = 'webhooks.deliver' and data->>'deliveryId' = ${deliveryId} and state = 'created'`,
  );
  return rows[0]?.count ?? 0;
}

async function orderOf(owner: TestUser) {
  const product = await owner.caller.products.create({
    sku: `WH-${Math.floor(Math.random() * 1e9)}`,
    name: 'Bissap 1 L',
    price: 1500,
    stock: 10,
  });
  const prospect = await owner.caller.prospects.create({ name: 'Awa', phone: '+221771112233' });
  return owner.caller.orders.create({
    prospectId: prospect.id,
    lines: [{ productId: product.id, quantity: 2 }],
  });
}

describe('a signed delivery', () => {
  it('an order created is delivered once, and the Standard Webhooks reference verifies it', async () => {
    const owner = await app.signUp();
    const { endpoint, secret } = await endpointFor(owner, '/orders');
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const order = await orderOf(owner);
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery?.eventType).toBe('order.created');
    expect(await pendingJobs(delivery?.id ?? '')).toBe(1);

    expect(await attemptWebhookDelivery(app.services, delivery?.id ?? '')).toBe('succeeded');
    const [got] = at('/orders');
    expect(got?.headers['webhook-id']).toBe(delivery?.messageId);
    const verified = new Webhook(secret).verify(got?.body ?? '', {
      'webhook-id': String(got?.headers['webhook-id']),
      'webhook-timestamp': String(got?.headers['webhook-timestamp']),
      'webhook-signature': String(got?.headers['webhook-signature']),
    }) as { type: string; data: { id: string; total: unknown } };
    expect(verified.type).toBe('order.created');
    expect(verified.data.id).toBe(order.id);
    expect(verified.data.total).toEqual({ amount_minor: 3000, currency: 'XOF' });
    // A tampered body fails the same check.
    expect(() =>
      new Webhook(secret).verify(`${got?.body} `, {
        'webhook-id': String(got?.headers['webhook-id']),
        'webhook-timestamp': String(got?.headers['webhook-timestamp']),
        'webhook-signature': String(got?.headers['webhook-signature']),
      }),
    ).toThrow();
    // Sent: a second job for it sends nothing.
    expect(await attemptWebhookDelivery(app.services, delivery?.id ?? '')).toBe('skipped');
    expect(at('/orders')).toHaveLength(1);
  });

  it('the secret is stored encrypted and never listed', async () => {
    const owner = await app.signUp();
    const { endpoint, secret } = await endpointFor(owner, '/stored');
    const { rows } = await app.services.db.execute<{ secret_encrypted: string }>(
      sql`select secret_encrypted from webhook_endpoints where id = ${endpoint.id}`,
    );
    expect(rows[0]?.secret_encrypted.startsWith('v1:')).toBe(true);
    expect(rows[0]?.secret_encrypted).not.toContain(secret.slice(6));
    const listed = JSON.stringify(await owner.caller.webhooks.list());
    expect(listed).toContain(endpoint.id);
    expect(listed).not.toContain(secret.slice(6));
  });

  it('after a rotation both secrets verify during the grace period, then only the new one signs', async () => {
    const owner = await app.signUp();
    const { endpoint, secret: oldSecret } = await endpointFor(owner, '/rotated');
    const { secret: newSecret, endpoint: rotated } = await owner.caller.webhooks.rotateSecret({
      endpointId: endpoint.id,
    });
    expect(newSecret).not.toBe(oldSecret);
    expect(rotated.rotationEndsAt).not.toBeNull();
    const test = await owner.caller.webhooks.sendTest({ endpointId: endpoint.id });
    await attemptWebhookDelivery(app.services, test.id);
    const [got] = at('/rotated');
    const headers = {
      'webhook-id': String(got?.headers['webhook-id']),
      'webhook-timestamp': String(got?.headers['webhook-timestamp']),
      'webhook-signature': String(got?.headers['webhook-signature']),
    };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [oldSecret, newSecret]) {
      expect(new Webhook(secret).verify(got?.body ?? '', headers)).toMatchObject({
        type: 'webhook.test',
      });
    }

    // 25 hours later the old secret no longer signs.
    const later = new Date(Date.now() + 25 * 3600_000);
    const second = await owner.caller.webhooks.sendTest({ endpointId: endpoint.id });
    await attemptWebhookDelivery(app.services, second.id, { now: later });
    const last = at('/rotated')[1];
    const msgId = String(last?.headers['webhook-id']);
    const signature = String(last?.headers['webhook-signature']);
    const body = last?.body ?? '';
    const signedAt = new Date(Number(last?.headers['webhook-timestamp']) * 1000);
    expect(signature).toBe(new Webhook(newSecret).sign(msgId, signedAt, body));
    expect(signature).not.toContain(new Webhook(oldSecret).sign(msgId, signedAt, body));
  });
});

describe('retries', () => {
  it('a 500 is retried with backoff, and the delivery log shows both attempts', async () => {
    const owner = await app.signUp();
    answers.set('/flaky', [500]);
    const { endpoint } = await endpointFor(owner, '/flaky');
    const test = await owner.caller.webhooks.sendTest({ endpointId: endpoint.id });
    const t0 = new Date();
    expect(await attemptWebhookDelivery(app.services, test.id, { now: t0 })).toBe('failed');
    const [failed] = await deliveriesOf(endpoint.id);
    expect(failed?.status).toBe('failed');
    const delay = (failed?.nextAttemptAt.getTime() ?? 0) - t0.getTime();
    expect(delay).toBeGreaterThanOrEqual(3_000);
    expect(delay).toBeLessThan(10_000);
    // The retry's job waits in the queue; not due yet, an early job sends nothing.
    expect(await pendingJobs(test.id)).toBeGreaterThanOrEqual(1);
    expect(await attemptWebhookDelivery(app.services, test.id, { now: t0 })).toBe('skipped');

    const due = failed?.nextAttemptAt ?? new Date();
    expect(await attemptWebhookDelivery(app.services, test.id, { now: due })).toBe('succeeded');
    expect(at('/flaky')).toHaveLength(2);
    const [logged] = await owner.caller.webhooks.deliveries({ endpointId: endpoint.id });
    expect(logged?.status).toBe('succeeded');
    expect(logged?.attempts.map((a) => [a.attempt, a.outcome, a.statusCode])).toEqual([
      [1, 'failed', 500],
      [2, 'succeeded', 200],
    ]);
    expect(logged?.attempts[0]?.responseBody).toBe('answer 500');
    expect(logged?.attempts.every((a) => a.durationMs >= 0)).toBe(true);
  });

  it('an endpoint failing for 24 hours makes the delivery dead; failing for 5 days disables it and tells its owner', async () => {
    const owner = await app.signUp();
    answers.set('/down', Array(200).fill(503));
    const { endpoint } = await endpointFor(owner, '/down');
    const test = await owner.caller.webhooks.sendTest({ endpointId: endpoint.id });
    const t0 = new Date();
    let now = t0;
    let outcome = await attemptWebhookDelivery(app.services, test.id, { now });
    while (outcome === 'failed') {
      const [row] = await deliveriesOf(endpoint.id);
      now = row?.nextAttemptAt ?? now;
      outcome = await attemptWebhookDelivery(app.services, test.id, { now });
    }
    expect(outcome).toBe('dead');
    const [dead] = await deliveriesOf(endpoint.id);
    expect(dead?.status).toBe('dead');
    expect(dead?.attempts).toBeGreaterThan(10);
    // Every attempt ran inside the window; the next one would have fallen outside it.
    expect(now.getTime() - t0.getTime()).toBeLessThanOrEqual(RETRY_WINDOW_MS);
    expect(now.getTime() - t0.getTime()).toBeGreaterThan(RETRY_WINDOW_MS - 3 * 3600_000);
    expect(at('/down')).toHaveLength(dead?.attempts ?? -1);
    // A dead delivery is not attempted again by a late job.
    expect(await attemptWebhookDelivery(app.services, test.id, { now })).toBe('skipped');
    const [stillOn] = await owner.caller.webhooks.list();
    expect(stillOn?.enabled).toBe(true);

    // Five days after the first failure, one more failure disables it, and the owner is told.
    const again = await owner.caller.webhooks.sendTest({ endpointId: endpoint.id });
    const queued = await owner.caller.webhooks.sendTest({ endpointId: endpoint.id });
    const fiveDays = new Date(t0.getTime() + 5 * 24 * 3600_000 + 60_000);
    // (Its own window, started now, is long past by that clock: this one attempt is its last.)
    expect(await attemptWebhookDelivery(app.services, again.id, { now: fiveDays })).toBe('dead');
    expect(at('/down')).toHaveLength((dead?.attempts ?? 0) + 1);
    const [off] = await owner.caller.webhooks.list();
    expect(off).toMatchObject({ enabled: false, disabledReason: 'failing' });
    const told = await app.services.db
      .select()
      .from(schema.notifications)
      .where(
        and(
          eq(schema.notifications.businessId, owner.businessId),
          eq(schema.notifications.event, 'webhook.endpoint_disabled'),
        ),
      );
    expect(told.map((n) => n.recipientId)).toContain(owner.userId);
    // Disabled: what still waited for it is not sent, and the log can resend once it is enabled.
    expect(await attemptWebhookDelivery(app.services, queued.id, { now: fiveDays })).toBe('dead');
    expect(at('/down')).toHaveLength((dead?.attempts ?? 0) + 1);
    await expect(owner.caller.webhooks.resend({ deliveryId: test.id })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await owner.caller.webhooks.setEnabled({ endpointId: endpoint.id, enabled: true });
    answers.set('/down', []);
    await owner.caller.webhooks.resend({ deliveryId: test.id });
    expect(await attemptWebhookDelivery(app.services, test.id)).toBe('succeeded');
  });
});

describe('SSRF', () => {
  it('private, loopback, link-local, CGNAT, multicast and metadata addresses are refused at subscription', async () => {
    const owner = await app.signUp();
    app.services.config.webhooks = { allowedNetworks: [], timeoutMs: 2_000 };
    try {
      for (const url of [
        `${base}/ssrf`,
        'https://localhost/hooks', // a name resolving to loopback
        'https://127.0.0.1/hooks',
        'https://10.1.2.3/hooks',
        'https://172.20.0.1/hooks',
        'https://192.168.1.10/hooks',
        'https://100.64.0.1/hooks',
        'https://169.254.169.254/latest/meta-data',
        'https://224.0.0.1/hooks',
        'https://[::1]/hooks',
        'https://[::ffff:127.0.0.1]/hooks',
        'https://[fd00:ec2::254]/hooks',
        'https://[fe80::1]/hooks',
        'http://93.184.215.14/hooks', // public, but plain http
      ]) {
        await expect(
          owner.caller.webhooks.create({ url, events: ['order.created'] }),
          url,
        ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      }
      const accepted = await owner.caller.webhooks.create({
        url: 'https://93.184.215.14/hooks',
        events: ['order.created'],
      });
      expect(accepted.endpoint.url).toBe('https://93.184.215.14/hooks');
    } finally {
      app.services.config.webhooks = { allowedNetworks: LOOPBACK, timeoutMs: 2_000 };
    }
  });

  it('an endpoint whose host resolves to loopback at send time is not called', async () => {
    const owner = await app.signUp();
    const port = new URL(base).port;
    const { endpoint } = await owner.caller.webhooks.create({
      url: `http://localhost:${port}/rebound`,
      events: ['order.created'],
    });
    const test = await owner.caller.webhooks.sendTest({ endpointId: endpoint.id });
    // The operator's allow-list no longer covers it (as a DNS answer changed to a private one).
    app.services.config.webhooks = { allowedNetworks: [], timeoutMs: 2_000 };
    try {
      expect(await attemptWebhookDelivery(app.services, test.id)).toBe('failed');
    } finally {
      app.services.config.webhooks = { allowedNetworks: LOOPBACK, timeoutMs: 2_000 };
    }
    expect(at('/rebound')).toEqual([]);
    const [logged] = await owner.caller.webhooks.deliveries({ endpointId: endpoint.id });
    expect(logged?.attempts[0]).toMatchObject({ statusCode: null, outcome: 'failed' });
    expect(logged?.attempts[0]?.error).toMatch(/private or reserved/);
  });

  it('classifies addresses in IPv4 and IPv6, embedded IPv4 included, and honours the allow-list', () => {
    const strict = addressPolicy([]);
    for (const address of [
      '127.0.0.1',
      '0.0.0.0',
      '10.0.0.1',
      '100.100.100.200',
      '169.254.169.254',
      '192.168.0.1',
      '239.255.255.250',
      '255.255.255.255',
      '::1',
      '::',
      '::ffff:10.0.0.1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::7f00:1',
      '2002:c0a8:0101::1',
      'fc00::1',
      'fe80::1%eth0',
      'ff02::1',
    ]) {
      expect(strict.permits(address), address).toBe(false);
    }
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(strict.permits(address), address).toBe(true);
    }
    const loopback = addressPolicy(['127.0.0.1/32']);
    expect(loopback.permits('127.0.0.1')).toBe(true);
    expect(loopback.allowListed('127.0.0.1')).toBe(true);
    expect(loopback.permits('127.0.0.2')).toBe(false);
  });

  it('a redirect is not followed', async () => {
    const owner = await app.signUp();
    const { endpoint } = await endpointFor(owner, '/redirect');
    const test = await owner.caller.webhooks.sendTest({ endpointId: endpoint.id });
    expect(await attemptWebhookDelivery(app.services, test.id)).toBe('failed');
    expect(at('/redirect')).toHaveLength(1);
    expect(at('/followed')).toEqual([]);
    const [logged] = await owner.caller.webhooks.deliveries({ endpointId: endpoint.id });
    expect(logged?.attempts[0]).toMatchObject({ statusCode: 302, outcome: 'failed' });
  });
});

describe('events and transactions', () => {
  it('an event of a rolled-back transaction is never sent; a committed one is', async () => {
    const owner = await app.signUp();
    const { endpoint } = await endpointFor(owner, '/tx', ['prospect.created']);
    const event = {
      businessId: owner.businessId,
      type: 'prospect.created' as const,
      data: { id: 'p' },
    };
    await expect(
      app.services.db.transaction(async (tx) => {
        await emitWebhookEvent(tx, app.services.jobs, event);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await deliveriesOf(endpoint.id)).toEqual([]);
    const { rows } = await app.services.db.execute<{ count: number }>(
      sql`select count(*)::int as count from pgboss.job j
          where j.name = 'webhooks.deliver'
            and not exists (select 1 from webhook_deliveries d where d.id::text = j.data->>'deliveryId')`,
    );
    expect(rows[0]?.count).toBe(0);

    // The real thing: a prospect created by the team is told, with the transaction's commit.
    await owner.caller.prospects.create({ name: 'Moussa', phone: '+221770001122' });
    const [committed] = await deliveriesOf(endpoint.id);
    expect(committed?.eventType).toBe('prospect.created');
    expect(await pendingJobs(committed?.id ?? '')).toBe(1);
  });

  it('prospects imported from CSV are each told as prospect.created, with the import’s commit; duplicates, rejected rows and a dry run tell nothing', async () => {
    const owner = await app.signUp();
    const { endpoint } = await endpointFor(owner, '/imported', ['prospect.created']);
    const existing = await owner.caller.prospects.create({ phone: '+221770003344' });
    const csv = [
      'name,phone,email',
      'Awa,77 000 55 66,',
      'Moussa,,moussa@example.com',
      'Déjà là,+221770003344,',
      'Mauvais,123,',
    ].join('\n');
    await owner.caller.prospects.importCsv({ csv, dryRun: true });
    expect((await deliveriesOf(endpoint.id)).map((d) => d.eventType)).toEqual(['prospect.created']);
    const report = await owner.caller.prospects.importCsv({ csv });
    expect(report).toMatchObject({ created: 2, duplicates: 1, rejected: 1 });
    const imported = (await deliveriesOf(endpoint.id)).filter(
      (d) => (d.payload as { data: { id: string } }).data.id !== existing.id,
    );
    expect(imported.map((d) => (d.payload as { data: unknown }).data)).toEqual(
      expect.arrayContaining([
        {
          id: report.rows[0]?.prospectId,
          channel: 'import',
          status: 'new',
          name: 'Awa',
          phone: '+221770005566',
          email: null,
        },
        {
          id: report.rows[1]?.prospectId,
          channel: 'import',
          status: 'new',
          name: 'Moussa',
          phone: null,
          email: 'moussa@example.com',
        },
      ]),
    );
    expect(imported).toHaveLength(2);
    for (const delivery of imported) expect(await pendingJobs(delivery.id)).toBe(1);
  });

  it('an order transition is told as order.status_changed, to subscribed endpoints only', async () => {
    const owner = await app.signUp();
    const statuses = await endpointFor(owner, '/statuses', ['order.status_changed']);
    const created = await endpointFor(owner, '/created', ['order.created']);
    const order = await orderOf(owner);
    await owner.caller.orders.transition({ id: order.id, to: 'confirmed' });
    const [changed] = await deliveriesOf(statuses.endpoint.id);
    expect(changed?.payload).toMatchObject({
      type: 'order.status_changed',
      data: { id: order.id, status: 'confirmed', previous_status: order.status },
    });
    expect((await deliveriesOf(created.endpoint.id)).map((d) => d.eventType)).toEqual([
      'order.created',
    ]);
  });

  it('another business’s events never reach an endpoint', async () => {
    const owner = await app.signUp();
    const stranger = await app.signUp();
    const { endpoint } = await endpointFor(owner, '/mine', ['order.created']);
    await orderOf(stranger);
    expect(await deliveriesOf(endpoint.id)).toEqual([]);
    await expect(
      stranger.caller.webhooks.deliveries({ endpointId: endpoint.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('two workers', () => {
  let runners: JobRunner[] = [];
  afterAll(async () => {
    for (const runner of runners) await runner.stop();
  });

  it('each event is delivered once', async () => {
    const owner = await app.signUp();
    const { endpoint } = await endpointFor(owner, '/twice', ['prospect.created']);
    for (let i = 0; i < 12; i++) {
      await app.services.db.transaction((tx) =>
        emitWebhookEvent(tx, app.services.jobs, {
          businessId: owner.businessId,
          type: 'prospect.created',
          data: { id: `p${i}` },
        }),
      );
    }
    // A duplicate job for every delivery too: the claim lets one of them send.
    const rows = await deliveriesOf(endpoint.id);
    await app.services.jobs.sendMany(
      'webhooks.deliver',
      rows.map((row) => ({ payload: { deliveryId: row.id } })),
    );
    runners = await Promise.all(
      [0, 1].map(() =>
        startJobs(app.url, app.services, { work: true, migrate: false, schedule: false }),
      ),
    );
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const states = (await deliveriesOf(endpoint.id)).map((d) => d.status);
      if (states.every((s) => s === 'succeeded')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const ids = at('/twice').map((r) => String(r.headers['webhook-id']));
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect((await deliveriesOf(endpoint.id)).every((d) => d.attempts === 1)).toBe(true);
  }, 30_000);
});
