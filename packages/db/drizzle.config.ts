import { defineConfig } from 'drizzle-kit';

// Generation only needs the schema; `pnpm db:migrate` applies the SQL through our own migrator.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './migrations',
  strict: true,
});
