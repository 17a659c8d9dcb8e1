// /metrics as Prometheus scrapes it: behind its token, parseable text, every named series, counters
// that move with traffic, and labels that stay bounded whatever URLs the internet tries.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMetrics, metricsRoute } from './metrics';
import { useTestServer } from './testing';

const TOKEN = 'metrics-test-token-0123456789';
// No worker: jobs and webhook events wait, so the backlog gauges have something to show.
const server = useTestServer({ runWorker: false, metricsToken: TOKEN });
let base = '';
beforeAll(() => {
  base = server.url;
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * The text exposition format (version 0.0.4), strictly: `# HELP`/`# TYPE` lines, then samples
 * `name{label="value",...} number`. Throws on any other line, so a malformed answer fails.
 */
function parsePrometheus(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const sampleLine =
    /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*)\})? (-?(?:[0-9.e+-]+|[Nn]a[Nn]|\+Inf|-Inf))$/;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = line.match(
      /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary)$/,
    );
    if (type?.[1] && type[2]) {
      types.set(type[1], type[2]);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/.test(line)) continue;
    const match = line.match(sampleLine);
    if (!match?.[1] || match[3] === undefined) throw new Error(`not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      if (pair[1]) labels[pair[1]] = pair[2] ?? '';
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return { samples, types };
}

async function scrape() {
  const response = await fetch(`${base}/metrics`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
  return parsePrometheus(await response.text());
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples
    .filter(
      (sample) =>
        sample.name === name &&
        Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted),
    )
    .reduce((sum, sample) => sum + sample.value, 0);

describe('/metrics', () => {
  it('exposes the backlog: a webhook waiting 90 s is the inbox lag, a job waiting is its queue depth', async () => {
    const { db } = server.running.database;
    await db.execute(sql`
      insert into webhook_events (provider, external_id, payload, signature_valid, received_at)
      values ('whatsapp', ${randomUUID()}, '{}'::jsonb, true, now() - interval '90 seconds')`);
    await db.execute(sql`
      insert into pgboss.job (name, data, created_on)
      values ('notifications.send', '{}'::jsonb, now() - interval '30 seconds')`);

    const { samples, types } = await scrape();
    expect(value(samples, 'flux_webhook_inbox_pending')).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'flux_webhook_inbox_lag_seconds')).toBeGreaterThanOrEqual(90);
    expect(
      value(samples, 'flux_queue_ready_jobs', { queue: 'notifications.send' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(samples, 'flux_queue_oldest_job_age_seconds', { queue: 'notifications.send' }),
    ).toBeGreaterThanOrEqual(30);
    // Every queue has its series, at 0 when empty.
    expect(samples.some((s) => s.name === 'flux_queue_ready_jobs' && s.value === 0)).toBe(true);
    // The named series, all of them.
    for (const name of [
      'flux_http_request_duration_seconds',
      'flux_trpc_procedure_duration_seconds',
      'flux_trpc_procedure_errors_total',
      'flux_queue_ready_jobs',
      'flux_queue_oldest_job_age_seconds',
      'flux_webhook_inbox_lag_seconds',
      'flux_notifications',
      'flux_db_pool_connections',
      'flux_nodejs_eventloop_lag_seconds',
    ]) {
      expect(types.has(name), name).toBe(true);
    }
    for (const status of ['pending', 'sent', 'delivered', 'failed', 'dead']) {
      expect(
        samples.some((s) => s.name === 'flux_notifications' && s.labels.status === status),
      ).toBe(true);
    }
    expect(value(samples, 'flux_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
  });

  it('HTTP and tRPC counters move with requests; a failed call is counted by its code', async () => {
    const before = (await scrape()).samples;
    for (let i = 0; i < 3; i++) await fetch(`${base}/healthz`);
    // Not signed in: UNAUTHORIZED.
    const refused = await fetch(
      `${base}/trpc/orders.list?input=${encodeURIComponent('{"json":{}}')}`,
    );
    expect(refused.status).toBe(401);
    const after = (await scrape()).samples;

    const healthz = { route: '/healthz', method: 'GET', status: '2xx' };
    expect(
      value(after, 'flux_http_request_duration_seconds_count', healthz) -
        value(before, 'flux_http_request_duration_seconds_count', healthz),
    ).toBe(3);
    const procedure = { procedure: 'orders.list', type: 'query', outcome: 'error' };
    expect(
      value(after, 'flux_trpc_procedure_duration_seconds_count', procedure) -
        value(before, 'flux_trpc_procedure_duration_seconds_count', procedure),
    ).toBe(1);
    const errors = { procedure: 'orders.list', code: 'UNAUTHORIZED' };
    expect(
      value(after, 'flux_trpc_procedure_errors_total', errors) -
        value(before, 'flux_trpc_procedure_errors_total', errors),
    ).toBe(1);
  });

  it('unknown URLs and tokens in paths add no series: labels are route patterns', async () => {
    // Only the series requests make are counted: the process's own (a first major GC's kind, a
    // queue seen for the first time) may appear between two scrapes whatever the URLs.
    const requestSeries = (samples: { name: string }[]) =>
      samples.filter((s) => s.name.startsWith('flux_http_') || s.name.startsWith('flux_trpc_'))
        .length;
    const before = requestSeries((await scrape()).samples);
    const junk = randomUUID();
    await Promise.all([
      fetch(`${base}/nope/${junk}`, { method: 'POST' }),
      fetch(`${base}/nope/${junk}-2`, { method: 'POST' }),
      fetch(`${base}/webhooks/${junk}`),
      fetch(`${base}/t/${junk}`),
      fetch(`${base}/t/${junk}-2`),
      fetch(`${base}/trpc/${junk}.list`),
      fetch(`${base}/${junk}`, { method: 'BREW' }).catch(() => undefined),
    ]);
    const first = await fetch(`${base}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    }).then((r) => r.text());
    expect(first).not.toContain(junk);
    // Once more with other URLs: not one series more.
    const junk2 = randomUUID();
    await Promise.all([
      fetch(`${base}/nope/${junk2}`, { method: 'POST' }),
      fetch(`${base}/t/${junk2}`),
      fetch(`${base}/trpc/${junk2}.list`),
    ]);
    const { samples } = await scrape();
    const afterFirst = requestSeries(parsePrometheus(first).samples);
    expect(requestSeries(samples)).toBe(afterFirst);
    expect(afterFirst - before).toBeLessThan(60);
    const routes = new Set(
      samples.filter((s) => s.name.startsWith('flux_http_')).map((s) => s.labels.route),
    );
    for (const route of routes) expect(route).toMatch(/^(unmatched|\*|\/[a-z/:*.-]*)$/);
  });

  it('the Grafana dashboard (docs/grafana-dashboard.json) charts only series /metrics exposes', async () => {
    const dashboard = readFileSync(
      new URL('../../../docs/grafana-dashboard.json', import.meta.url),
      'utf8',
    );
    const charted = new Set(dashboard.match(/flux_[a-z0-9_]+/g));
    expect(charted.size).toBeGreaterThan(10);
    const exposed = new Set((await scrape()).samples.map((sample) => sample.name));
    expect([...charted].filter((name) => !exposed.has(name))).toEqual([]);
  });

  it('refuses a scrape without the token, or with a wrong one', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${base}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}x` },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('flux_');
  });

  it('is a 404 when no METRICS_TOKEN is configured', async () => {
    const metrics = createMetrics({
      db: server.running.database.db,
      pool: server.running.database.pool,
    });
    const app = new Hono().get('/metrics', metricsRoute(undefined, metrics));
    const response = await app.request('/metrics', {
      headers: { authorization: 'Bearer anything' },
    });
    expect(response.status).toBe(404);
  });
});
