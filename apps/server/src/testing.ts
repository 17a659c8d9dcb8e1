// Test harness of the server: the whole product in this process, on a fresh test database.
import type { EmailConfig } from '@flux/api';
import { createTestDatabase } from '@flux/db/testing';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import pino, { type Logger } from 'pino';
import { afterAll, beforeAll, inject } from 'vitest';
import { type RunningServer, startServer } from './server';

/**
 * Starts the server (demo seed, worker in process, no rate limit) once for the test file;
 * `options` replace the logger or keep the worker out.
 */
export function useTestServer(
  options: {
    log?: Logger;
    runWorker?: boolean;
    metricsToken?: string;
    traceExporter?: SpanExporter;
    email?: () => EmailConfig;
    apiRateLimitPerMinute?: number;
    compressAnswers?: boolean;
  } = {},
) {
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let running: RunningServer | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(inject('pgServerUrl'), inject('pgTemplate'));
    running = await startServer({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: database.url,
      redisUrl: undefined,
      seedDemo: true,
      runWorker: options.runWorker ?? true,
      rateLimit: false,
      log: options.log ?? pino({ level: 'silent' }),
      ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
      ...(options.traceExporter ? { traceExporter: options.traceExporter } : {}),
      ...(options.email ? { email: options.email() } : {}),
      ...(options.compressAnswers === undefined
        ? {}
        : { compressAnswers: options.compressAnswers }),
      ...(options.apiRateLimitPerMinute !== undefined
        ? { apiRateLimitPerMinute: options.apiRateLimitPerMinute }
        : {}),
    });
  });
  afterAll(async () => {
    await running?.stop();
    await database?.drop();
  });
  return {
    get running(): RunningServer {
      if (!running) throw new Error('useTestServer: used before beforeAll ran');
      return running;
    },
    get url(): string {
      return this.running.url ?? '';
    },
  };
}
