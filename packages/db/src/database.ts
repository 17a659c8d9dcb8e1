// The database factory: DATABASE_URL when set, otherwise an embedded PostgreSQL in the repo's data folder.

import type pg from 'pg';
import { createDb, createPool, type Database } from './client';
import { ensureDatabase, startEmbeddedPostgres, withDatabase } from './embedded';
import { dbEnv } from './env';
import { runMigrations } from './migrate';

export interface DatabaseHandle {
  db: Database;
  pool: pg.Pool;
  url: string;
  embedded: boolean;
  /** Closes the pool, then stops the embedded server if this process started it. */
  close(): Promise<void>;
}

export const EMBEDDED_DATABASE = 'fluxasync';

export async function openDatabase(
  options: {
    url?: string;
    migrate?: boolean;
    poolMax?: number;
    onLog?: (message: string) => void;
  } = {},
): Promise<DatabaseHandle> {
  let url = options.url ?? dbEnv.DATABASE_URL;
  let stopServer = async () => {};
  if (!url) {
    const cluster = await startEmbeddedPostgres({
      dataDir: dbEnv.EMBEDDED_PG_DIR,
      port: dbEnv.EMBEDDED_PG_PORT,
      ...(options.onLog ? { onLog: options.onLog } : {}),
    });
    stopServer = cluster.stop;
    try {
      await ensureDatabase(cluster.url, EMBEDDED_DATABASE);
    } catch (error) {
      await stopServer();
      throw error;
    }
    url = withDatabase(cluster.url, EMBEDDED_DATABASE);
  }
  const pool = createPool(url, options.poolMax ?? dbEnv.DB_POOL_MAX);
  const handle: DatabaseHandle = {
    db: createDb(pool),
    pool,
    url,
    embedded: !options.url && !dbEnv.DATABASE_URL,
    async close() {
      try {
        await pool.end();
      } finally {
        await stopServer();
      }
    },
  };
  try {
    if (options.migrate) await runMigrations(pool);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
