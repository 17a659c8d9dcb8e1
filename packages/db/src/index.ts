export * from './client';
export { secretBox } from './crypto';
export * from './database';
export { databaseReachable, migrationsApplied, runMigrations } from './migrate';
export * as schema from './schema';
