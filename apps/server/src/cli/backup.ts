import path from 'node:path';
import { loadConfig } from '../platform/config.ts';
import {
  backupPostgres,
  DataDirLockedError,
  openPglite,
  restorePglite,
  restorePostgres,
} from '../platform/db/index.ts';

// `npm run backup -- <file>` and `npm run restore -- <file>`: the store named by the configuration
// (DATABASE_URL, else DATA_DIR). The embedded store is backed up through its lock, so a running server
// refuses it (stop the server first); a restore goes into an empty database or data folder only.
// The encryption keys are not in the backup: keep DATA_DIR/keys.json (or PHONE_ENC_KEY, HASH_KEY)
// somewhere else, and restore them with it.

const [command, file] = process.argv.slice(2);
if (!['backup', 'restore'].includes(command ?? '') || !file) {
  console.error('usage: npm run backup -- <file> | npm run restore -- <file>');
  process.exit(2);
}
const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
const target = path.resolve(file);
const pgdata = path.join(config.DATA_DIR, 'pgdata');

try {
  if (command === 'backup') {
    if (config.DATABASE_URL) await backupPostgres(config.DATABASE_URL, target);
    else {
      const store = await openPglite(pgdata);
      try {
        await store.backup(target);
      } finally {
        await store.close();
      }
    }
    console.log(`backup written to ${target} (the keys are not in it; keep them separately)`);
  } else {
    if (config.DATABASE_URL) await restorePostgres(config.DATABASE_URL, target);
    else await restorePglite(target, pgdata);
    console.log(`restored ${target} into ${config.DATABASE_URL ? 'the database of DATABASE_URL' : pgdata}`);
  }
} catch (err) {
  // The operator needs the reason, not a stack trace.
  console.error(`${command}: ${err instanceof DataDirLockedError ? err.message : (err as Error).message}`);
  process.exit(1);
}
