// /metrics: Prometheus text (prom-client) for the operators: HTTP latency per route pattern, tRPC
// procedures' durations and errors, the pg-boss queues' backlog, the webhook inbox's lag, the
// notifications by state, the database pool, and Node's own (event loop lag, memory, GC).
//
// Served on the main port behind a bearer token (METRICS_TOKEN; unset: 404), not on a port of its
// own: Render and Railway route one port per service, and a hosted scraper (Grafana Cloud, a
// Prometheus elsewhere) reaches the public URL only.
//
// With WEB_CONCURRENCY > 1 a scrape lands on any one server process: that process asks the cluster's
// primary, which gathers every process's registry (prom-client's AggregatorRegistry over the IPC
// channel) and answers their sum (counters, histograms, pool gauges) or their maximum (the gauges
// read from the database, the same in every process).
import cluster from 'node:cluster';
import { timingSafeEqual } from 'node:crypto';
import { appRouter, type ProcedureObserver } from '@flux/api';
import type { Database } from '@flux/db';
import { type OperationalGauges, operationalGauges } from '@flux/db/queries/metrics';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type pg from 'pg';
import {
  AggregatorRegistry,
  Counter,
  collectDefaultMetrics,
  Gauge,
  Histogram,
  Registry,
} from 'prom-client';

/** Database gauges are read at most this often, whatever the number of scrapers. */
const GAUGES_TTL_MS = 5_000;

/** Procedure names the router knows: anything else is counted as `unknown` (bounded labels). */
const PROCEDURES = new Set(Object.keys(appRouter._def.procedures));

export interface Metrics {
  registry: Registry;
  /** Times every request, labelled with the route pattern that answered it. */
  middleware: MiddlewareHandler;
  observeProcedure: ProcedureObserver;
  /** The text of a scrape (every process's, in a cluster). */
  scrape(): Promise<string>;
}

export function createMetrics(params: { db: Database; pool: pg.Pool }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'flux_' });

  const httpDuration = new Histogram({
    name: 'flux_http_request_duration_seconds',
    help: 'HTTP requests by route pattern (never the raw URL), method and status class',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const procedureDuration = new Histogram({
    name: 'flux_trpc_procedure_duration_seconds',
    help: 'tRPC procedure calls by procedure, type and outcome',
    labelNames: ['procedure', 'type', 'outcome'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const procedureErrors = new Counter({
    name: 'flux_trpc_procedure_errors_total',
    help: 'tRPC procedure calls that answered an error, by tRPC error code',
    labelNames: ['procedure', 'code'],
    registers: [registry],
  });

  let cached: { at: number; value: Promise<OperationalGauges> } | undefined;
  const gauges = () => {
    const now = Date.now();
    if (!cached || now - cached.at > GAUGES_TTL_MS) {
      const value = operationalGauges(params.db);
      // A failed read is not kept: the next scrape asks again.
      value.catch(() => {
        if (cached?.value === value) cached = undefined;
      });
      cached = { at: now, value };
    }
    return cached.value;
  };
  // Read from the database: the same value in every process, so a cluster keeps the maximum.
  const queueReady = new Gauge({
    name: 'flux_queue_ready_jobs',
    help: 'pg-boss jobs that could run now (created or retry, start time passed), per queue',
    labelNames: ['queue'],
    aggregator: 'max',
    registers: [registry],
    async collect() {
      for (const q of (await gauges()).queues) this.set({ queue: q.queue }, q.ready);
    },
  });
  const queueOldest = new Gauge({
    name: 'flux_queue_oldest_job_age_seconds',
    help: 'Age of the oldest pg-boss job that could run now, per queue (0: none waiting)',
    labelNames: ['queue'],
    aggregator: 'max',
    registers: [registry],
    async collect() {
      for (const q of (await gauges()).queues) this.set({ queue: q.queue }, q.oldestSeconds);
    },
  });
  new Gauge({
    name: 'flux_webhook_inbox_pending',
    help: 'Webhook events stored and not yet ingested',
    aggregator: 'max',
    registers: [registry],
    async collect() {
      this.set((await gauges()).inbox.pending);
    },
  });
  new Gauge({
    name: 'flux_webhook_inbox_lag_seconds',
    help: 'Age of the oldest webhook event not yet ingested (0: the inbox is empty)',
    aggregator: 'max',
    registers: [registry],
    async collect() {
      this.set((await gauges()).inbox.oldestSeconds);
    },
  });
  new Gauge({
    name: 'flux_notifications',
    help: 'Notifications by status',
    labelNames: ['status'],
    aggregator: 'max',
    registers: [registry],
    async collect() {
      for (const [status, count] of Object.entries((await gauges()).notifications)) {
        this.set({ status }, count);
      }
    },
  });
  // This process's pool: a cluster adds them up.
  new Gauge({
    name: 'flux_db_pool_connections',
    help: 'Database pool connections of the server processes, by state (waiting: queries queued for one)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, params.pool.totalCount);
      this.set({ state: 'idle' }, params.pool.idleCount);
      this.set({ state: 'waiting' }, params.pool.waitingCount);
    },
  });
  void queueReady;
  void queueOldest;

  const middleware: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      httpDuration.observe(
        { route: routeOf(c), method: methodOf(c.req.method), status: statusClass(c.res.status) },
        (performance.now() - started) / 1000,
      );
    }
  };

  const observeProcedure: ProcedureObserver = ({ path, type, seconds, error }) => {
    const procedure = PROCEDURES.has(path) ? path : 'unknown';
    procedureDuration.observe({ procedure, type, outcome: error ? 'error' : 'ok' }, seconds);
    if (error) procedureErrors.inc({ procedure, code: error });
  };

  if (cluster.isWorker) {
    // Answers the primary's gathering with this registry (prom-client listens once constructed).
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([registry]);
  }

  return {
    registry,
    middleware,
    observeProcedure,
    scrape: () => (cluster.isWorker ? askPrimary() : registry.metrics()),
  };
}

/** The pattern of the route that answered (`/t/:token`, `/trpc/*`); `unmatched` for a 404 of none. */
export function routeOf(c: Context): string {
  const routes = matchedRoutes(c);
  const answered = routes[c.req.routeIndex];
  if (!answered || c.res.status === 404) {
    // A 404 from a real route (an unknown tracking token) keeps its pattern; one from no route
    // is one series, whatever the URL.
    return answered && answered.method !== 'ALL' ? answered.path : 'unmatched';
  }
  return answered.path;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const methodOf = (method: string) => (METHODS.has(method) ? method : 'other');
const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

/** The token a scraper must present; compared in constant time. */
export function metricsRoute(token: string | undefined, metrics: Metrics): MiddlewareHandler {
  const expected = token ? Buffer.from(`Bearer ${token}`) : null;
  return async (c) => {
    if (!expected) return c.json({ error: 'Not found' }, 404);
    const given = Buffer.from(c.req.header('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return c.json({ error: 'Unauthorized' }, 401, { 'www-authenticate': 'Bearer' });
    }
    return c.body(await metrics.scrape(), 200, {
      'content-type': metrics.registry.contentType,
      'cache-control': 'no-store',
    });
  };
}

// ---- the cluster: a server process asks the primary, the primary gathers every process --------

interface MetricsRequest {
  type: 'flux:metrics-request';
  id: number;
}
interface MetricsAnswer {
  type: 'flux:metrics-answer';
  id: number;
  text?: string;
  error?: string;
}

let nextRequest = 0;
const waiting = new Map<number, (answer: MetricsAnswer) => void>();
let answersHeard = false;

function askPrimary(): Promise<string> {
  if (!answersHeard) {
    answersHeard = true;
    process.on('message', (message: unknown) => {
      const answer = message as Partial<MetricsAnswer> | null;
      if (answer?.type !== 'flux:metrics-answer' || typeof answer.id !== 'number') return;
      waiting.get(answer.id)?.(answer as MetricsAnswer);
      waiting.delete(answer.id);
    });
  }
  const id = nextRequest++;
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => {
      waiting.delete(id);
      reject(new Error('metrics: the cluster primary did not answer'));
    }, 6_000);
    waiting.set(id, (answer) => {
      clearTimeout(timeout);
      if (answer.text !== undefined) resolve(answer.text);
      else reject(new Error(answer.error ?? 'metrics: no answer'));
    });
    process.send?.({ type: 'flux:metrics-request', id } satisfies MetricsRequest);
  });
}

/** In the cluster's primary: answers a server process's request with every process's metrics. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    const request = message as Partial<MetricsRequest> | null;
    if (request?.type !== 'flux:metrics-request' || typeof request.id !== 'number') return;
    const id = request.id;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: 'flux:metrics-answer', id, text } satisfies MetricsAnswer),
      (error: unknown) =>
        worker.send({
          type: 'flux:metrics-answer',
          id,
          error: error instanceof Error ? error.message : String(error),
        } satisfies MetricsAnswer),
    );
  });
}
