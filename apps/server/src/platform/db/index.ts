export { backupPostgres, restorePglite, restorePostgres } from './backup.ts';
export {
  type Db,
  isUniqueViolation,
  openPglite,
  openPostgres,
  type PostgresOptions,
  pgliteStore,
  type Store,
  type StoreKind,
  selectRows,
} from './client.ts';
export { acquireDataDirLock, DataDirLockedError } from './data-dir-lock.ts';
export { isDatabaseUnavailable, waitForDatabase } from './faults.ts';
export { storeAnswers } from './health.ts';
export { type Listener, type ListenHandlers, listen } from './listen.ts';
export { migrate, readMigrations } from './migrate.ts';
export { lockNames } from './named-locks.ts';
export { createReadYourWrites, parseLsn, type ReadYourWrites, WROTE_AT_COOKIE } from './read-your-writes.ts';
export * as schema from './schema.ts';
