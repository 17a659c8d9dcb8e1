// bench:email's second part (bench/email.ts runs it): Gmail's push to the email visible in the
// inbox, against the real server in its own process with its worker inline (pg-boss), its Google
// settings pointed at the fake through its environment (docs/configuration.md). The mailbox, already
// imported, is connected again through the product's own flow (email.connectGmail → the fake's
// consent → /oauth/google/callback, whose sync sets up Gmail's watch); a dashboard tab signed in
// with its cookie listens to live.events and reads the inbox's email list (email.threads, limit
// 50) on each `email.thread` event, as the inbox screen does. Each round: a new message in the
// fake mailbox, then the fake's Pub/Sub push (its signed JWT) to POST /webhooks/gmail, timed from
// the push's send to the live event at the tab and to the inbox query returning the email. The
// floor of each round: the push's own HTTP round trip + one inbox query.
import { loadavg } from 'node:os';
import { FAKE_PUSH_SERVICE_ACCOUNT, type FakeGoogle } from '@flux/integrations';
import { type SeenEvent, signInDashboard, spawnServer } from './lib';

const WARMUP_ROUNDS = 3;
/** A round whose email is not in the inbox by then fails the bench. */
const ROUND_DEADLINE_MS = 30_000;
const AUDIENCE = 'https://bench.flux.test/webhooks/gmail';

export const loadAverage = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
};
const summary = (values: number[]) => ({
  n: values.length,
  p50: +pct(values, 0.5).toFixed(1),
  p95: +pct(values, 0.95).toFixed(1),
  p99: +pct(values, 0.99).toFixed(1),
  max: +pct(values, 1).toFixed(1),
});

/** The server's environment pointed at the Google fake, push included. */
const googleEnv = (google: FakeGoogle) => ({
  GOOGLE_CLIENT_ID: 'flux-bench.apps.googleusercontent.com',
  GOOGLE_CLIENT_SECRET: 'GOCSPX-bench',
  GOOGLE_REDIRECT_URI: 'http://127.0.0.1/oauth/google/callback',
  GOOGLE_OAUTH_AUTHORIZE_URL: google.endpoints.authorize,
  GOOGLE_OAUTH_TOKEN_URL: google.endpoints.token,
  GOOGLE_OAUTH_REVOKE_URL: google.endpoints.revoke,
  GMAIL_API_BASE_URL: google.url,
  GOOGLE_JWKS_URL: google.jwksUrl,
  GMAIL_PUBSUB_TOPIC: 'projects/flux-bench/topics/gmail',
  GMAIL_PUSH_AUDIENCE: AUDIENCE,
  GMAIL_PUSH_SERVICE_ACCOUNT: FAKE_PUSH_SERVICE_ACCOUNT,
});

type Tab = Awaited<ReturnType<typeof signInDashboard>>;
type Live = Awaited<ReturnType<Tab['live']>>;
type ThreadsPage = { items: { threadRef: string }[] };
const isEmailEvent = (event: SeenEvent['event']) => event.type === 'email.thread';

export interface PushBench {
  google: FakeGoogle;
  /** The mailbox, in the fake and imported into the database. */
  address: string;
  databaseUrl: string;
  /** Its owner's sign-in, and the mailbox's account. */
  login: { email: string; password: string; accountId: string };
  /** The n-th message of the mailbox, as RFC 822. */
  message: (n: number) => string;
  /** The first n not in the mailbox yet. */
  firstNew: number;
  rounds: number;
}

/** The mailbox connected again through the product's flow, as the settings page does it. */
async function reconnect(bench: PushBench, tab: Tab) {
  const { url } = await tab.mutate<{ url: string }>('email.connectGmail', {
    shared: true,
    loginHint: bench.address,
  });
  // The fake's consent screen answers at once with Google's redirect; the browser follows it.
  const granted = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '');
  const back = await tab.navigate(`/oauth/google/callback${granted.search}`);
  const settings = back.headers.get('location') ?? '';
  if (!settings.includes(`email=connected&account=${bench.login.accountId}`)) {
    throw new Error(`bench: the connection came back to ${settings}`);
  }
  // The sync it enqueued (in the server's worker) sets up Gmail's watch.
  const deadline = performance.now() + 60_000;
  while (!bench.google.watchOf(bench.address)) {
    if (performance.now() > deadline) throw new Error('bench: no watch after the connection');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One round: a new email, the push, until the live event and the inbox showing the email. */
async function pushRound(bench: PushBench, tab: Tab, live: Live, endpoint: string, n: number) {
  const { google, address } = bench;
  const delivered = google.deliver(address, bench.message(n));
  const token = await google.signPushToken({ audience: AUDIENCE });
  let index = live.events.length;
  const t0 = performance.now();
  const acked = google.push(address, { endpoint, audience: AUDIENCE, token }).then((status) => {
    if (status !== 204) throw new Error(`bench: the push answered ${status}`);
    return performance.now() - t0;
  });
  let eventMs: number | undefined;
  let visibleMs: number | undefined;
  let queries = 0;
  while (visibleMs === undefined) {
    const seen = await live.next(index, isEmailEvent, ROUND_DEADLINE_MS - (performance.now() - t0));
    if (!seen) {
      throw new Error(`bench: email ${n} not in the inbox ${ROUND_DEADLINE_MS} ms after its push`);
    }
    index = seen.index + 1;
    eventMs ??= seen.at - t0;
    // What the inbox does on the event: its email list read again.
    const page = await tab.query<ThreadsPage>('email.threads', { limit: 50 });
    queries += 1;
    if (page.items.some((item) => item.threadRef === delivered.threadId)) {
      visibleMs = performance.now() - t0;
    }
  }
  const pushMs = await acked;
  // The email's triage announces itself too (its category in the list): awaited, so that rounds
  // do not overlap; then the floor's inbox query, with nothing else running.
  const triaged = await live.next(index, isEmailEvent, ROUND_DEADLINE_MS);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const q0 = performance.now();
  await tab.query<ThreadsPage>('email.threads', { limit: 50 });
  const queryMs = performance.now() - q0;
  return {
    eventMs: eventMs ?? Number.NaN,
    visibleMs,
    triagedMs: triaged ? triaged.at - t0 : null,
    pushMs,
    queryMs,
    queries,
  };
}

export async function pushToVisible(bench: PushBench) {
  const loadBefore = loadAverage();
  const server = await spawnServer({
    DATABASE_URL: bench.databaseUrl,
    RUN_WORKER: 'true',
    RATE_LIMIT: 'false',
    WHATSAPP_SANDBOX: 'false',
    ...googleEnv(bench.google),
  });
  let live: Live | undefined;
  try {
    const tab = await signInDashboard(server.base, bench.login);
    await reconnect(bench, tab);
    live = await tab.live();
    const endpoint = `${server.base}/webhooks/gmail`;
    const rounds: Awaited<ReturnType<typeof pushRound>>[] = [];
    for (let round = 0; round < WARMUP_ROUNDS + bench.rounds; round++) {
      const result = await pushRound(bench, tab, live, endpoint, bench.firstNew + round);
      if (round >= WARMUP_ROUNDS) rounds.push(result);
    }
    const triaged = rounds.flatMap((round) => (round.triagedMs === null ? [] : [round.triagedMs]));
    console.log(
      `\nemail push → visible in the inbox: ${bench.rounds} rounds after ${WARMUP_ROUNDS} unmeasured, one new email each, ` +
        `${bench.firstNew}+ emails in the mailbox; the server in its own process (Node ${process.version}), its worker inline; ` +
        `load average ${loadBefore} before, ${loadAverage()} after`,
    );
    const row = (label: string, values: number[]) => ({
      'ms from the push sent': label,
      ...summary(values),
    });
    console.table([
      row(
        'live event at the tab',
        rounds.map((r) => r.eventMs),
      ),
      row(
        'inbox query shows the email',
        rounds.map((r) => r.visibleMs),
      ),
      row('triage stored: its live event', triaged),
      row(
        'floor: push round trip (204)',
        rounds.map((r) => r.pushMs),
      ),
      row(
        'floor: one inbox query, alone',
        rounds.map((r) => r.queryMs),
      ),
      row(
        'floor: push round trip + inbox query',
        rounds.map((r) => r.pushMs + r.queryMs),
      ),
    ]);
    const queries = rounds.reduce((sum, round) => sum + round.queries, 0);
    console.log(
      `inbox queries until visible: ${(queries / rounds.length).toFixed(2)} a round; rounds without their triage event: ${rounds.length - triaged.length}`,
    );
  } finally {
    await live?.close();
    await server.stop();
  }
}
