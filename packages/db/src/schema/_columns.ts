// Column groups every table shares: uuid ids, lifecycle timestamps, money, secrets.
// Timestamps keep milliseconds, like a JS Date, so keyset cursors over (created_at, id) round-trip.
import { bigint, customType, timestamp, uuid } from 'drizzle-orm/pg-core';
import { secretBox } from '../crypto';

export const id = () => uuid('id').primaryKey().defaultRandom();

export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 })
    .notNull()
    .defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const createdAt = () =>
  timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 })
    .notNull()
    .defaultNow();

export const tstz = (name: string) =>
  timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });

/** Money in integer minor units (XOF: francs, EUR: cents). Never a float. */
export const money = (name: string) => bigint(name, { mode: 'number' });

const encryptedText = customType<{ data: string; driverData: string }>({
  dataType: () => 'text',
  toDriver: (value) => secretBox().encrypt(value),
  fromDriver: (value) => secretBox().decrypt(value),
});

/**
 * A secret (access or refresh token): AES-256-GCM-encrypted on the way in, decrypted on the way
 * out, so no code path can store one in clear. Its name ends in `_encrypted`: that is how `rekey`
 * finds every such column of every table (rekey.ts), so a new one is never left under an old key.
 */
export const encrypted = (name: `${string}_encrypted`) => encryptedText(name);
