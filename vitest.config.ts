import { defineConfig } from 'vitest/config';

// One run for the whole monorepo: a PostgreSQL is started (or DATABASE_URL's server used) once,
// a migrated template database is built once, and each test file gets its own copy of it.
export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    include: ['{apps,packages,tooling}/*/src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    env: { LOG_LEVEL: 'silent', NODE_ENV: 'test' },
  },
});
