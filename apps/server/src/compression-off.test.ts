// COMPRESS_ANSWERS=false (a proxy in front compresses): answers go out as they are, whatever the
// client accepts, with the plain answer's ETag.
import { beforeAll, describe, expect, it } from 'vitest';
import { rawGet, signInDemo } from '../test/http';
import { useTestServer } from './testing';

const server = useTestServer({ runWorker: false, compressAnswers: false });
let cookie = '';

beforeAll(async () => {
  cookie = await signInDemo(server.url);
});

describe('compression turned off', () => {
  it('answers a browser’s Accept-Encoding uncompressed', async () => {
    const path = `/trpc/orders.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 50 } }))}`;
    const answer = await rawGet(`${server.url}${path}`, {
      cookie,
      'accept-encoding': 'gzip, deflate, br, zstd',
    });
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.body.length).toBeGreaterThan(1024);
    expect(String(answer.headers.etag)).not.toMatch(/-(zstd|br|gzip)"$/);
  });
});
