// API answers compressed for clients that accept it, over real HTTP through node:http (which, unlike
// fetch, shows the bytes as they came): each encoding decompresses to the uncompressed answer, each
// has its own ETag, and a revalidation with it is a 304.
import { brotliDecompressSync, gunzipSync, zstdDecompressSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { rawGet, signInDemo } from '../test/http';
import { negotiateEncoding } from './compression';
import { useTestServer } from './testing';

const server = useTestServer();
let cookie = '';

beforeAll(async () => {
  cookie = await signInDemo(server.url);
});

const get = (path: string, headers: Record<string, string>) =>
  rawGet(`${server.url}${path}`, { cookie, ...headers });

const input = (value: unknown) => encodeURIComponent(JSON.stringify({ json: value }));
const ordersPath = `/trpc/orders.list?input=${input({ limit: 50 })}`;

const decoders = { zstd: zstdDecompressSync, br: brotliDecompressSync, gzip: gunzipSync };

describe('compressed answers', () => {
  it('each encoding a client accepts decompresses to the plain answer, with its own ETag', async () => {
    const plain = await get(ordersPath, { 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    const plainEtag = String(plain.headers.etag);
    for (const [encoding, decode] of Object.entries(decoders)) {
      const answer = await get(ordersPath, { 'accept-encoding': encoding });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding']).toBe(encoding);
      expect(answer.headers.vary).toContain('accept-encoding');
      expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
      expect(answer.body.length).toBeLessThan(plain.body.length / 2);
      expect(decode(answer.body).toString()).toBe(plain.body.toString());
      const etag = String(answer.headers.etag);
      expect(etag).not.toBe(plainEtag);
      const again = await get(ordersPath, {
        'accept-encoding': encoding,
        'if-none-match': etag,
      });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
    }
  });

  it('a browser’s Accept-Encoding gets zstd; small answers and refused encodings stay plain', async () => {
    const chrome = await get(ordersPath, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(chrome.headers['content-encoding']).toBe('zstd');
    const safari = await get(ordersPath, { 'accept-encoding': 'gzip, deflate, br' });
    expect(safari.headers['content-encoding']).toBe('br');
    const small = await get('/trpc/conversations.unread', { 'accept-encoding': 'gzip' });
    expect(small.status).toBe(200);
    expect(small.body.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('negotiates by the header’s qualities', () => {
    expect(negotiateEncoding(undefined)).toBeUndefined();
    expect(negotiateEncoding('identity')).toBeUndefined();
    expect(negotiateEncoding('deflate')).toBeUndefined();
    expect(negotiateEncoding('gzip;q=0.5, br;q=0')).toBe('gzip');
    expect(negotiateEncoding('zstd;q=0, br;q=0, gzip;q=0')).toBeUndefined();
    expect(negotiateEncoding('*')).toBe('zstd');
    expect(negotiateEncoding('*, zstd;q=0')).toBe('br');
    expect(negotiateEncoding('x-gzip')).toBe('gzip');
    expect(negotiateEncoding('GZIP ; Q=1')).toBe('gzip');
  });
});
