// `rekey` (apps/server/src/cli/rekey.ts): every encrypted value moved under the current key, so the
// previous ones can leave ENCRYPTION_KEY_PREVIOUS (a key rotation, docs/security.md).
//
// What it goes through: every `encrypted()` column of every table (found by their `_encrypted`
// names, so a new one is never forgotten), and the ciphertexts kept inside JSON (JSON_CIPHERTEXTS).
// Each target is walked by id in batches, one transaction per batch: the batch's rows are locked,
// decrypted with whichever key reads them, encrypted again under the current key naming it
// (`v2:<id>:`), and written back, then committed. A value already `v2:<current id>:` is never
// selected again, so a run stopped anywhere (a crash, a deploy, Ctrl-C) loses nothing (the batch
// in flight rolls back, still readable under its old key) and the next run takes up what is left;
// two runs at once wait for each other's rows. A value no configured key opens is counted and left
// as it is. Nothing else changes: no updated_at is touched, no trigger fires for these columns.
import { getTableColumns, getTableName, is, type SQL, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from './client';
import { createSecretBox, type SecretBox } from './crypto';
import * as schema from './schema';

export interface RekeyTarget {
  table: string;
  column: string;
  /** The field of a JSON column that holds the ciphertext; absent: the column is the ciphertext. */
  jsonField?: string;
}

/**
 * Ciphertexts stored inside JSON rather than in an `encrypted()` column: an invitation's link token
 * in its notification's facts (services/notifications/index.ts in @flux/api).
 */
export const JSON_CIPHERTEXTS: readonly RekeyTarget[] = [
  { table: 'notifications', column: 'payload', jsonField: 'joinTokenEncrypted' },
];

/** Every place a ciphertext is stored, in a stable order. */
export function rekeyTargets(): RekeyTarget[] {
  const targets: RekeyTarget[] = [];
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue;
    const columns = Object.values(getTableColumns(value));
    for (const column of columns) {
      if (column.columnType !== 'PgCustomColumn' || !column.name.endsWith('_encrypted')) continue;
      // Batches walk the table by its uuid id: a table without one would need another walk.
      if (!columns.some((other) => other.name === 'id' && other.primary)) {
        throw new Error(`rekey: ${getTableName(value)} has no id primary key to walk by`);
      }
      targets.push({ table: getTableName(value), column: column.name });
    }
  }
  targets.sort((a, b) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`));
  return [...targets, ...JSON_CIPHERTEXTS];
}

export const targetName = (target: RekeyTarget) =>
  `${target.table}.${target.column}${target.jsonField ? `.${target.jsonField}` : ''}`;

export interface RekeyKeys {
  current: Buffer;
  previous: readonly Buffer[];
}

export interface TargetCount {
  target: string;
  /** Written again under the current key by this run. */
  moved: number;
  /** Already under the current key (or, for `check`, readable by it alone). */
  current: number;
  /** Read only with a previous key (`check`), i.e. what removing the previous keys would lose. */
  pending: number;
  /** Opened by no configured key: left as they are. */
  unreadable: number;
  unreadableIds: string[];
}

export interface RekeyOptions {
  batchSize?: number;
  /** Called after each committed batch (the CLI prints progress). */
  onBatch?: (progress: { target: string; moved: number; unreadable: number }) => void;
  /** Tests: called inside each batch's transaction after its update, before the commit. */
  beforeCommit?: (batch: { target: string; rows: number }) => void | Promise<void>;
}

const MIN_UUID = '00000000-0000-0000-0000-000000000000';
/** Ids of unreadable values kept for the report (the count is exact). */
const MAX_IDS_REPORTED = 20;

/** The ciphertext's SQL expression in its row. */
const ciphertextOf = (target: RekeyTarget): SQL =>
  target.jsonField
    ? sql`${sql.identifier(target.column)} ->> ${target.jsonField}`
    : sql`${sql.identifier(target.column)}`;

const countOf = (target: string, counts: Partial<TargetCount> = {}): TargetCount => ({
  target,
  moved: 0,
  current: 0,
  pending: 0,
  unreadable: 0,
  unreadableIds: [],
  ...counts,
});

/** Rows of the target past `after` whose value is not yet `v2:<current id>:`, oldest id first. */
async function pendingRows(
  db: Pick<Database, 'execute'>,
  target: RekeyTarget,
  box: SecretBox,
  params: { after: string; limit: number; lock: boolean },
) {
  const value = ciphertextOf(target);
  const table = sql.identifier(target.table);
  // Ordered by the uuid column itself (not the text alias): the primary key's index walks it.
  const result = await db.execute<{ id: string; value: string }>(sql`
    select ${table}.id::text as id, ${value} as value from ${table}
    where ${table}.id > ${params.after}::uuid and ${value} is not null
      and ${value} not like ${`v2:${box.keyId}:%`}
    order by ${table}.id limit ${params.limit}
    ${params.lock ? sql`for update` : sql``}`);
  return result.rows;
}

/**
 * Writes the batch's new values in one statement, its rows found through the primary key's index
 * (`id = any(…)`; a join on unnest() may hash the whole table for each batch).
 */
async function writeBatch(
  db: Pick<Database, 'execute'>,
  target: RekeyTarget,
  rows: { id: string; value: string }[],
) {
  const table = sql.identifier(target.table);
  const column = sql.identifier(target.column);
  const ids = sql`${sql.param(rows.map((row) => row.id))}::uuid[]`;
  const value = sql`(${sql.param(rows.map((row) => row.value))}::text[])[array_position(${ids}, ${table}.id)]`;
  const next = target.jsonField
    ? sql`jsonb_set(${table}.${column}, ${`{${target.jsonField}}`}::text[], to_jsonb(${value}))`
    : value;
  await db.execute(sql`update ${table} set ${column} = ${next} where ${table}.id = any(${ids})`);
}

/**
 * Moves every value of every target under `keys.current`; returns what it did per target. A
 * value no key opens is reported, not fatal: the rest is still moved.
 */
export async function rekey(
  db: Database,
  keys: RekeyKeys,
  options: RekeyOptions = {},
): Promise<TargetCount[]> {
  const box = createSecretBox(keys.current, keys.previous);
  const batchSize = options.batchSize ?? 500;
  const counts: TargetCount[] = [];
  for (const target of rekeyTargets()) {
    const name = targetName(target);
    const count = countOf(name);
    let after = MIN_UUID;
    for (;;) {
      const batch = await db.transaction(async (tx) => {
        const rows = await pendingRows(tx, target, box, { after, limit: batchSize, lock: true });
        const moved: { id: string; value: string }[] = [];
        const unreadable: string[] = [];
        for (const row of rows) {
          let plaintext: string;
          try {
            plaintext = box.decrypt(row.value);
          } catch {
            unreadable.push(row.id);
            continue;
          }
          moved.push({ id: row.id, value: box.encryptNamed(plaintext) });
        }
        if (moved.length > 0) await writeBatch(tx, target, moved);
        await options.beforeCommit?.({ target: name, rows: moved.length });
        return { last: rows.at(-1)?.id, moved: moved.length, unreadable, size: rows.length };
      });
      count.moved += batch.moved;
      count.unreadable += batch.unreadable.length;
      count.unreadableIds.push(
        ...batch.unreadable.slice(0, MAX_IDS_REPORTED - count.unreadableIds.length),
      );
      if (batch.size > 0) {
        options.onBatch?.({ target: name, moved: count.moved, unreadable: count.unreadable });
      }
      if (!batch.last || batch.size < batchSize) break;
      after = batch.last;
    }
    count.current = await countUnderCurrentKey(db, target, box);
    counts.push(count);
  }
  return counts;
}

async function countUnderCurrentKey(
  db: Pick<Database, 'execute'>,
  target: RekeyTarget,
  box: SecretBox,
) {
  const value = ciphertextOf(target);
  const result = await db.execute<{ count: string }>(sql`
    select count(*)::text as count from ${sql.identifier(target.table)}
    where ${value} like ${`v2:${box.keyId}:%`}`);
  return Number(result.rows[0]?.count ?? 0);
}

/**
 * Changes nothing: per target, how many values the current key reads alone, how many still need
 * a previous key (what removing ENCRYPTION_KEY_PREVIOUS would make unreadable), and how many no
 * key reads.
 */
export async function rekeyCheck(
  db: Database,
  keys: RekeyKeys,
  options: { batchSize?: number } = {},
): Promise<TargetCount[]> {
  const box = createSecretBox(keys.current, keys.previous);
  const alone = createSecretBox(keys.current);
  const batchSize = options.batchSize ?? 1000;
  const counts: TargetCount[] = [];
  for (const target of rekeyTargets()) {
    const count = countOf(targetName(target), {
      current: await countUnderCurrentKey(db, target, box),
    });
    let after = MIN_UUID;
    for (;;) {
      const rows = await pendingRows(db, target, box, { after, limit: batchSize, lock: false });
      for (const row of rows) {
        if (opens(alone, row.value)) count.current += 1;
        else if (opens(box, row.value)) count.pending += 1;
        else {
          count.unreadable += 1;
          if (count.unreadableIds.length < MAX_IDS_REPORTED) count.unreadableIds.push(row.id);
        }
      }
      const last = rows.at(-1)?.id;
      if (!last || rows.length < batchSize) break;
      after = last;
    }
    counts.push(count);
  }
  return counts;
}

function opens(box: SecretBox, ciphertext: string): boolean {
  try {
    box.decrypt(ciphertext);
    return true;
  } catch {
    return false;
  }
}
