import path from 'node:path';
import { Redis } from 'ioredis';
import { type App, type AppDeps, buildApp } from './app.ts';
import { createCatalog, readCatalog, syncCatalog } from './modules/catalog/index.ts';
import { rulesEngine } from './modules/moderation/index.ts';
import { createRegions, tileProviderFrom } from './modules/regions/index.ts';
import { type Clock, HOUR, MINUTE, systemClock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import { migrate, openPglite, openPostgres, type Store } from './platform/db/index.ts';
import { createLogger } from './platform/logger.ts';
import { POST_CHANGES_CHANNEL } from './platform/outbox.ts';
import { loadKeys, PersonalData } from './platform/personal-data.ts';
import { createProviders } from './platform/providers.ts';
import { createRedisBus } from './platform/realtime.ts';
import { loadVapidKeys } from './platform/vapid-keys.ts';

// A post's change is written in a transaction that commits a moment after it is announced.
const KICK_DELAY_MS = 50;

export interface Running extends App {
  store: Store;
  clock: Clock;
  /** Settles once the square's index is built and its bodies are cached (benchmarks wait for it). */
  squareWarm: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Opens the store, migrates, loads reference data and builds the app: what `npm start` runs.
 * `adjust` lets a fault drill's server process change what the configuration cannot (a local fake
 * push service, test quotas); `npm start` passes none.
 */
export async function bootstrap(
  config: Config,
  clock: Clock = systemClock,
  adjust: (deps: AppDeps) => AppDeps = (deps) => deps,
): Promise<Running> {
  const logger = createLogger(config.LOG_LEVEL);
  // Connection faults are logged by what happened, never with the URL (it may hold a password).
  const onFault = (event: string, info: Record<string, unknown>) => logger.warn(info, event);
  const pgOptions = { waitMs: config.DATABASE_WAIT_SECONDS * 1000, onFault };
  const store = config.DATABASE_URL
    ? await openPostgres(config.DATABASE_URL, pgOptions)
    : await openPglite(path.join(config.DATA_DIR, 'pgdata'));
  const applied = await migrate(store);
  // A replica is migrated by replication, never by us.
  const readStore = config.DATABASE_READ_URL
    ? await openPostgres(config.DATABASE_READ_URL, pgOptions)
    : undefined;
  logger.info({ store: store.kind, applied, readReplica: Boolean(readStore) }, 'database ready');

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
  // WeChat's access token is shared between processes through Redis (one refresh for all).
  const wechatRedis =
    config.REDIS_URL && (config.WECHAT_APP_ID || config.WECHAT_MP_APP_ID)
      ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 })
      : undefined;
  wechatRedis?.on('error', (err) =>
    logger.warn({ err: { message: err.message } }, 'wechat: redis unavailable'),
  );
  const { sms, verifier, privacyNumbers, wechat, wecomRobot, wechatApps, wechatPay, dada } = createProviders(
    config,
    clock,
    {
      redis: wechatRedis,
    },
  );
  // The local defaults say loudly that they send nothing and prove nothing.
  (sms.name === 'console' ? logger.warn : logger.info).call(logger, sms.description);
  (verifier.provesIdentity ? logger.info : logger.warn).call(logger, verifier.description);
  logger.info(
    `privacy numbers: ${privacyNumbers ? privacyNumbers.name : 'off (helpers see the real number)'}`,
  );
  const vapid = loadVapidKeys({
    publicKey: config.VAPID_PUBLIC_KEY,
    privateKey: config.VAPID_PRIVATE_KEY,
    subject: config.vapidSubject,
    dataDir: config.DATA_DIR,
    allowGenerate: !config.DATABASE_URL,
  });
  logger.info(
    vapid
      ? `Web Push: on, VAPID ${config.VAPID_PUBLIC_KEY ? 'keys from the environment' : `keys in ${config.DATA_DIR}`}, subject ${vapid.subject}`
      : 'Web Push: off (set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY to use it with DATABASE_URL)',
  );
  logger.info(sms.sendNotice ? `SMS notices: through ${sms.name}` : 'SMS notices: off (no notice template)');
  logger.info(wechat ? wechat.description : 'WeChat subscribe messages: off');
  logger.info(
    `WeChat login: mini program ${wechatApps.miniprogram ? `on (${wechatApps.miniprogram.appId})` : 'off'}, ` +
      `official account ${wechatApps.official ? `on (${wechatApps.official.appId})` : 'off'}`,
  );
  logger.info(
    wecomRobot ? wecomRobot.description : 'WeCom group robot: off (announcements are not mirrored)',
  );
  logger.info(
    `pharmacy orders: online payment ${wechatPay ? 'WeChat Pay API v3' : 'off (pay at pickup only)'}, ` +
      `delivery platform ${dada ? '达达' : "off (pharmacies' own riders)"}`,
  );

  // Live square fan-out between server processes; in-process when there is no Redis.
  const liveBus = config.REDIS_URL
    ? await createRedisBus(config.REDIS_URL, (err) =>
        logger.warn({ err: { message: (err as Error)?.message } }, 'live bus: redis unavailable'),
      )
    : undefined;

  // Set once the jobs exist: a change of post state runs the reach consumer soon after.
  let reachSoon: () => void = () => undefined;
  const built = await buildApp(
    adjust({
      onPostChange: () => reachSoon(),
      liveBus,
      store,
      readStore,
      clock,
      sms,
      personal: new PersonalData(keys),
      catalog,
      regions,
      mapTiles: tileProviderFrom(config),
      logger,
      statsMinCount: config.STATS_MIN_COUNT,
      spikeThresholds: { minNeeds: config.SPIKE_MIN_NEEDS, ratio: config.SPIKE_RATIO },
      secureCookies: config.NODE_ENV === 'production',
      trustProxy: config.TRUST_PROXY,
      webDist: config.webDist,
      verifier,
      privacyNumbers,
      channels: { vapid, wechat, timeoutMs: config.VENDOR_TIMEOUT_MS },
      wechatApps,
      wecomRobot,
      wechatPay,
      dada,
      rulesEngine,
      requireVerification: config.REQUIRE_VERIFICATION,
      squareIndex: config.SQUARE_INDEX,
      squareBodyCache: config.SQUARE_BODY_CACHE,
      redisUrl: config.REDIS_URL,
      publicUrl: config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
      revealLimits: {
        perHour: config.REVEAL_PER_HOUR,
        perDay: config.REVEAL_PER_DAY,
        perIpPerDay: config.REVEAL_PER_IP_PER_DAY,
      },
    }),
  );

  // Every background job runs from a timer, one run at a time; shutdown lets the run in flight
  // finish, so deliveries and notifications it claimed are recorded.
  const every = (ms: number, job: () => Promise<unknown>, what: string) => {
    let running: Promise<unknown> | undefined;
    let stopped = false;
    const run = () => {
      if (running || stopped) return;
      running = job()
        .catch((err) => logger.error({ err }, `${what} failed`))
        .finally(() => {
          running = undefined;
        });
    };
    const timer = setInterval(run, ms);
    timer.unref();
    // Asked for a run now: after the one in flight if there is one (it may have read too early).
    let soon: NodeJS.Timeout | undefined;
    const runSoon = () => {
      if (soon || stopped) return;
      soon = setTimeout(async () => {
        await running;
        soon = undefined;
        run();
      }, KICK_DELAY_MS);
      soon.unref();
    };
    return {
      runSoon,
      inFlight: () => running,
      stop() {
        stopped = true;
        clearInterval(timer);
        clearTimeout(soon);
      },
    };
  };
  // Reach: new post events become matches, alert and owner notifications and live-square events.
  // Other processes' events are found by the poll; this process's own post changes run it right after
  // their transaction, so a new post reaches the live square and its matches without waiting a poll.
  const reachJob = every(config.REACH_POLL_MS, () => built.reach.runOnce(), 'reach consumer');
  reachSoon = reachJob.runSoon;
  const reminderJob = every(15_000, () => built.reminderJob.runOnce(), 'dose reminders');
  // A dose that came due while the server was down is sent (once, marked late) as it starts.
  reminderJob.runSoon();
  const calendarJob = every(30_000, () => built.calendarJob.runOnce(), 'content calendar');
  // What fell due while the server was down goes out as it starts, not half a minute later.
  calendarJob.runSoon();
  const jobs = [
    reachJob,
    // Expired posts already leave the square through the feed's expires_at filter; the sweep makes
    // their status say so for owners and statistics.
    every(MINUTE, () => built.posts.expireDue(), 'expiry sweep'),
    // Retention: contact data of posts closed more than 7 days ago is purged.
    every(HOUR, () => built.privacy.purgeDue(), 'retention purge'),
    // Demand spikes become outbox events, which the dispatcher sends to subscribed partners.
    every(5 * MINUTE, () => built.demandSpikes.detect(), 'demand-spike detection'),
    // Webhooks: fan out new outbox events and send due deliveries.
    every(1000, () => built.webhooks.runOnce(), 'webhook dispatch'),
    // Notifications due on outside channels (push, SMS, WeChat).
    every(2000, () => built.deliveries.runOnce(), 'notification delivery'),
    every(10 * MINUTE, () => built.reach.remindExpiring(), 'expiry reminders'),
    // Live sessions starting within 30 minutes remind their registered residents, once per session
    // (marked in the same transaction, so a restart or a second process does not send it again).
    every(MINUTE, () => built.live.sessions.remindDue(), 'live-session reminders'),
    // Dose reminders: the occurrences due now, snoozes that ran out, doses gone unanswered.
    reminderJob,
    // The content calendar: scheduled articles that are due go to their groups (once, even after a restart).
    calendarJob,
    // Referral invites whose invitee is now verified and did the first action count (and credit points) once.
    every(15_000, () => built.referrals.settleAll(), 'referral counting'),
    // Quizzes whose window closed: the pool's tier, the winners' shares, their points and notices (once).
    every(30_000, () => built.quizJob.runOnce(), 'quiz settlement'),
    // The square's index: what a missed notification left out (and, on PGlite, nothing: one process).
    every(config.SQUARE_INDEX_POLL_MS, async () => built.squareIndex?.catchUp(), 'square index catch-up'),
  ];
  // Other processes' post changes: PostgreSQL NOTIFYs as they commit (migration 0030), so the index
  // and the reach consumer catch up at once instead of at their next poll; the polls stay for what a
  // lost connection missed (the listener also catches up after every reconnect). PGlite is one process.
  const postChanges = store.listen?.(POST_CHANGES_CHANNEL, {
    onNotify: () => {
      built.squareIndex?.changed();
      reachJob.runSoon();
    },
    onFault,
  });
  // Pages are read with SQL until the index is built; then the newest posts' bodies are serialised
  // ahead of their first page (SQUARE_BODY_CACHE of them), as a Redis design keeps them in Redis.
  let stopping = false;
  const indexBuilt = built.squareIndex
    ?.build()
    .then(async () => {
      const started = performance.now();
      const bodies = await built.posts.fillSquareBodies({ stopped: () => stopping });
      logger.info(
        { bodies, seconds: Math.round((performance.now() - started) / 100) / 10 },
        'square bodies: cached',
      );
    })
    .catch((err) => logger.error({ err }, 'square index failed'));

  return {
    ...built,
    store,
    clock,
    squareWarm: indexBuilt ?? Promise.resolve(),
    async stop() {
      for (const j of jobs) j.stop();
      await postChanges?.close();
      // Stop accepting and finish the requests in flight, then the job runs in flight, then the stores.
      await built.app.close();
      await Promise.all(jobs.map((j) => j.inFlight()));
      stopping = true;
      built.squareIndex?.close();
      await indexBuilt;
      await liveBus?.close();
      wechatRedis?.disconnect();
      await readStore?.close();
      await store.close();
    },
  };
}
