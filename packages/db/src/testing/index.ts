// Test databases: one migrated template per run, one fresh copy of it per test file.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type {} from 'vitest';
import { createDb, createPool } from '../client';
import { startEmbeddedPostgres, withDatabase } from '../embedded';
import { runMigrations } from '../migrate';

declare module 'vitest' {
  /** What test/global-setup.ts hands every test worker (read with `inject`). */
  export interface ProvidedContext {
    pgServerUrl: string;
    pgTemplate: string;
    redisUrl: string;
  }
}

export interface TestCluster {
  /** URL of a maintenance database on the server (where CREATE DATABASE is run). */
  serverUrl: string;
  template: string;
  teardown(): Promise<void>;
}

/** A free local port (nothing listens on it once this returns). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function adminQuery(serverUrl: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Uses the server behind `url` when given (its own database is left untouched: the run creates
 * and drops `flux_test_*` databases beside it), else starts a throwaway embedded cluster.
 */
export async function startTestCluster(
  url?: string,
  prepareTemplate?: (templateUrl: string) => Promise<void>,
): Promise<TestCluster> {
  const run = randomBytes(4).toString('hex');
  let serverUrl: string;
  let stop = async () => {};
  if (url) {
    serverUrl = url;
  } else {
    const dataDir = path.join(tmpdir(), `flux-test-pg-${run}`);
    const cluster = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    serverUrl = cluster.url;
    stop = async () => {
      await cluster.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const template = `flux_test_${run}_template`;
  await adminQuery(serverUrl, `create database ${template}`);
  const pool = createPool(withDatabase(serverUrl, template), 2);
  try {
    await runMigrations(pool);
  } finally {
    await pool.end();
  }
  await prepareTemplate?.(withDatabase(serverUrl, template));
  return {
    serverUrl,
    template,
    async teardown() {
      const prefix = `flux_test_${run}_`;
      const leftovers = await adminQuery(
        serverUrl,
        `select datname from pg_database where datname like '${prefix}%'`,
      );
      for (const row of leftovers.rows as { datname: string }[]) {
        await adminQuery(serverUrl, `drop database if exists ${row.datname} with (force)`);
      }
      await stop();
    },
  };
}

/** A fresh, migrated database copied from the run's template. */
export async function createTestDatabase(serverUrl: string, template: string) {
  const name = `${template.replace(/_template$/, '')}_${randomBytes(4).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(serverUrl, `create database ${name} template ${template}`);
      break;
    } catch (error) {
      // 55006: the template is briefly busy while another worker copies it.
      if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + attempt * 25));
    }
  }
  const url = withDatabase(serverUrl, name);
  const pool = createPool(url, 10);
  return {
    url,
    pool,
    db: createDb(pool),
    async drop() {
      await pool.end();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
export { createSecretBox, replaceSecretBox } from '../crypto';
