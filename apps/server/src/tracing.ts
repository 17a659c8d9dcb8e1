// Optional OpenTelemetry traces, on when OTEL_EXPORTER_OTLP_ENDPOINT is set: every HTTP request is
// a server span named by its route pattern (`GET /t/:token`, never the raw URL: a tracking token is
// a customer's key), continuing the caller's W3C `traceparent`; every tRPC procedure is a child
// span. Spans leave in batches over OTLP/HTTP. Off, nothing here runs.
//
// Nothing is registered globally (tracer provider, context manager, propagator): the request's span
// travels in an AsyncLocalStorage of this module, so a test can run a server with an in-memory
// exporter beside others in one process.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ProcedureObserver } from '@flux/api';
import {
  type Context,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { MiddlewareHandler } from 'hono';
import { routeOf } from './metrics';

export interface Tracing {
  middleware: MiddlewareHandler;
  observeProcedure: ProcedureObserver;
  /** Sends what is still buffered, then stops. */
  shutdown(): Promise<void>;
}

const headerGetter: TextMapGetter<Headers> = {
  keys: (headers) => {
    const keys: string[] = [];
    headers.forEach((_, key) => {
      keys.push(key);
    });
    return keys;
  },
  get: (headers, key) => headers.get(key) ?? undefined,
};

/**
 * `exporter`: where spans go (tests pass an in-memory one, exported span by span); default OTLP/HTTP
 * to `${endpoint}/v1/traces`, batched.
 */
export function createTracing(
  options:
    | { endpoint: string; headers: Record<string, string>; serviceName: string }
    | { exporter: SpanExporter; serviceName: string },
): Tracing {
  const processor =
    'exporter' in options
      ? new SimpleSpanProcessor({ exporter: options.exporter })
      : new BatchSpanProcessor({
          exporter: new OTLPTraceExporter({
            url: `${options.endpoint.replace(/\/$/, '')}/v1/traces`,
            headers: options.headers,
          }),
        });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer('fluxasync');
  const propagator = new W3CTraceContextPropagator();
  const active = new AsyncLocalStorage<Context>();

  const middleware: MiddlewareHandler = async (c, next) => {
    const parent = propagator.extract(ROOT_CONTEXT, c.req.raw.headers, headerGetter);
    const span = tracer.startSpan(
      c.req.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': c.req.method } },
      parent,
    );
    try {
      await active.run(trace.setSpan(parent, span), next);
    } finally {
      const route = routeOf(c);
      const status = c.res.status;
      span.updateName(`${c.req.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };

  // Told once the call has answered: its span is written after the fact, from its duration.
  const observeProcedure: ProcedureObserver = ({ path, type, seconds, error }) => {
    const end = performance.timeOrigin + performance.now();
    const span = tracer.startSpan(
      `trpc ${path}`,
      {
        kind: SpanKind.INTERNAL,
        startTime: end - seconds * 1000,
        attributes: { 'rpc.system': 'trpc', 'rpc.method': path, 'trpc.type': type },
      },
      active.getStore() ?? ROOT_CONTEXT,
    );
    if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
    span.end(end);
  };

  return { middleware, observeProcedure, shutdown: () => provider.shutdown() };
}

/** OTEL_EXPORTER_OTLP_HEADERS: `key=value,key2=value2` (values URL-encoded), as the spec writes them. */
export function parseOtlpHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(
      pair.slice(at + 1).trim(),
    );
  }
  return headers;
}
