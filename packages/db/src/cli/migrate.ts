// `pnpm db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database).
import { openDatabase } from '../database';

const handle = await openDatabase({ migrate: true });
console.log(`Migrations applied to ${handle.embedded ? 'the embedded database' : 'DATABASE_URL'}.`);
await handle.close();
