// COMPRESS_ANSWERS=false (a proxy in front compresses): answers go out as they are, whatever the
// client accepts, with the plain answer's ETag.
import { request } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { signInDemo } from '../test/http';
import { useTestServer } from './testing';

const server = useTestServer({ runWorker: false, compressAnswers: false });
let cookie = '';

beforeAll(async () => {
  cookie = await signInDemo(server.url);
});

describe('compression turned off', () => {
  it('answers a browser’s Accept-Encoding uncompressed', async () => {
    const path = `/trpc/orders.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 50 } }))}`;
    const answer = await new Promise<{ headers: Record<string, unknown>; bytes: number }>(
      (resolve, reject) => {
        const req = request(
          `${server.url}${path}`,
          { headers: { cookie, 'accept-encoding': 'gzip, deflate, br, zstd' } },
          (res) => {
            let bytes = 0;
            res.on('data', (chunk: Buffer) => {
              bytes += chunk.length;
            });
            res.on('end', () => resolve({ headers: res.headers, bytes }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end();
      },
    );
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.bytes).toBeGreaterThan(1024);
    expect(String(answer.headers.etag)).not.toMatch(/-(zstd|br|gzip)"$/);
  });
});
