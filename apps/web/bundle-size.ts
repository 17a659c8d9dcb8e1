// What the browser downloads before the sign-in page can render: the entry script and the chunks
// index.html preloads with it (lazy screens are not counted), gzipped. `pnpm --filter @flux/web size`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const distDir = fileURLToPath(new URL('./dist', import.meta.url));

export interface InitialLoad {
  files: { file: string; bytes: number; gzip: number }[];
  jsGzip: number;
  cssGzip: number;
}

export function initialLoad(dir = distDir): InitialLoad {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const refs = [
    ...html.matchAll(/<script[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="(?:modulepreload|stylesheet)"[^>]+href="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+href="([^"]+)"[^>]+rel="(?:modulepreload|stylesheet)"/g),
  ].map((match) => match[1] ?? '');
  const files = [...new Set(refs)]
    .filter((ref) => ref.startsWith('/assets/'))
    .map((ref) => {
      const body = readFileSync(join(dir, ref));
      return { file: ref, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
    });
  const sum = (ext: string) =>
    files.filter((f) => f.file.endsWith(ext)).reduce((total, f) => total + f.gzip, 0);
  return { files, jsGzip: sum('.js'), cssGzip: sum('.css') };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const load = initialLoad();
  for (const f of load.files) {
    console.log(
      `${f.file.padEnd(40)} ${(f.bytes / 1024).toFixed(1).padStart(8)} KB  gzip ${(f.gzip / 1024).toFixed(1).padStart(7)} KB`,
    );
  }
  console.log(
    `sign-in route initial JavaScript: ${(load.jsGzip / 1024).toFixed(1)} KB gzipped (CSS ${(load.cssGzip / 1024).toFixed(1)} KB)`,
  );
}
