// API answers compressed for the clients that say they can read it (every browser does): a page of
// orders is 30 KB of JSON and 5–8 KB compressed, which a shop's Android phone on a weak network
// feels, and which the server's socket writes in a quarter of the time. Fast settings, on purpose:
// the answers are small and written once (zstd level 1 and brotli quality 1 each cost ~0.05 ms
// for a page of orders, gzip level 1 ~0.1 ms; bench/orders.ts measures the whole path).
import {
  brotliCompressSync,
  constants,
  gzipSync,
  type ZstdOptions,
  zstdCompressSync,
} from 'node:zlib';

export type Encoding = 'zstd' | 'br' | 'gzip';

/** Below this, the headers cost more than compression saves. */
export const COMPRESS_MIN_BYTES = 1024;

/** The server's order of preference among what it can write: the cheapest for the best ratio first. */
const preference: readonly Encoding[] = ['zstd', 'br', 'gzip'];

/**
 * The encoding to answer with, from an Accept-Encoding header: the first of ours the client
 * accepts (a `q=0` refuses it; `*` accepts any not named), or none.
 */
export function negotiateEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined;
  const quality = new Map<string, number>();
  for (const part of header.split(',')) {
    const [rawName = '', ...params] = part.toLowerCase().split(';');
    const name = rawName.trim();
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = q ? Number(q.slice(2)) : 1;
    quality.set(name, Number.isFinite(value) ? value : 0);
  }
  const wildcard = quality.get('*');
  return preference.find((encoding) => {
    const q = quality.get(encoding) ?? (encoding === 'gzip' ? quality.get('x-gzip') : undefined);
    return q === undefined ? wildcard !== undefined && wildcard > 0 : q > 0;
  });
}

const zstdOptions: ZstdOptions = { params: { [constants.ZSTD_c_compressionLevel]: 1 } };
const brotliOptions = { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } };

export function compress(body: Buffer, encoding: Encoding): Buffer<ArrayBuffer> {
  switch (encoding) {
    case 'zstd':
      return zstdCompressSync(body, zstdOptions);
    case 'br':
      return brotliCompressSync(body, brotliOptions);
    case 'gzip':
      return gzipSync(body, { level: 1 });
  }
}
