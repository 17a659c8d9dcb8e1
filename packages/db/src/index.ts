export * from './client';
export { encryptionKeyId, parseEncryptionKey, type SecretBox, secretBox } from './crypto';
export * from './database';
export { splitKeyList } from './keys';
export { databaseReachable, migrationsApplied, runMigrations } from './migrate';
export { type RekeyKeys, rekey, rekeyCheck, rekeyTargets, type TargetCount } from './rekey';
export * as schema from './schema';
