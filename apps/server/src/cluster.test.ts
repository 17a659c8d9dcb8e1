// WEB_CONCURRENCY=2: two server processes share the port, and a live event published in one
// reaches the dashboards connected to either. Real processes (the entry point, as `pnpm start`).
import { request } from 'node:http';
import { createTestDatabase } from '@flux/db/testing';
import { textMessage } from '@flux/integrations';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { postWhatsappMessage, readStream, shopWithWhatsapp } from '../test/http';
import { type AppProcess, spawnApp } from '../test/process';

const SECRET = 'flux-dev-app-secret';
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let app: AppProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase(inject('pgServerUrl'), inject('pgTemplate'));
});
afterAll(async () => {
  app?.child.kill('SIGKILL');
  await database?.drop();
});

describe('WEB_CONCURRENCY=2', () => {
  it('two processes serve the port, and an event from one reaches subscribers of both, once', async () => {
    const started = spawnApp({
      env: {
        DATABASE_URL: database.url,
        WEB_CONCURRENCY: '2',
        RUN_WORKER: 'true',
        LOG_LEVEL: 'info',
        WHATSAPP_APP_SECRET: SECRET,
        WHATSAPP_SANDBOX: 'false',
        REDIS_URL: '',
        METRICS_TOKEN: 'cluster-metrics-token',
      },
    });
    app = started;
    const base = await started.url(60_000);
    expect(app.output()).toContain('(2 server processes)');
    // The URL is known once the first process listens; the second may say so a moment later.
    const listening = () =>
      new Set(
        [...started.output().matchAll(/"pid":(\d+)[^\n]*server process listening/g)].map(
          (m) => m[1],
        ),
      );
    for (let i = 0; i < 300 && listening().size < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(listening().size).toBe(2);

    const owner = await shopWithWhatsapp(base, database.db, 'two-processes');

    // Four streams, each its own connection: the primary hands connections to the two processes
    // in turn, so both have subscribers.
    const abort = new AbortController();
    const streams = await Promise.all(
      Array.from({ length: 4 }, () =>
        fetch(`${base}/trpc/live.events`, {
          headers: { authorization: `Bearer ${owner.token}` },
          signal: abort.signal,
        }),
      ),
    );
    const reading = streams.map(
      async (stream) => (await readStream(stream, 'message.created', 20_000)).text,
    );

    const message = textMessage('221770004321', 'Deux processus, un seul message');
    const response = await postWhatsappMessage(base, SECRET, owner.phoneNumberId, message);
    expect(response.status).toBe(200);

    const texts = await Promise.all(reading);
    abort.abort();
    for (const text of texts) expect(text.match(/message\.created/g)).toHaveLength(1);

    // /metrics answers for the whole cluster, whichever process takes the scrape: eight probes,
    // each on its own connection (handed to the processes in turn), are counted eight times.
    for (let i = 0; i < 8; i++) {
      await new Promise<void>((resolve, reject) => {
        request(`${base}/healthz`, { agent: false }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
          .on('error', reject)
          .end();
      });
    }
    for (let scrape = 0; scrape < 2; scrape++) {
      const text = await fetch(`${base}/metrics`, {
        headers: { authorization: 'Bearer cluster-metrics-token', connection: 'close' },
      }).then((response) => response.text());
      const counted = text.match(
        /^flux_http_request_duration_seconds_count\{route="\/healthz",method="GET",status="2xx"\} (\d+)$/m,
      );
      expect(Number(counted?.[1])).toBe(8);
    }

    expect(await app.stop()).toBe(0);
    expect(app.output()).toContain('stopping the server processes');
  }, 90_000);
});
