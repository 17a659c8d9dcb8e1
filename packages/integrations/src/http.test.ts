import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpClient, ProviderError } from './http';

let server: Server;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'abc', auth: req.headers.authorization }));
    } else if (req.url === '/slow') {
      setTimeout(() => res.end('{}'), 2_000);
    } else if (req.url === '/limited') {
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 130429 } }));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ unexpected: true }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const shape = z.object({ id: z.string(), auth: z.string().optional() });

describe('createHttpClient', () => {
  it('sends the provider headers and parses the response', async () => {
    const client = createHttpClient({
      provider: 'fake',
      baseUrl,
      headers: () => ({ authorization: 'Bearer t0k3n' }),
    });
    await expect(client.request('GET', '/ok', shape)).resolves.toEqual({
      id: 'abc',
      auth: 'Bearer t0k3n',
    });
  });

  it('a 429 is a retryable ProviderError carrying the body', async () => {
    const client = createHttpClient({ provider: 'fake', baseUrl });
    const error = await client.request('GET', '/limited', shape).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      status: 429,
      retryable: true,
      body: { error: { code: 130429 } },
    });
  });

  it('a response of the wrong shape is an error, not bad data', async () => {
    const client = createHttpClient({ provider: 'fake', baseUrl });
    await expect(client.request('GET', '/other', shape)).rejects.toThrow(/unexpected response/);
  });

  it('gives up after the timeout', async () => {
    const client = createHttpClient({ provider: 'fake', baseUrl, timeoutMs: 100 });
    await expect(client.request('GET', '/slow', shape)).rejects.toMatchObject({ status: 0 });
  });
});
