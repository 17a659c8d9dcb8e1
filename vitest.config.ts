import { defineConfig } from 'vitest/config';

// One run for the whole monorepo: a PostgreSQL is started (or DATABASE_URL's server used) once,
// a migrated template database is built once, and each test file gets its own copy of it.
//
// FLUX_TEST_SET splits the run in two (`pnpm test:unit` runs both, one after the other):
// - `shared`: every file but the browser tests and the multi-process ones, run file after file in
//   each worker with their modules loaded once (isolate: false). Loading the server's ~1,000
//   modules again for each of ~140 files was most of the suite's time. Each file still gets its
//   own database (useTestApp), and no test mocks a module or changes the environment.
// - `isolated`: the browser tests and the tests that start, kill and stop processes, each file in a
//   fresh worker, as they were written.
// Unset: every file, isolated (what `pnpm vitest run <file>` gives).
const ISOLATED = [
  '**/*.e2e.test.ts',
  'apps/server/src/webhooks/worker-crash.test.ts',
  'apps/server/src/webhooks/graceful-stop.test.ts',
  'apps/server/src/webhooks/send-crash.test.ts',
  'apps/server/src/scale-out.test.ts',
  'apps/server/src/notifications-crash.test.ts',
  'apps/server/src/cluster.test.ts',
  'apps/server/src/live-across-processes.test.ts',
];
const set = process.env.FLUX_TEST_SET;
const all = ['{apps,packages,tooling}/*/src/**/*.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    include: set === 'isolated' ? ISOLATED : all,
    exclude: set === 'shared' ? ['**/node_modules/**', ...ISOLATED] : ['**/node_modules/**'],
    isolate: set !== 'shared',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    env: { LOG_LEVEL: 'silent', NODE_ENV: 'test' },
  },
});
