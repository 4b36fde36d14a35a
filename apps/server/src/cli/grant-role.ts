import { Phone } from '@medrelay/contracts';
import { bootstrap } from '../bootstrap.ts';
import { loadConfig } from '../platform/config.ts';
import { DataDirLockedError } from '../platform/db/index.ts';

// `npm run admin:grant -- <phone> [admin|moderator|resident]`: the first admin cannot be made through
// the API (only an admin grants roles), so it is made here, by whoever runs the server.
const [rawPhone, rawRole = 'admin'] = process.argv.slice(2);
const phone = Phone.safeParse(rawPhone ?? '');
if (!phone.success || !['admin', 'moderator', 'resident'].includes(rawRole)) {
  console.error('usage: npm run admin:grant -- <11-digit mobile> [admin|moderator|resident]');
  process.exit(2);
}
// On the embedded store the running server holds the data folder; bootstrap refuses to open it a second
// time (two PGlite instances on one folder corrupt it), and the refusal says what to do.
const running = await bootstrap(
  loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }),
).catch((err: unknown) => {
  if (err instanceof DataDirLockedError) {
    console.error(`admin:grant: ${err.message}`);
    process.exit(1);
  }
  throw err;
});
try {
  if (!running.moderation) throw new Error('moderation is not enabled');
  await running.accounts.findOrCreate(phone.data);
  const result = await running.moderation.setRole(null, phone.data, rawRole as 'admin');
  console.log(`role ${result.role} granted to account ${result.userId} (log in with that phone to use it)`);
} finally {
  await running.stop();
}
