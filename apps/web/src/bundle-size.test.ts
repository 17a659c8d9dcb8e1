// The sign-in page must load fast on a phone on mobile data: its JavaScript stays under 250 KB
// gzipped (measured on the build `pnpm test` makes before the tests run).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distDir, initialLoad } from '../bundle-size';

describe('the built dashboard', () => {
  it('loads under 250 KB of gzipped JavaScript before the sign-in page shows', () => {
    if (!existsSync(join(distDir, 'index.html'))) {
      throw new Error('The dashboard is not built: run `pnpm build` first');
    }
    const load = initialLoad();
    expect(load.files.some((f) => f.file.endsWith('.js'))).toBe(true);
    expect(load.jsGzip).toBeLessThan(250 * 1024);
    // The screens are split out: the inbox, the map and the charts are not in the first load.
    expect(load.files.map((f) => f.file).join(' ')).not.toMatch(/inbox|dispatch|analytics/);
    // Nor is zod (its schemas keep their state in `_zod`): the first load takes values from the
    // zod-free `@flux/contracts/*` subpaths, not from the package's index (24 KB gzipped more).
    for (const f of load.files.filter((file) => file.file.endsWith('.js'))) {
      const zod = readFileSync(join(distDir, f.file), 'utf8').includes('._zod');
      expect(zod, `${f.file} carries zod`).toBe(false);
    }
  });
});
