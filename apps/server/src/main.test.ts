// The real entry point as a process: it starts, serves, and on SIGTERM finishes what is in flight.
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { createTestDatabase } from '@flux/db/testing';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { spawnApp } from '../test/process';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase(inject('pgServerUrl'), inject('pgTemplate'));
});
afterAll(() => database.drop());

it('SIGTERM lets an in-flight request finish, then the process exits 0', async () => {
  const app = spawnApp({
    env: { DATABASE_URL: database.url, LOG_LEVEL: 'info', RUN_WORKER: 'false' },
  });
  const base = await app.url();
  const ready = await fetch(`${base}/readyz`);
  expect(ready.status).toBe(200);

  // A sign-in whose body is still on its way when SIGTERM arrives. The process counts sign-ins in
  // the shared Redis (REDIS_URL is inherited): an email of its own per run, or the per-email-and-IP
  // limit (8 per 15 min) would refuse the ninth run of the suite within 15 minutes.
  const email = `nobody-${randomUUID()}@example.test`;
  const body = JSON.stringify({ json: { email, password: 'whatever' } });
  const half = Math.floor(body.length / 2);
  const response = new Promise<number | undefined>((resolve, reject) => {
    const req = request(
      `${base}/trpc/auth.signIn`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          origin: base,
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, half));
    setTimeout(() => {
      app.child.kill('SIGTERM');
      setTimeout(() => req.end(body.slice(half)), 300);
    }, 200);
  });
  expect(await response).toBe(401);
  expect(await app.exited).toBe(0);
  expect(app.output()).toContain('"msg":"stopped"');
  // After the drain nothing listens any more.
  await expect(fetch(`${base}/healthz`)).rejects.toThrow();
}, 60_000);
