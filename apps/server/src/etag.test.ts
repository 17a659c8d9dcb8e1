// Revalidated query answers over real HTTP: a list that did not change is a 304 without a body,
// one that changed is the new list; writes, errors and event streams are never kept.
import { beforeAll, describe, expect, it } from 'vitest';
import { signInDemo } from '../test/http';
import { matchesEtag } from './app';
import { useTestServer } from './testing';

const server = useTestServer();
let base = '';
let cookie = '';

beforeAll(async () => {
  base = server.url;
  cookie = await signInDemo(base);
});

const input = (value: unknown) => encodeURIComponent(JSON.stringify({ json: value }));
const listPath = () => `${base}/trpc/products.list?input=${input({ limit: 20, sort: 'name' })}`;
const get = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers: { cookie, ...headers } });

describe('ETag on query answers', () => {
  it('an unchanged list answers 304 with no body; a changed one answers the new list', async () => {
    const first = await get(listPath());
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    const page = await first.text();

    const again = await get(listPath(), { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);

    const created = await fetch(`${base}/trpc/products.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base, cookie },
      body: JSON.stringify({ json: { sku: 'AAA-ETAG-1', name: 'Aaa etag', price: 1000 } }),
    });
    expect(created.status).toBe(200);
    expect(created.headers.get('etag')).toBeNull();
    expect(created.headers.get('cache-control')).toBe('no-store');

    const changed = await get(listPath(), { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const text = await changed.text();
    expect(text).not.toBe(page);
    expect(text).toContain('AAA-ETAG-1');
  });

  it('another user gets their own answer, never a 304 for someone else’s', async () => {
    const mine = await get(listPath());
    const etag = mine.headers.get('etag') ?? '';
    const stranger = await fetch(listPath(), { headers: { 'if-none-match': etag } });
    expect(stranger.status).toBe(401);
    expect(stranger.headers.get('etag')).toBeNull();
    expect(stranger.headers.get('cache-control')).toBe('no-store');
  });

  it('reads If-None-Match lists, weak tags and *', () => {
    expect(matchesEtag('"a", W/"b"', '"b"')).toBe(true);
    expect(matchesEtag('*', '"b"')).toBe(true);
    expect(matchesEtag('"a"', '"b"')).toBe(false);
    expect(matchesEtag(undefined, '"b"')).toBe(false);
  });
});
