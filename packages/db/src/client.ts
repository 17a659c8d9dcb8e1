// Drizzle over a node-postgres pool, typed with the whole schema.
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema';

export type Schema = typeof schema;

/** A database or a transaction: every query function takes this, so it composes inside `db.transaction`. */
export type Db = PgDatabase<NodePgQueryResultHKT, Schema>;

export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000 });
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return pool;
}

/**
 * A connection of its own, outside the pool, for a session that must stay on one connection
 * (LISTEN). Keep-alive, so a connection cut without a goodbye is noticed and replaced.
 */
export function createClient(url: string): pg.Client {
  return new pg.Client({ connectionString: url, keepAlive: true });
}

export type Client = pg.Client;

export function createDb(pool: pg.Pool) {
  return drizzle({ client: pool, schema });
}

export type Database = ReturnType<typeof createDb>;
