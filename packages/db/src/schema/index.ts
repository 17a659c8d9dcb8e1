// The whole schema: tables, enums, relations and row types. `drizzle(pool, { schema })` takes
// this module, and drizzle-kit generates the migrations from it.
// businesses comes first: _columns.ts needs it before any other table is built.
export * from './businesses';
export * from './catalog';
export * from './channels';
export * from './crm';
export * from './delivery';
export * from './email';
export * from './enums';
export * from './files';
export * from './ops';
export * from './orders';
export * from './tenancy';
export * from './users';
