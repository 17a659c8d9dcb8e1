import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { webApp } from './static';

function dist() {
  const dir = mkdtempSync(join(tmpdir(), 'flux-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<div id="root"></div>');
  writeFileSync(join(dir, 'assets/app-1.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'no');
  return dir;
}

describe('serving the built dashboard', () => {
  it('works whether the folder is written with a trailing slash or not', async () => {
    const dir = dist();
    for (const root of [dir, `${dir}/`]) {
      const app = new Hono().get('*', webApp(root));
      const asset = await app.request('/assets/app-1.js');
      expect(asset.status).toBe(200);
      expect(await asset.text()).toBe('console.log(1)');
    }
  });

  it('every HTML answer carries the content security policy, the page itself too', async () => {
    const app = new Hono().get('*', webApp(dist()));
    for (const path of ['/', '/index.html', '/inbox']) {
      const response = await app.request(path);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
  });

  it('serves the web app manifest as one, and the service worker revalidated every time', async () => {
    const dir = dist();
    writeFileSync(join(dir, 'manifest.webmanifest'), '{"name":"FluxAsync"}');
    writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {})');
    const app = new Hono().get('*', webApp(dir));
    const manifest = await app.request('/manifest.webmanifest');
    expect(manifest.headers.get('content-type')).toBe('application/manifest+json');
    // A new worker must reach the phones that run the old one: never cached for a year.
    const worker = await app.request('/sw.js');
    expect(worker.headers.get('content-type')).toContain('text/javascript');
    expect(worker.headers.get('cache-control')).toBe('no-cache');
  });

  it('never reads outside the folder', async () => {
    const dir = dist();
    const root = join(dir, 'assets');
    writeFileSync(join(root, 'index.html'), '<div id="root"></div>');
    const app = new Hono().get('*', webApp(root));
    // Dot segments are resolved by URL parsing, an encoded slash by us: neither leaves the folder.
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const response = await app.request(path);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toBe('no');
    }
  });
});
