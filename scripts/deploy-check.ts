// `pnpm deploy:check`: the Dockerfile's recipe without Docker (this machine has no daemon). Builds,
// `pnpm deploy --prod`s the server into a clean folder, and from that folder alone, under
// NODE_ENV=production: refuses a development configuration, runs the migrations as the release's
// one-off step on an empty database, serves until /readyz answers 200 (the dashboard and /metrics
// too), starts a worker, and stops both with SIGTERM. Fails loudly at the first step that breaks.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dbEnv } from '@flux/db/env';
import { freePort, startTestCluster } from '@flux/db/testing';
import { SERVER_CMD, SERVER_NODE_FLAGS } from '@flux/server/testing/process';
import pg from 'pg';

const repo = fileURLToPath(new URL('..', import.meta.url));
const started = performance.now();
const step = (text: string) =>
  console.log(`deploy-check: ${text} (${((performance.now() - started) / 1000).toFixed(1)} s)`);

function fail(message: string): never {
  console.error(`deploy-check: FAILED: ${message}`);
  process.exit(1);
}

const pnpm = (args: string[]) =>
  execFileSync('pnpm', args, { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });

// 0. The recipes say what this script runs: the Dockerfile builds and deploys the same way, and
// every platform runs the same three commands with the same health check.
const read = (file: string) => readFileSync(join(repo, file), 'utf8');
const recipes: [string, string[]][] = [
  [
    'Dockerfile',
    [
      'pnpm --filter @flux/web build && pnpm --filter @flux/server build',
      'pnpm --filter @flux/server deploy --prod --legacy',
      // The server with the flags it is tested and measured with (apps/server/test/process.ts).
      `CMD ${SERVER_CMD}`,
      '/readyz',
      'USER node',
    ],
  ],
  ['docker-compose.yml', ['"dist/main.js", "migrate"]', '"dist/main.js", "worker"]']],
  [
    'render.yaml',
    ['preDeployCommand: node dist/main.js migrate', 'dist/main.js worker', '/readyz'],
  ],
  ['railway.json', ['node dist/main.js migrate', '/readyz']],
  ['railway.worker.json', ['dist/main.js worker']],
  [
    'apps/server/package.json',
    [`node --enable-source-maps ${SERVER_NODE_FLAGS.join(' ')} dist/main.js`],
  ],
];
for (const [file, needles] of recipes) {
  const text = read(file);
  for (const needle of needles)
    if (!text.includes(needle)) fail(`${file} no longer says ${needle}`);
}

// 1. The build stage: the dashboard, then the server's bundle (which copies it).
if (!existsSync(join(repo, 'apps/web/dist/index.html'))) pnpm(['--filter', '@flux/web', 'build']);
pnpm(['--filter', '@flux/server', 'build']);
step('built');

// 2. `pnpm deploy --prod`: dist/ and the production dependencies, nothing else of the workspace.
const workdir = mkdtempSync(join(tmpdir(), 'flux-deploy-check-'));
const app = join(workdir, 'app');
const children: ChildProcess[] = [];
const cluster = await startTestCluster(dbEnv.DATABASE_URL);
const cleanup = async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await cluster.teardown();
  rmSync(workdir, { recursive: true, force: true });
};
process.on('exit', () => rmSync(workdir, { recursive: true, force: true }));

try {
  // --legacy: the server has no workspace package among its production dependencies (they are
  // bundled), so nothing needs injecting; the workspace keeps its symlinks for development.
  pnpm(['--filter', '@flux/server', 'deploy', '--prod', '--legacy', app]);
  step('deployed');
  const typescript = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? typescript(join(dir, entry.name))
        : /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')
          ? [join(dir, entry.name)]
          : [],
    );
  const sources = typescript(join(app, 'dist'));
  if (sources.length > 0) fail(`TypeScript sources deployed: ${sources.join(', ')}`);
  for (const absent of ['src', 'node_modules/tsx', 'node_modules/@flux', 'node_modules/vitest']) {
    if (existsSync(join(app, absent))) fail(`${absent} is in the deployed folder`);
  }
  if (!existsSync(join(app, 'dist/apps/web/dist/index.html')))
    fail('the dashboard is not in dist/');
  // The dependencies' patches (patches/README.md) are in what is deployed, not only in the
  // workspace: tRPC stays outside the bundle, so the server runs the copy installed here.
  const trpcDist = join(app, 'node_modules/@trpc/server/dist');
  const helpers = readdirSync(trpcDist)
    .filter((name) => name.endsWith('.mjs'))
    .map((name) => readFileSync(join(trpcDist, name), 'utf8'))
    .filter((text) => text.includes('function _objectSpread2('));
  if (helpers.length === 0 || !helpers.every((text) => text.includes("FluxAsync's patch")))
    fail('the deployed @trpc/server is not patched (patches/@trpc__server@11.22.1.patch)');

  // 3. An empty database of its own on the run's PostgreSQL (dropped with the run's databases).
  const database = `${cluster.template.replace(/_template$/, '')}_deploy`;
  const admin = new pg.Client({ connectionString: cluster.serverUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();
  const url = new URL(cluster.serverUrl);
  url.pathname = `/${database}`;
  const port = await freePort();
  const production: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    DATABASE_URL: url.toString(),
    ENCRYPTION_KEY: 'ZGVwbG95LWNoZWNrLWtleS1ub3QtZm9yLXVzZS0zMmI=',
    WHATSAPP_APP_SECRET: 'deploy-check-app-secret',
    WHATSAPP_VERIFY_TOKEN: 'deploy-check-verify-token',
    APP_ORIGIN: 'https://fluxasync.example',
    METRICS_TOKEN: 'deploy-check-metrics-token',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    SHUTDOWN_TIMEOUT: '10',
  };

  const run = (args: string[], env: Record<string, string>) => {
    // From the deployed folder alone: its node_modules, its dist.
    // The server as the Dockerfile starts it; the one-off commands and the worker without its flags.
    const flags = args.length === 0 ? SERVER_NODE_FLAGS : [];
    const child = spawn(process.execPath, [...flags, 'dist/main.js', ...args], {
      cwd: app,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { child, exited, output: () => output };
  };
  const within = <T>(promise: Promise<T>, ms: number, what: string) =>
    Promise.race([
      promise,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms).unref(),
      ),
    ]);

  // 4. A development configuration is refused, every variable named.
  const refused = run([], { PATH: production.PATH ?? '', NODE_ENV: 'production' });
  if ((await within(refused.exited, 20_000, 'refusal')) !== 1)
    fail('a bare production start did not exit 1');
  for (const name of ['DATABASE_URL', 'ENCRYPTION_KEY', 'WHATSAPP_APP_SECRET', 'APP_ORIGIN']) {
    if (!refused.output().includes(`${name}:`))
      fail(`the refusal does not name ${name}:\n${refused.output()}`);
  }
  step('a development configuration is refused');

  // 5. The release's one-off step: the migrations, on the empty database.
  const migrate = run(['migrate'], production);
  const migrated = await within(migrate.exited, 60_000, 'migrate');
  if (migrated !== 0) fail(`migrate exited ${migrated}:\n${migrate.output()}`);
  step('migrations applied');

  // 6. The server from the deployed folder: ready, the dashboard, /metrics behind its token.
  const server = run([], production);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await fetch(`${base}/readyz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) break;
    if (server.child.exitCode !== null) fail(`the server exited:\n${server.output()}`);
    if (Date.now() > deadline) fail(`/readyz never answered 200:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  step('/readyz 200');
  const page = await fetch(`${base}/`);
  if (page.status !== 200 || !(await page.text()).includes('<div id="root">'))
    fail('the dashboard is not served');
  const metrics = await fetch(`${base}/metrics`, {
    headers: { authorization: `Bearer ${production.METRICS_TOKEN}` },
  });
  if (metrics.status !== 200 || !(await metrics.text()).includes('flux_queue_ready_jobs'))
    fail('/metrics does not answer');
  if ((await fetch(`${base}/metrics`)).status !== 401) fail('/metrics answers without its token');

  // 7. A worker process beside it.
  const worker = run(['worker'], { ...production, PORT: '0' });
  const workerDeadline = Date.now() + 30_000;
  while (!worker.output().includes('worker started')) {
    if (worker.child.exitCode !== null || Date.now() > workerDeadline)
      fail(`the worker did not start:\n${worker.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  step('a worker started');

  // 8. SIGTERM: both drain and exit 0.
  worker.child.kill('SIGTERM');
  server.child.kill('SIGTERM');
  const codes = await within(Promise.all([worker.exited, server.exited]), 30_000, 'SIGTERM');
  if (codes.some((code) => code !== 0)) fail(`exit codes after SIGTERM: ${codes.join(', ')}`);
  step('stopped cleanly: the deployed folder runs on its own');
} catch (error) {
  await cleanup();
  fail(error instanceof Error ? error.message : String(error));
}
await cleanup();
