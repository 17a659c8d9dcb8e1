// What the benches share: the server as its own process, the shops they read (seeded once per
// database), signing in, and timed load with percentiles.
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { brotliDecompressSync, gunzipSync, zstdDecompressSync } from 'node:zlib';
import { hashPassword } from '@flux/db/password';
import { spawnApp } from '@flux/server/testing/process';
import type pg from 'pg';
import { benchEnv } from './env';
import { undoneOnInterrupt } from './interrupt';
import { rawHttpClient } from './raw-http';

/**
 * Starts the server as its own process on a free port; resolves once it listens. A server that
 * does not start in time is stopped, not left running; nor is one whose bench is interrupted.
 * Two minutes: on a busy shared machine compiling the server alone has taken over the 30 s the
 * tests allow.
 */
export async function spawnServer(env: Record<string, string>, nodeArgs: string[] = []) {
  const app = spawnApp({ env: { LOG_LEVEL: 'warn', ...env }, nodeArgs, stderr: 'inherit' });
  const stop = undoneOnInterrupt(() => app.stop());
  try {
    return { base: await app.url(120_000), pid: app.child.pid, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface ShopsSeed {
  /** Businesses `<prefix>-<n>`, each owned by `<prefix><n>@example.test` (n from 1). */
  prefix: string;
  businesses: number;
  password: string;
  products: number;
  prospects: number;
  /** Orders per business, one an hour back from now, 3 lines each. */
  orders: number;
  /** The prospects' phones: this, then 7 digits (another bench's prefix keeps them apart). */
  phonePrefix: string;
  /** More rows of the bench's own, in the same transaction (the API bench's keys). */
  extra?: (client: pg.PoolClient) => Promise<void>;
}

/**
 * Seeds the benches' shops (owners, products, prospects, orders and their lines, in one
 * transaction) unless the database already has them; says whether it did.
 */
export async function seedShops(pool: pg.Pool, seed: ShopsSeed): Promise<boolean> {
  const { prefix, businesses, products, prospects, orders } = seed;
  const like = `${prefix}-%`;
  /** The business's n, from its slug. */
  const numberOf = (slug: string) => `substring(${slug} from ${prefix.length + 2})`;
  const existing = await pool.query(
    'select count(*)::int as n from businesses where slug like $1',
    [like],
  );
  if (existing.rows[0].n === businesses) return false;
  const hash = await hashPassword(seed.password);
  const started = performance.now();
  // One connection: a pool's queries may each take another, and the transaction is one's.
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(
      `insert into users (email, password_hash, name)
         select $1 || b || '@example.test', $2, 'Bench ' || b from generate_series(1, $3::int) b`,
      [prefix, hash, businesses],
    );
    await client.query(
      `insert into businesses (name, slug, country, currency, settings, order_counter)
         select 'Bench ' || b, $1 || '-' || b, 'SN', 'XOF',
           '{"aiEnabled":true,"autoReply":false,"autoReplyMinConfidence":0.85,"deliveryFee":1500,"pickup":null,"dispatch":{"offerTtlSeconds":45,"maxRadiusKm":10,"maxRounds":5}}',
           $3::int
         from generate_series(1, $2::int) b`,
      [prefix, businesses, orders],
    );
    await client.query(
      `insert into memberships (business_id, user_id, role)
         select bu.id, u.id, 'owner' from businesses bu
         join users u on u.email = $1 || ${numberOf('bu.slug')} || '@example.test'
         where bu.slug like $2`,
      [prefix, like],
    );
    await client.query(
      `insert into products (business_id, sku, name, price, currency, stock)
         select bu.id, 'SKU-' || p, 'Produit ' || p, (500 + (p * 37) % 40000) / 500 * 500, 'XOF', 1000
         from businesses bu, generate_series(1, $1::int) p where bu.slug like $2`,
      [products, like],
    );
    await client.query(
      `insert into prospects (business_id, phone, name)
         select bu.id, $1 || lpad((row_number() over ())::text, 7, '0'), 'Client ' || c
         from businesses bu, generate_series(1, $2::int) c where bu.slug like $3`,
      [seed.phonePrefix, prospects, like],
    );
    await client.query(
      // A join, not a subquery per order (which read its business's prospects again for each
      // of the orders bench's 100k orders).
      `with b as (select id from businesses where slug like $1),
       pr as (
         select id, business_id, row_number() over (partition by business_id) as pn
         from prospects where business_id in (select id from b)
       ),
       o as (
         select b.id as business_id, n, pr.id as prospect_id
         from b cross join generate_series(1, $3::int) n
         join pr on pr.business_id = b.id and pr.pn = 1 + (n % $2::int)
       )
       insert into orders (business_id, number, prospect_id, status, subtotal, delivery_fee, total, currency,
                           payment_method, cash_due, delivery_address, created_at)
         select business_id, n, prospect_id,
           (array['draft','pending','confirmed','preparing','ready','out_for_delivery','delivered','cancelled','failed','returned'])[1 + n % 10]::order_status,
           0, 1500, 1500, 'XOF', 'cash_on_delivery', 0, 'Dakar', now() - (n || ' minutes')::interval * 60
         from o`,
      [like, prospects, orders],
    );
    await client.query(
      `with p as (select id, business_id, price, name, row_number() over (partition by business_id) as pn from products)
       insert into order_items (business_id, order_id, product_id, name, quantity, unit_price, line_total)
         select o.business_id, o.id, p.id, p.name, 1 + (o.number + l) % 3, p.price, p.price * (1 + (o.number + l) % 3)
         from orders o join businesses bu on bu.id = o.business_id and bu.slug like $1,
           generate_series(0, 2) l, p
         where p.business_id = o.business_id and p.pn = 1 + (o.number * 7 + l * 131) % $2::int`,
      [like, products],
    );
    await client.query(
      `update orders o set subtotal = s.sum, total = s.sum + o.delivery_fee
         from (select order_id, sum(line_total) as sum from order_items group by order_id) s
         where s.order_id = o.id
           and o.business_id in (select id from businesses where slug like $1)`,
      [like],
    );
    await seed.extra?.(client);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
  await pool.query('analyze');
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

/** The seeded businesses' ids, in the order of their n (1 first). */
export async function shopIds(pool: pg.Pool, prefix: string): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `select id from businesses where slug like $1
       order by substring(slug from ${prefix.length + 2})::int`,
    [`${prefix}-%`],
  );
  return rows.map((row) => row.id);
}

/** Signs in over tRPC as the dashboard does; the session cookie (`name=value`). */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${base}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ json: { email, password } }),
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/**
 * CPU time (user + system, ms) used so far by each process `matches` picks from /proc (by pid,
 * parent pid, command name and command line); null where there is no /proc.
 */
function cpuMsOf(
  matches: (pid: number, ppid: number, command: string, commandLine: () => string) => boolean,
): Map<number, number> | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const ticksPerMs = 100 / 1000; // USER_HZ: 100 on Linux
  const found = new Map<number, number>();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const close = stat.lastIndexOf(')');
    const command = stat.slice(stat.indexOf('(') + 1, close);
    // The fields after the command: state, ppid, …, utime (14th of the line), stime (15th).
    const fields = stat.slice(close + 2).split(' ');
    const commandLine = () => {
      try {
        return readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      } catch {
        return '';
      }
    };
    if (!matches(Number(entry), Number(fields[1]), command, commandLine)) continue;
    found.set(Number(entry), (Number(fields[11]) + Number(fields[12])) / ticksPerMs);
  }
  return found;
}

/** CPU samples of a set of processes, to subtract: what they used in between, new ones included. */
export type CpuSample = Map<number, number> | null;

export function cpuMsBetween(before: CpuSample, after: CpuSample): number | null {
  if (!before || !after) return null;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** The process `pid` and its children (a WEB_CONCURRENCY cluster's workers). */
export const processTreeCpu = (pid: number | undefined): CpuSample =>
  pid === undefined ? null : cpuMsOf((each, parent) => each === pid || parent === pid);

/**
 * PostgreSQL's backends serving `database` (their title names it): not the other databases'
 * work on a shared machine.
 */
export const postgresCpu = (database: string): CpuSample =>
  cpuMsOf(
    (_pid, _ppid, command, commandLine) =>
      command === 'postgres' && commandLine().includes(` ${database} `),
  );

/**
 * Runs `call` from `clients` concurrent loops for `warmupSeconds` (not measured: JIT compilation,
 * pools filling up) then `seconds`; `call` resolves true on success. Returns counts, completed
 * calls per second and p50/p99 latency in ms of the measured part, and the successful calls in all.
 * BENCH_TRACE=1 prints the latencies second by second.
 */
export async function timedLoad(
  name: string,
  seconds: number,
  clients: number,
  call: (client: number) => Promise<boolean>,
  { warmupSeconds = 0 }: { warmupSeconds?: number } = {},
) {
  const samples: { at: number; ms: number }[] = [];
  let errors = 0;
  let succeeded = 0;
  const started = performance.now() + warmupSeconds * 1000;
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const ok = await call(client).catch(() => false);
        if (!ok) errors += 1;
        else if (t0 < started) succeeded += 1;
        else {
          succeeded += 1;
          samples.push({ at: t0 - started, ms: performance.now() - t0 });
        }
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  const percentiles = (values: number[]) => {
    values.sort((a, b) => a - b);
    const pct = (p: number) =>
      values[Math.min(values.length - 1, Math.floor(p * values.length))] ?? 0;
    return { p50: +pct(0.5).toFixed(1), p99: +pct(0.99).toFixed(1) };
  };
  if (benchEnv.BENCH_TRACE) {
    const bySecond = Map.groupBy(samples, (sample) => Math.floor(sample.at / 1000));
    console.log(name);
    console.table(
      [...bySecond].map(([second, items]) => ({
        second,
        calls: items.length,
        ...percentiles(items.map((item) => item.ms)),
      })),
    );
  }
  return {
    name,
    requests: samples.length,
    /** Failed calls in all, warm-up included. */
    errors,
    perSecond: Math.round(samples.length / wall),
    ...percentiles(samples.map((sample) => sample.ms)),
    /** Successful calls in all, warm-up included. */
    succeeded,
  };
}

/**
 * timedLoad of a `call` that throws on failure, 2 s of warm-up first, with what the phase cost
 * per successful call (warm-up included) in CPU: in the server's processes, in PostgreSQL's (the
 * backends of this database) and in this one (the load generator, and a floor's pg parsing).
 * CPU time, unlike the rates and latencies, hardly moves with what else the machine runs.
 */
export async function costedLoad(
  name: string,
  seconds: number,
  clients: number,
  call: (client: number) => Promise<void>,
  target: { serverPid: number | undefined; databaseUrl: string },
) {
  const databaseName = new URL(target.databaseUrl).pathname.slice(1);
  const serverBefore = processTreeCpu(target.serverPid);
  const postgresBefore = postgresCpu(databaseName);
  const benchBefore = process.cpuUsage();
  const result = await timedLoad(
    name,
    seconds,
    clients,
    async (client) => {
      await call(client);
      return true;
    },
    { warmupSeconds: 2 },
  );
  const serverMs = cpuMsBetween(serverBefore, processTreeCpu(target.serverPid));
  const postgresMs = cpuMsBetween(postgresBefore, postgresCpu(databaseName));
  const bench = process.cpuUsage(benchBefore);
  const perCall = (ms: number | null) =>
    ms === null ? null : +(ms / Math.max(1, result.succeeded)).toFixed(2);
  return {
    ...result,
    'server CPU ms/call': perCall(serverMs),
    'bench CPU ms/call': perCall((bench.user + bench.system) / 1000),
    'PostgreSQL CPU ms/call': perCall(postgresMs),
  };
}

/** An answer's body as its client reads it. */
function decompress(body: Buffer, encoding: string | undefined): Buffer {
  switch (encoding) {
    case undefined:
    case 'identity':
      return body;
    case 'zstd':
      return zstdDecompressSync(body);
    case 'br':
      return brotliDecompressSync(body);
    case 'gzip':
      return gunzipSync(body);
    default:
      throw new Error(`unexpected content-encoding ${encoding}`);
  }
}

/**
 * A keep-alive HTTP client for load: the load generator shares the machine's cores with what it
 * measures. GETs go over bare sockets (raw-http.ts: a fraction of node:http's CPU, which is a
 * fraction of fetch's); POSTs through node:http.
 */
export function httpClient(connections: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const rawClients = new Map<string, ReturnType<typeof rawHttpClient>>();
  const rawClient = (origin: string) => {
    let client = rawClients.get(origin);
    if (!client) {
      client = rawHttpClient(origin, connections);
      rawClients.set(origin, client);
    }
    return client;
  };
  /** A GET as the load asks for it (BENCH_ACCEPT_ENCODING unless `headers` says otherwise). */
  const rawGet = (url: string, headers: Record<string, string>) => {
    const { origin, pathname, search } = new URL(url);
    return rawClient(origin).get(`${pathname}${search}`, {
      'accept-encoding': benchEnv.BENCH_ACCEPT_ENCODING,
      ...headers,
    });
  };
  return {
    /** POSTs `body`; resolves with the status once the whole answer is read. */
    post(url: string, body: string, headers: Record<string, string>): Promise<number> {
      return new Promise((resolve, reject) => {
        const req = request(
          url,
          {
            method: 'POST',
            agent,
            headers: { ...headers, 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            res.on('data', () => {});
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    },
    /**
     * GETs `url` as a browser would (BENCH_ACCEPT_ENCODING); resolves with the status once the
     * whole answer is read and, when compressed, decompressed, as a browser does.
     */
    async get(url: string, headers: Record<string, string>): Promise<number> {
      const answer = await rawGet(url, headers);
      if (answer.body) decompress(answer.body, answer.encoding);
      return answer.status;
    },
    /** What an answer weighs on the wire as the load asks for it, and its encoding. */
    async size(url: string, headers: Record<string, string>) {
      const answer = await rawGet(url, headers);
      return { bytes: answer.bytes, encoding: answer.encoding ?? 'identity' };
    },
    close() {
      agent.destroy();
      for (const client of rawClients.values()) client.close();
    },
  };
}

/** One event of the live stream, with the moment its chunk reached the client. */
export interface SeenEvent {
  index: number;
  at: number;
  event: { type: string } & Record<string, unknown>;
}

/**
 * The dashboard's live events (`live.events`, tRPC's SSE) read as the web app's EventSource does:
 * the stream parsed block by block, each event's data unwrapped from superjson's `{ json }`.
 */
async function liveStream(base: string, cookie: string) {
  const abort = new AbortController();
  const response = await fetch(`${base}/trpc/live.events`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  const body = response.body;
  if (response.status !== 200 || !body) throw new Error(`live.events answered ${response.status}`);
  const events: SeenEvent[] = [];
  let wake = () => {};
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        const at = performance.now();
        buffer += decoder.decode(chunk, { stream: true }).replaceAll('\r\n', '\n');
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const data = buffer
            .slice(0, end)
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          buffer = buffer.slice(end + 2);
          if (!data) continue;
          try {
            const parsed = JSON.parse(data) as { json?: unknown };
            const event = (parsed.json ?? parsed) as SeenEvent['event'];
            if (typeof event?.type === 'string') events.push({ index: events.length, at, event });
          } catch {
            // Not an event (tRPC's connection and ping messages).
          }
        }
        wake();
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    events,
    /** The first event from `index` on that `matches`; null when none came within `ms`. */
    async next(
      index: number,
      matches: (event: SeenEvent['event']) => boolean,
      ms: number,
    ): Promise<SeenEvent | null> {
      const deadline = performance.now() + ms;
      for (let i = index; ; i++) {
        while (i >= events.length) {
          const left = deadline - performance.now();
          if (left <= 0) return null;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, left);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
        const seen = events[i];
        if (seen && matches(seen.event)) return seen;
      }
    },
    async close() {
      abort.abort();
      await reading;
    },
  };
}

/**
 * A dashboard tab over HTTP: signed in with the session cookie as the web app is (writes carry its
 * Origin), tRPC calls in superjson's wire form, and its live events.
 */
export async function signInDashboard(base: string, login: { email: string; password: string }) {
  const signIn = await fetch(`${base}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ json: { ...login, client: 'web' } }),
  });
  await signIn.arrayBuffer();
  const cookie = signIn.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  if (signIn.status !== 200 || !cookie.includes('flux_session=')) {
    throw new Error(`sign-in answered ${signIn.status}`);
  }
  async function answer<T>(path: string, response: Response): Promise<T> {
    const body = (await response.json()) as { result?: { data?: { json?: T } } };
    if (response.status !== 200 || !body.result?.data) {
      throw new Error(`${path} answered ${response.status}: ${JSON.stringify(body)}`);
    }
    return body.result.data.json as T;
  }
  return {
    /** A query as the dashboard's link sends it: GET with the input in the URL. */
    async query<T>(path: string, input: unknown): Promise<T> {
      const query = encodeURIComponent(JSON.stringify({ json: input }));
      return answer<T>(
        path,
        await fetch(`${base}/trpc/${path}?input=${query}`, { headers: { cookie } }),
      );
    },
    async mutate<T>(path: string, input: unknown): Promise<T> {
      return answer<T>(
        path,
        await fetch(`${base}/trpc/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, origin: base },
          body: JSON.stringify({ json: input }),
        }),
      );
    },
    /** A top-level navigation of this tab (redirects not followed). */
    navigate: (path: string) =>
      fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' }),
    live: () => liveStream(base, cookie),
  };
}
