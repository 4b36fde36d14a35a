export { type Db, selectRows, openPglite, openPostgres, pgliteStore, type Store, type StoreKind } from './client.ts';
export { migrate, readMigrations } from './migrate.ts';
export * as schema from './schema.ts';
