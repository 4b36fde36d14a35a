import path from 'node:path';
import pino from 'pino';
import { type App, buildApp } from './app.ts';
import { createCatalog, readCatalog, syncCatalog } from './modules/catalog/index.ts';
import { createRegions } from './modules/regions/index.ts';
import { type Clock, MINUTE, systemClock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import { migrate, openPglite, openPostgres, type Store } from './platform/db/index.ts';
import { loggerOptions } from './platform/logger.ts';
import { loadKeys, PersonalData } from './platform/personal-data.ts';
import { ConsoleSmsProvider } from './platform/sms.ts';

export interface Running extends App {
  store: Store;
  clock: Clock;
  stop(): Promise<void>;
}

/** Opens the store, migrates, loads reference data and builds the app: what `npm start` runs. */
export async function bootstrap(config: Config, clock: Clock = systemClock): Promise<Running> {
  const logger = pino(loggerOptions(config.LOG_LEVEL));
  const store = config.DATABASE_URL
    ? await openPostgres(config.DATABASE_URL)
    : await openPglite(path.join(config.DATA_DIR, 'pgdata'));
  const applied = await migrate(store);
  logger.info({ store: store.kind, applied }, 'database ready');

  const catalogData = readCatalog();
  await syncCatalog(store.db, catalogData);
  const catalog = createCatalog(catalogData);
  const regions = createRegions();
  logger.info({ catalog: catalog.version, regions: regions.version }, 'reference data loaded');

  const keys = loadKeys({
    encKey: config.PHONE_ENC_KEY,
    encKeyId: config.PHONE_ENC_KEY_ID,
    hashKey: config.HASH_KEY,
    dataDir: config.DATA_DIR,
    allowGenerate: !config.DATABASE_URL,
  });
  const sms = new ConsoleSmsProvider(config.smsOutbox);
  logger.warn(sms.description);

  const built = await buildApp({
    store,
    clock,
    sms,
    personal: new PersonalData(keys),
    catalog,
    regions,
    logger,
    statsMinCount: config.STATS_MIN_COUNT,
    secureCookies: config.NODE_ENV === 'production',
    trustProxy: config.TRUST_PROXY,
    webDist: config.webDist,
  });

  // Expired posts already leave the square through the feed's expires_at filter; the sweep makes
  // their status say so for owners and statistics.
  const sweep = setInterval(() => {
    built.posts.expireDue().catch((err) => logger.error({ err }, 'expiry sweep failed'));
  }, MINUTE);
  sweep.unref();

  return {
    ...built,
    store,
    clock,
    async stop() {
      clearInterval(sweep);
      await built.app.close();
      await store.close();
    },
  };
}
