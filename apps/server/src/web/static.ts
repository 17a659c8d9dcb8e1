// Serves the built dashboard (apps/web/dist) on the API's own origin, so the session cookie and
// the CSRF Origin check work unchanged. Hashed assets are cached for a year; index.html is
// revalidated every time, and any other path a browser navigates to gets it (client-side routes).
import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Context } from 'hono';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Pages may load scripts and styles only from here, and talk only to this origin. */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  // React and Leaflet position elements with style attributes.
  "style-src 'self' 'unsafe-inline'",
  // Map tiles and product photos come from elsewhere (https only).
  "img-src 'self' data: blob: https:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

async function fileAt(root: string, path: string): Promise<string | null> {
  const target = resolve(root, `.${decodeURIComponent(path)}`);
  const inside = relative(root, target);
  if (!inside || inside.startsWith('..') || isAbsolute(inside)) return null;
  try {
    return (await stat(target)).isFile() ? target : null;
  } catch {
    return null;
  }
}

export function webApp(root: string) {
  const base = resolve(root);
  let index: Uint8Array<ArrayBuffer> | null = null;
  return async (c: Context) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return c.notFound();
    let path: string;
    try {
      path = new URL(c.req.url).pathname;
      decodeURIComponent(path);
    } catch {
      return c.text('Bad path', 400);
    }
    // The API's own prefixes never fall back to the page.
    if (/^\/(trpc|webhooks)(\/|$)/.test(path)) return c.notFound();
    const file = path === '/' ? null : await fileAt(base, path);
    if (file) {
      // Gone since it was found (a rebuild under a running server): not found, not a 500.
      const body = await readFile(file).then(
        (bytes) => new Uint8Array(bytes),
        () => null,
      );
      if (!body) return c.notFound();
      const immutable = path.startsWith('/assets/');
      const type = types[extname(file)] ?? 'application/octet-stream';
      return c.body(body, 200, {
        'content-type': type,
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        ...(type.startsWith('text/html')
          ? { 'content-security-policy': contentSecurityPolicy }
          : {}),
      });
    }
    // A missing asset is a 404, not the page (a stale tab asking for an old chunk must fail
    // loudly so the router reloads it).
    if (path.startsWith('/assets/') || extname(path)) return c.notFound();
    index ??= await readFile(join(base, 'index.html')).then(
      (bytes) => new Uint8Array(bytes),
      () => null,
    );
    if (!index) return c.text('The dashboard is not built', 503);
    return c.body(index, 200, {
      'content-type': types['.html'] ?? 'text/html',
      'cache-control': 'no-cache',
      'content-security-policy': contentSecurityPolicy,
    });
  };
}
