export {
  type Db,
  isUniqueViolation,
  openPglite,
  openPostgres,
  pgliteStore,
  type Store,
  type StoreKind,
  selectRows,
} from './client.ts';
export { migrate, readMigrations } from './migrate.ts';
export * as schema from './schema.ts';
