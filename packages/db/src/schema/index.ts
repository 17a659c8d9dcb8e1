// The whole schema: tables, enums and row types. `drizzle(pool, { schema })` takes this module,
// and drizzle-kit generates the migrations from it. No relations(): every read is a join written
// out in SQL (db.query is not used), and relations tied the table files into import circles.
export * from './ai';
export * from './businesses';
export * from './catalog';
export * from './channels';
export * from './crm';
export * from './delivery';
export * from './email';
export * from './enums';
export * from './files';
export * from './inbox';
export * from './ops';
export * from './orders';
export * from './public-api';
export * from './tenancy';
export * from './users';
export * from './web-push';
export * from './webhooks-out';
