// Applies the committed drizzle-kit migrations, one process at a time.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';
import { z } from 'zod';
import type { Db } from './client';

export const migrationsFolder = new URL('../migrations', import.meta.url).pathname;

// Any constant works; it only has to be the same in every process of this app.
const MIGRATION_LOCK = 7_204_117;

/**
 * Applies pending migrations. A session-level advisory lock makes concurrent starters queue:
 * the first applies, the others then find nothing to do.
 */
export async function runMigrations(pool: pg.Pool): Promise<void> {
  // Needs a session-level connection (a direct URL, or PgBouncer in session mode): the lock and
  // the migration must happen on the same backend.
  const client = await pool.connect();
  let failure: unknown;
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle({ client }), { migrationsFolder });
  } catch (error) {
    failure = error;
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    // A client that failed mid-way is destroyed rather than returned to the pool.
    client.release(failure instanceof Error ? failure : undefined);
  }
  if (failure) throw failure;
}

const journalSchema = z.object({
  entries: z.array(z.object({ tag: z.string(), when: z.number() })),
});

let latest: { tag: string; when: number } | undefined;

/** The newest migration shipped with this build (from drizzle-kit's journal, read once). */
export function latestMigration() {
  if (!latest) {
    const journal = journalSchema.parse(
      JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')),
    );
    latest = journal.entries.at(-1);
    if (!latest) throw new Error('No migrations in the journal');
  }
  return latest;
}

/** True when the database has every migration this build ships. */
export async function migrationsApplied(db: Db): Promise<boolean> {
  try {
    const result = await db.execute<{ latest: string | null }>(
      sql`select max(created_at)::text as latest from drizzle.__drizzle_migrations`,
    );
    const latest = result.rows[0]?.latest;
    return latest != null && Number(latest) >= latestMigration().when;
  } catch {
    return false;
  }
}

/** True when the database answers a trivial query. */
export async function databaseReachable(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
