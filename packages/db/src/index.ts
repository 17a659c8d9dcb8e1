export * from './client';
export * from './database';
export { databaseReachable, migrationsApplied, runMigrations } from './migrate';
export * as schema from './schema';
