// A local fake of the Gemini REST API (`POST /{version}/models/{model}:generateContent`), for tests
// and benches: it answers what the test scripts (a JSON text, an HTTP error, a delay), records the
// requests, and reports usage like Google does.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGeminiRequest {
  model: string;
  apiKey: string | undefined;
  body: {
    contents?: { role?: string; parts?: { text?: string }[] }[];
    systemInstruction?: { parts?: { text?: string }[] };
    generationConfig?: Record<string, unknown>;
  };
  /** The system instruction and user text, joined. */
  system: string;
  user: string;
}

/** What the fake answers: the model's text, or an HTTP error, optionally after a delay. */
export type FakeGeminiReply =
  | { text: string; delayMs?: number }
  | { status: number; message?: string; delayMs?: number };

export interface FakeGemini {
  url: string;
  requests: FakeGeminiRequest[];
  /** Answers for the next calls, in order; then `respond` (the default) is used. */
  queue(...replies: FakeGeminiReply[]): void;
  /** Forgets the queued replies not used. */
  clearQueue(): void;
  close(): Promise<void>;
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  403: 'PERMISSION_DENIED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export async function startFakeGemini(
  options: {
    respond?: (request: FakeGeminiRequest) => FakeGeminiReply | Promise<FakeGeminiReply>;
    apiKey?: string;
  } = {},
): Promise<FakeGemini> {
  const requests: FakeGeminiRequest[] = [];
  const queued: FakeGeminiReply[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const send = (status: number, body: unknown) => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      const match = /^\/[^/]+\/models\/([^/:]+):generateContent$/.exec(
        (req.url ?? '').split('?')[0] ?? '',
      );
      if (req.method !== 'POST' || !match) {
        send(404, { error: { code: 404, message: 'Not found', status: 'NOT_FOUND' } });
        return;
      }
      const apiKey = req.headers['x-goog-api-key'] as string | undefined;
      if (options.apiKey && apiKey !== options.apiKey) {
        send(403, {
          error: { code: 403, message: 'API key not valid', status: 'PERMISSION_DENIED' },
        });
        return;
      }
      let body: FakeGeminiRequest['body'];
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        send(400, { error: { code: 400, message: 'Invalid JSON', status: 'INVALID_ARGUMENT' } });
        return;
      }
      const text = (parts?: { text?: string }[]) => (parts ?? []).map((p) => p.text ?? '').join('');
      const request: FakeGeminiRequest = {
        model: match[1] ?? '',
        apiKey,
        body,
        system: text(body.systemInstruction?.parts),
        user: (body.contents ?? []).map((c) => text(c.parts)).join('\n'),
      };
      requests.push(request);
      const reply = queued.shift() ??
        (await options.respond?.(request)) ?? { status: 500, message: 'no reply scripted' };
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if ('status' in reply) {
        send(reply.status, {
          error: {
            code: reply.status,
            message: reply.message ?? 'Scripted error',
            status: STATUS_NAMES[reply.status] ?? 'UNKNOWN',
          },
        });
        return;
      }
      const tokensIn = Math.ceil((request.system.length + request.user.length) / 4);
      const tokensOut = Math.ceil(reply.text.length / 4);
      send(200, {
        candidates: [
          {
            content: { role: 'model', parts: [{ text: reply.text }] },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        usageMetadata: {
          promptTokenCount: tokensIn,
          candidatesTokenCount: tokensOut,
          totalTokenCount: tokensIn + tokensOut,
        },
        modelVersion: request.model,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    queue: (...replies) => queued.push(...replies),
    clearQueue: () => {
      queued.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
