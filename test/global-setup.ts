// Starts the test PostgreSQL once per run and hands its address to every test worker; builds the
// dashboard first when it has never been built (the browser, static-file and bundle-size tests
// need apps/web/dist), so `pnpm test:unit` alone works on a fresh clone.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { installJobSchema } from '@flux/api';
import { startTestCluster } from '@flux/db/testing';
import type { TestProject } from 'vitest/node';

function buildDashboardIfMissing() {
  const index = fileURLToPath(new URL('../apps/web/dist/index.html', import.meta.url));
  if (existsSync(index)) return;
  console.log(
    'apps/web/dist is missing: building the dashboard once (pnpm --filter @flux/web build)',
  );
  execFileSync('pnpm', ['--filter', '@flux/web', 'build'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, and Vite builds with NODE_ENV as it finds it: a development
    // build (import.meta.env.PROD false) registers no service worker, and the installable-app
    // test waits for one forever. The dashboard is built as it ships.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export default async function setup(project: TestProject) {
  buildDashboardIfMissing();
  const url = process.env.DATABASE_URL || undefined;
  // The template also gets pg-boss's schema and queues, so every test database has them.
  const cluster = await startTestCluster(url, installJobSchema);
  project.provide('pgServerUrl', cluster.serverUrl);
  project.provide('pgTemplate', cluster.template);
  project.provide('redisUrl', process.env.REDIS_URL ?? '');
  return () => cluster.teardown();
}
