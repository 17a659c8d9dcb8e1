// The real entry point as a process: it starts, serves, and on SIGTERM finishes what is in flight.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@flux/db/testing';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase(inject('pgServerUrl'), inject('pgTemplate'));
});
afterAll(() => database.drop());

it('SIGTERM lets an in-flight request finish, then the process exits 0', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SEED_DEMO: 'false',
      RUN_WORKER: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const started = Date.now();
  while (!/running at (http:\/\/\S+)/.test(output)) {
    if (Date.now() - started > 30_000) throw new Error(`server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const base = output.match(/running at (http:\/\/\S+)/)?.[1] ?? '';
  const ready = await fetch(`${base}/readyz`);
  expect(ready.status).toBe(200);

  // A sign-in whose body is still on its way when SIGTERM arrives.
  const body = JSON.stringify({ json: { email: 'nobody@example.test', password: 'whatever' } });
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
      child.kill('SIGTERM');
      setTimeout(() => req.end(body.slice(half)), 300);
    }, 200);
  });
  expect(await response).toBe(401);
  expect(await exited).toBe(0);
  expect(output).toContain('"msg":"stopped"');
  // After the drain nothing listens any more.
  await expect(fetch(`${base}/healthz`)).rejects.toThrow();
}, 60_000);
