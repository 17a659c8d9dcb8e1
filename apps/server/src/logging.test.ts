// What reaches the logs when things fail: ids, sizes and the error, never a webhook's body or
// what a user typed (issue 14: 2–3 MB payloads per line, names and phones on constraint warnings).
import { Writable } from 'node:stream';
import { createAppServices, createLogger } from '@flux/api';
import { createDb, createPool } from '@flux/db';
import { DEMO_LOGIN } from '@flux/db/seed';
import { signWebhook, textMessage, webhookPayload } from '@flux/integrations';
import { describe, expect, it } from 'vitest';
import { createApp } from './app';
import { useTestServer } from './testing';

const lines: string[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});
const log = createLogger({ level: 'debug' }, sink);

// The worker stays out: only the requests' own lines are looked at.
const server = useTestServer({ log, runWorker: false });

describe('log lines', () => {
  it('a constraint the database refused logs the constraint, not the name and phone typed', async () => {
    const base = server.url;
    const signIn = await fetch(`${base}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { ...DEMO_LOGIN, client: 'app' } }),
    });
    const { token } = (await signIn.json()).result.data.json as { token: string };
    const create = () =>
      fetch(`${base}/trpc/couriers.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          json: { name: 'Aminata Secretname', phone: '+221 77 123 98 76', vehicle: 'motorbike' },
        }),
      });
    expect((await create()).status).toBe(200);
    lines.length = 0;
    expect((await create()).status).toBe(409);
    const warning = lines.find((line) => line.includes('database refused a request'));
    expect(warning).toBeDefined();
    expect(warning).toContain('couriers_business_phone_unique');
    for (const line of lines) {
      expect(line).not.toContain('Secretname');
      expect(line).not.toContain('771239876');
    }
  });

  it('a webhook not stored logs its size and the error, not its 1 MB body', async () => {
    const pool = createPool('postgres://postgres:postgres@127.0.0.1:1/nowhere', 1);
    const { services, close } = createAppServices({ db: createDb(pool), log, redisUrl: undefined });
    const app = createApp(services, {
      allowedOrigins: ['http://localhost:3000'],
      trustProxyHops: 0,
      secureCookies: false,
      bodyLimit: 1_048_576,
      whatsapp: { verifyToken: 'flux-dev-verify-token', appSecret: 'flux-dev-app-secret' },
    });
    const text = `Adresse: Sicap Liberté 6, villa 42 ${'x'.repeat(1_000_000)}`;
    const body = JSON.stringify(
      webhookPayload({
        phoneNumberId: '106540352242922',
        messages: [textMessage('221779990001', text)],
      }),
    );
    lines.length = 0;
    const response = await app.request('/webhooks/whatsapp', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signWebhook(body, 'flux-dev-app-secret'),
      },
      body,
    });
    expect(response.status).toBe(503);
    const line = lines.find((entry) => entry.includes('webhook not stored'));
    expect(line).toBeDefined();
    expect(JSON.parse(line ?? '{}')).toMatchObject({ bytes: Buffer.byteLength(body) });
    for (const entry of lines) {
      expect(entry.length).toBeLessThan(10_000);
      expect(entry).not.toContain('Sicap');
      expect(entry).not.toContain('221779990001');
    }
    await close();
    await pool.end();
  });
});
