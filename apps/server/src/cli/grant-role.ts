import { Phone } from '@medrelay/contracts';
import { bootstrap } from '../bootstrap.ts';
import { loadConfig } from '../platform/config.ts';

// `npm run admin:grant -- <phone> [admin|moderator|resident]`: the first admin cannot be made through
// the API (only an admin grants roles), so it is made here, by whoever runs the server.
const [rawPhone, rawRole = 'admin'] = process.argv.slice(2);
const phone = Phone.safeParse(rawPhone ?? '');
if (!phone.success || !['admin', 'moderator', 'resident'].includes(rawRole)) {
  console.error('usage: npm run admin:grant -- <11-digit mobile> [admin|moderator|resident]');
  process.exit(2);
}
const running = await bootstrap(loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }));
try {
  if (!running.moderation) throw new Error('moderation is not enabled');
  await running.accounts.findOrCreate(phone.data);
  const result = await running.moderation.setRole(null, phone.data, rawRole as 'admin');
  console.log(`role ${result.role} granted to account ${result.userId} (log in with that phone to use it)`);
} finally {
  await running.stop();
}
