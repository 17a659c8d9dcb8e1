// Sign-in and auth.me round trips over real HTTP against the real server and database.
// Run: pnpm bench:auth   (DATABASE_URL to use a server; otherwise the embedded PostgreSQL)
import { DEMO_LOGIN } from '@flux/db/seed';
import { startServer } from '@flux/server/server';

const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 200);
const ME_CALLS = Number(process.env.BENCH_ME_CALLS ?? 5_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

const running = await startServer({ port: 0, host: '127.0.0.1', seedDemo: true, rateLimit: false });
const base = running.url ?? '';
const origin = { origin: base };

async function signIn(): Promise<string> {
  const response = await fetch(`${base}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...origin },
    body: JSON.stringify({ json: { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password } }),
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function me(cookie: string): Promise<void> {
  const response = await fetch(`${base}/trpc/auth.me`, { headers: { cookie } });
  if (response.status !== 200) throw new Error(`auth.me answered ${response.status}`);
  await response.arrayBuffer();
}

/** Runs `total` calls with `concurrency` in flight; returns each call's latency in ms and the wall time. */
async function measure(total: number, concurrency: number, call: () => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        const t0 = performance.now();
        await call();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const wall = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    calls: total,
    concurrency,
    perSecond: Math.round((total / wall) * 1000),
    p50: pct(0.5).toFixed(1),
    p95: pct(0.95).toFixed(1),
    p99: pct(0.99).toFixed(1),
    max: (latencies.at(-1) ?? 0).toFixed(1),
  };
}

try {
  const cookie = await signIn();
  for (let i = 0; i < 50; i++) await me(cookie); // warm-up
  const rows = {
    'auth.signIn (sequential)': await measure(Math.min(SIGN_INS, 50), 1, signIn),
    [`auth.signIn (x${CONCURRENCY / 4})`]: await measure(SIGN_INS, CONCURRENCY / 4, signIn),
    'auth.me (sequential)': await measure(Math.min(ME_CALLS, 1_000), 1, () => me(cookie)),
    [`auth.me (x${CONCURRENCY})`]: await measure(ME_CALLS, CONCURRENCY, () => me(cookie)),
  };
  console.log(
    `\nFluxAsync auth bench — ${running.database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}, Node ${process.version}`,
  );
  console.table(rows);
  console.log('latencies in ms (p50/p95/p99/max); perSecond = completed round trips per second');
} finally {
  await running.stop();
}
