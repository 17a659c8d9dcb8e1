// OpenTelemetry traces as a collector receives them (an in-memory exporter in place of OTLP): a
// request is a server span named by its route, continuing the caller's trace; a tRPC call is its
// child; a tracking token never reaches a span.
import { randomBytes } from 'node:crypto';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { useTestServer } from './testing';
import { parseOtlpHeaders } from './tracing';

const exporter = new InMemorySpanExporter();
const server = useTestServer({ runWorker: false, traceExporter: exporter });
let base = '';
beforeAll(() => {
  base = server.url;
});
beforeEach(() => exporter.reset());

/** Spans are exported when they end; the server span ends just after the answer is sent. */
async function spansNamed(name: string) {
  for (let i = 0; i < 50; i++) {
    const found = exporter.getFinishedSpans().filter((span) => span.name === name);
    if (found.length > 0) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no span ${name}: ${exporter.getFinishedSpans().map((s) => s.name)}`);
}

it("a tRPC call is a child of its request's span, which continues the caller's trace", async () => {
  const traceId = randomBytes(16).toString('hex');
  const callerSpan = randomBytes(8).toString('hex');
  const response = await fetch(
    `${base}/trpc/orders.list?input=${encodeURIComponent('{"json":{}}')}`,
    { headers: { traceparent: `00-${traceId}-${callerSpan}-01` } },
  );
  expect(response.status).toBe(401);

  const [request] = await spansNamed('GET /trpc/*');
  const [procedure] = await spansNamed('trpc orders.list');
  expect(request?.kind).toBe(SpanKind.SERVER);
  expect(request?.spanContext().traceId).toBe(traceId);
  expect(request?.parentSpanContext?.spanId).toBe(callerSpan);
  expect(request?.attributes['http.response.status_code']).toBe(401);
  expect(procedure?.spanContext().traceId).toBe(traceId);
  expect(procedure?.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
  expect(procedure?.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'UNAUTHORIZED' });
  expect(procedure?.resource.attributes['service.name']).toBe('fluxasync');
});

it('a tracking link is traced by its pattern: the token is in no span', async () => {
  const token = randomBytes(12).toString('base64url');
  await fetch(`${base}/t/${token}`);
  const [span] = await spansNamed('GET /t/:token');
  expect(
    JSON.stringify(exporter.getFinishedSpans().map((s) => [s.name, s.attributes])),
  ).not.toContain(token);
  expect(span?.attributes['http.route']).toBe('/t/:token');
});

it('OTEL_EXPORTER_OTLP_HEADERS is read as the specification writes it', () => {
  expect(parseOtlpHeaders('authorization=Bearer%20abc,x-scope=flux, bad')).toEqual({
    authorization: 'Bearer abc',
    'x-scope': 'flux',
  });
  expect(parseOtlpHeaders(undefined)).toEqual({});
});
