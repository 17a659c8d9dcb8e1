export * from './client';
export { parseEncryptionKey, secretBox } from './crypto';
export * from './database';
export { databaseReachable, migrationsApplied, runMigrations } from './migrate';
export * as schema from './schema';
