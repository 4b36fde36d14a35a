import fastifyCookie from '@fastify/cookie';
import type { TileProvider } from '@medrelay/contracts';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type preHandlerAsyncHookHandler,
} from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  type AccountsService,
  accountsRoutes,
  createAccountsService,
  createVerificationService,
  installGuards,
  SESSION_COOKIE,
  type User,
} from './modules/accounts/index.ts';
import {
  careRoutes,
  careWorkspaceRoutes,
  consultationsRoutes,
  consultationWorkspaceRoutes,
  createCareServices,
  createConsultationServices,
  createHealthAudience,
  createReminderServices,
  type ReminderJob,
  remindersRoutes,
} from './modules/care/index.ts';
import { type Catalog, catalogRoutes } from './modules/catalog/index.ts';
import {
  articlePageRoutes,
  audienceRoutes,
  type CalendarJob,
  type CommunityServices,
  communityRoutes,
  communityWorkspaceRoutes,
  createAudienceService,
  createCalendarJob,
  createCommunityServices,
  createLiveServices,
  createQuizJob,
  createQuizService,
  createReferralServices,
  type LiveServices,
  liveSessionRoutes,
  liveWorkspaceRoutes,
  type QuizJob,
  type QuizService,
  quizRoutes,
  type ReferralServices,
  referralsRoutes,
  referralWorkspaceRoutes,
  type WecomRobot,
} from './modules/community/index.ts';
import { contactRoutes, createContactService, type RevealLimits } from './modules/contact/index.ts';
import {
  createModerationService,
  type ModerationService,
  moderationRoutes,
  type RulesEngine,
} from './modules/moderation/index.ts';
import {
  type ChannelConfig,
  type ChannelSender,
  createChannelSenders,
  createNotificationDelivery,
  createNotificationsService,
  createPushService,
  type NotificationDelivery,
  type NotificationsService,
  notificationsRoutes,
  pushRoutes,
} from './modules/notifications/index.ts';
import {
  attributionRoutes,
  createPartnerServices,
  createWebhookDispatcher,
  embedRoutes,
  partnerApiRoutes,
  partnersRoutes,
  type WebhookDispatcher,
} from './modules/partners/index.ts';
import { createPaymentsService, paymentsRoutes, wechatPayProvider } from './modules/payments/index.ts';
import {
  createMemberServices,
  createOrderServices,
  createPharmacyServices,
  pharmaciesRoutes,
  pharmacyApiRoutes,
  pharmacyMembersRoutes,
  pharmacyOrdersRoutes,
  pharmacyStaff,
  pharmacyWorkspaceRoutes,
} from './modules/pharmacies/index.ts';
import {
  createHandoffsService,
  createPostState,
  createPostsService,
  createSquareIndex,
  handoffsRoutes,
  type PostQuotas,
  type PostsService,
  postsRoutes,
  type SquareIndex,
} from './modules/posts/index.ts';
import { createPrivacyService, type PrivacyService, privacyRoutes } from './modules/privacy/index.ts';
import {
  alertsRoutes,
  createAlertsService,
  createReachConsumer,
  liveRoutes,
  type ReachConsumer,
} from './modules/reach/index.ts';
import { type Regions, regionsRoutes } from './modules/regions/index.ts';
import {
  createDemandSpikeDetector,
  createStatsService,
  type DemandSpikeDetector,
  type SpikeThresholds,
  statsRoutes,
} from './modules/stats/index.ts';
import {
  createShareCards,
  createWechatAccounts,
  installShareMeta,
  wechatRoutes,
} from './modules/wechat/index.ts';
import type { Clock } from './platform/clock.ts';
import { installCompression } from './platform/compression.ts';
import { createReadYourWrites, type Store } from './platform/db/index.ts';
import { frameworkErrors, installErrorHandler, installNotFound } from './platform/error-handler.ts';
import { AppError } from './platform/errors.ts';
import { createHealthProbe, registerHealth } from './platform/health.ts';
import type { IdentityVerifier, PrivacyNumberProvider } from './platform/identity.ts';
import { installInputGuard } from './platform/input-guard.ts';
import { installOpenApi } from './platform/openapi/document.ts';
import type { PersonalData } from './platform/personal-data.ts';
import { installRateLimits } from './platform/rate-limits.ts';
import { createLocalBus, type LiveBus } from './platform/realtime.ts';
import { installCsrfCheck, installSecurityHeaders } from './platform/security.ts';
import { installConnectionDrain } from './platform/shutdown.ts';
import type { SmsProvider } from './platform/sms.ts';
import type { DadaClient } from './platform/vendors/dada.ts';
import type { WechatClient } from './platform/vendors/index.ts';
import type { WechatPayClient } from './platform/vendors/wechat-pay.ts';
import { serveWebApp } from './platform/web-app.ts';

export interface AppDeps {
  store: Store;
  /** A read replica for the square, post pages and statistics; the primary when absent. */
  readStore?: Store;
  clock: Clock;
  sms: SmsProvider;
  personal: PersonalData;
  catalog: Catalog;
  regions: Regions;
  /** The map's tile provider for the web app (undefined: the app's default; null: off). */
  mapTiles?: TileProvider | null;
  logger: FastifyBaseLogger | false;
  statsMinCount: number;
  statsCacheMs?: number;
  /** When a city's needs count as a demand spike (webhook event `demand.spike`). */
  spikeThresholds?: Partial<SpikeThresholds>;
  verifier: IdentityVerifier;
  privacyNumbers?: PrivacyNumberProvider;
  revealLimits?: RevealLimits;
  /** Publishing and revealing a contact need a verified account (on unless set to false). */
  requireVerification?: boolean;
  secureCookies?: boolean;
  /** Shared rate-limit store; in-process counters without it. */
  redisUrl?: string;
  quotas?: PostQuotas;
  /** The anti-trade rules engine; without it posts are not screened. */
  rulesEngine?: RulesEngine<unknown>;
  /** Base URL of the H5 app, for deep links and QR codes. */
  publicUrl?: string;
  /** Multiplies every rate-limit budget (tests only). */
  rateLimitFactor?: number;
  trustProxy?: boolean;
  webDist?: string;
  /** Live square fan-out; in-process unless given (a Redis bus when REDIS_URL is set). */
  liveBus?: LiveBus;
  /**
   * The square in memory (modules/posts/square-index/): created here, built and kept current by
   * whoever runs the app (bootstrap.ts); off unless set.
   */
  squareIndex?: boolean;
  /** How many public views the square keeps serialised beside its index (200,000 unless set). */
  squareBodyCache?: number;
  /** Told before each write of a post's state (bootstrap runs the reach consumer right after). */
  onPostChange?: () => void;
  /** Outside notification channels (Web Push, SMS, WeChat); the in-app inbox needs none. */
  channelSenders?: ChannelSender[];
  /** What the outside channels need (VAPID keys, the WeChat client) when channelSenders is not given. */
  channels?: ChannelConfig;
  /** Online payment of pharmacy orders (PAYMENT_PROVIDER=wechat-pay); pay at pickup only without it. */
  wechatPay?: WechatPayClient;
  /** 达达 same-city delivery (DELIVERY_PLATFORM=dada); pharmacies' own riders only without it. */
  dada?: DadaClient;
  /** WeChat login, linking, web-view tickets and JS-SDK (modules/wechat); off without the clients. */
  wechatApps?: { miniprogram?: WechatClient; official?: WechatClient };
  /** The WeCom group robot that mirrors group announcements; off unless given. */
  wecomRobot?: WecomRobot;
}

export interface App {
  app: FastifyInstance;
  posts: PostsService;
  accounts: AccountsService;
  privacy: PrivacyService;
  moderation?: ModerationService;
  webhooks: WebhookDispatcher;
  demandSpikes: DemandSpikeDetector;
  reach: ReachConsumer;
  notifications: NotificationsService;
  deliveries: NotificationDelivery;
  squareIndex?: SquareIndex;
  /** Community operations (issue 14): groups, articles, the content calendar. */
  community: CommunityServices;
  /** Live sessions (their reminder job runs from bootstrap), surveys and feedback. */
  live: LiveServices;
  /** The content calendar's sender (bootstrap runs it). */
  calendarJob: CalendarJob;
  /** Quizzes (答题活动) and their settlement job (bootstrap runs it). */
  quiz: QuizService;
  quizJob: QuizJob;
  /** Referral campaigns (邀请达人榜); bootstrap runs their counting pass. */
  referrals: ReferralServices['referrals'];
  /** Dose reminders' scheduler (bootstrap runs it). */
  reminderJob: ReminderJob;
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.logger || undefined,
    logger: deps.logger ? undefined : false,
    trustProxy: deps.trustProxy ?? false,
    bodyLimit: 64 * 1024,
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const { db } = deps.store;
  const accounts = createAccountsService({
    db,
    clock: deps.clock,
    sms: deps.sms,
    personal: deps.personal,
    requireVerification: deps.requireVerification !== false,
  });
  const verification = createVerificationService({
    db,
    clock: deps.clock,
    personal: deps.personal,
    regions: deps.regions,
    verifier: deps.verifier,
  });
  // The one writer of post state; every module that changes a post goes through it.
  const squareIndex = deps.squareIndex
    ? createSquareIndex({ db, log: deps.logger ? deps.logger : undefined })
    : undefined;
  const postState = createPostState({
    clock: deps.clock,
    catalog: deps.catalog,
    regions: deps.regions,
    onChange: () => {
      squareIndex?.changing();
      deps.onPostChange?.();
    },
  });
  const moderation = deps.rulesEngine
    ? createModerationService({
        db,
        postState,
        notify: (tx, notice) => notifications.notify(tx, notice),
        clock: deps.clock,
        engine: deps.rulesEngine,
        personal: deps.personal,
        catalog: deps.catalog,
        regions: deps.regions,
      })
    : undefined;
  await moderation?.init();
  // With a replica, a client that just wrote reads the primary until the replica has replayed its write.
  const readYourWrites = deps.readStore && createReadYourWrites({ primary: db, replica: deps.readStore.db });
  const readDb = readYourWrites ? readYourWrites.readDb : db;
  const posts = createPostsService({
    db,
    readDb,
    clock: deps.clock,
    catalog: deps.catalog,
    regions: deps.regions,
    personal: deps.personal,
    consents: accounts,
    state: postState,
    quotas: deps.quotas,
    screen: moderation?.screen,
    index: squareIndex,
    bodyCacheEntries: deps.squareBodyCache,
  });
  const handoffs = createHandoffsService({ db, clock: deps.clock, state: postState });
  const contact = createContactService({
    db,
    postState,
    // Called at request time, after `notifications` below exists.
    notify: (tx, notice) => notifications.notify(tx, notice),
    clock: deps.clock,
    personal: deps.personal,
    limits: deps.revealLimits,
    privacyNumbers: deps.privacyNumbers,
  });
  const privacy = createPrivacyService({
    db,
    postState,
    clock: deps.clock,
    personal: deps.personal,
    privacyNumbers: deps.privacyNumbers,
    onError: (err) => app.log.error({ err }, 'privacy-number unbind failed'),
    // Called at request time, after `care` below exists.
    sections: [
      { name: 'health', exportFor: (userId) => care.record.exportFor(userId) },
      { name: 'reminders', exportFor: (userId) => careReminders.reminders.exportFor(userId) },
      { name: 'consultations', exportFor: (userId) => careConsultations.consultations.exportFor(userId) },
    ],
  });
  const partners = createPartnerServices({
    db,
    clock: deps.clock,
    personal: deps.personal,
    regions: deps.regions,
    accounts,
    posts,
    publicUrl: deps.publicUrl ?? 'http://localhost:3000',
    statsMinCount: deps.statsMinCount,
  });
  const payments = createPaymentsService({
    db,
    clock: deps.clock,
    provider: deps.wechatPay ? wechatPayProvider(deps.wechatPay) : undefined,
    openidOf: async (userId) => (await accounts.reachOf(userId)).wechatOpenid,
    notify: (tx, notice) => notifications.notify(tx, notice),
  });
  const pharmacies = createPharmacyServices({
    db,
    clock: deps.clock,
    catalog: deps.catalog,
    regions: deps.regions,
    partners,
    notify: (tx, notice) => notifications.notify(tx, notice),
    onReservationReleased: (row, why) =>
      payments
        .refundRest(row.id, `close:${row.id}`, why)
        .catch((err) => app.log.error({ err: { name: (err as Error)?.name } }, 'refund after close failed')),
  });
  const pharmacyOrders = createOrderServices({
    db,
    clock: deps.clock,
    catalog: deps.catalog,
    personal: deps.personal,
    pharmacies,
    payments,
    dada: deps.dada,
    notify: (tx, notice) => notifications.notify(tx, notice),
    onError: (err, what) => app.log.error({ err: { name: (err as Error)?.name } }, what),
  });
  const pharmacyMembers = createMemberServices({
    db,
    clock: deps.clock,
    publicUrl: deps.publicUrl ?? 'http://localhost:3000',
  });
  const webhooks = createWebhookDispatcher({
    db,
    clock: deps.clock,
    personal: deps.personal,
    log: (msg, data) => app.log.info(data, msg),
  });
  const demandSpikes = createDemandSpikeDetector({
    db,
    clock: deps.clock,
    catalog: deps.catalog,
    regions: deps.regions,
    thresholds: deps.spikeThresholds,
  });
  const channelSenders =
    deps.channelSenders ??
    (deps.channels
      ? createChannelSenders(deps.channels, {
          db,
          clock: deps.clock,
          sms: deps.sms,
          reachOf: (userId) => accounts.reachOf(userId),
        })
      : []);
  const push = createPushService({
    db,
    clock: deps.clock,
    vapid: deps.channels?.vapid,
    allowInsecureEndpoints: deps.channels?.allowInsecurePushEndpoints,
  });
  const notifications = createNotificationsService({
    db,
    clock: deps.clock,
    channels: channelSenders.map((c) => c.channel),
  });
  const deliveries = createNotificationDelivery({
    db,
    clock: deps.clock,
    senders: channelSenders,
    onError: (err, channel) =>
      app.log.warn({ err: { name: (err as Error)?.name }, channel }, 'notification delivery failed'),
  });
  const care = createCareServices({ db, clock: deps.clock, personal: deps.personal, catalog: deps.catalog });
  const careConsultations = createConsultationServices({
    db,
    clock: deps.clock,
    personal: deps.personal,
    notify: (tx, notice) => notifications.notify(tx, notice),
    // Moderation's red-flag keywords (breathing, chest pain…) put a question at the top of the queue.
    redFlags: (text) => moderation?.screenDraft({ kind: 'need', note: text }).redFlags ?? [],
  });
  const careReminders = createReminderServices({
    db,
    clock: deps.clock,
    catalog: deps.catalog,
    personal: deps.personal,
    notifyMany: (tx, notices) => notifications.notifyMany(tx, notices),
  });
  const community = createCommunityServices({
    db,
    clock: deps.clock,
    personal: deps.personal,
    publicUrl: deps.publicUrl ?? 'http://localhost:3000',
    notify: (tx, notice) => notifications.notify(tx, notice),
    notifyMany: (tx, notices) => notifications.notifyMany(tx, notices),
    wecom: deps.wecomRobot,
    onMirrorError: (err) =>
      app.log.warn(
        { err: { name: (err as Error)?.name, errcode: (err as { errcode?: number })?.errcode } },
        'WeCom robot mirror failed',
      ),
  });
  const quiz = createQuizService({
    db,
    clock: deps.clock,
    access: community.access,
    notifyMany: (tx, notices) => notifications.notifyMany(tx, notices),
  });
  // Segments: tags, audiences and sends; care's policy decides health-condition rules, pharmacies' members
  // the "member of our pharmacy" rule.
  const healthAudience = createHealthAudience({ db, clock: deps.clock, personal: deps.personal });
  const audience = createAudienceService({
    db,
    clock: deps.clock,
    personal: deps.personal,
    access: community.partnerAccess,
    minCount: deps.statsMinCount,
    notifyMany: (tx, notices) => notifications.notifyMany(tx, notices),
    receivedSince: (tx, userIds, since) =>
      notifications.receivedSince(tx, userIds, 'institution_message', since),
    pharmacy: {
      isPharmacy: async (partnerId) => Boolean(await pharmacyStaff.approvedPharmacy(db, partnerId)),
      memberIds: (partnerId) => pharmacyMembers.members.userIdsOf(partnerId),
    },
    conditionHolders: (actor, partnerId, condition) =>
      healthAudience.conditionHolders(actor, partnerId, condition),
  });
  const referralServices = createReferralServices({
    db,
    clock: deps.clock,
    personal: deps.personal,
    publicUrl: deps.publicUrl ?? 'http://localhost:3000',
  });
  const live = createLiveServices({
    db,
    clock: deps.clock,
    notifyMany: (tx, notices) => notifications.notifyMany(tx, notices),
    contactOf: async (userId) => (await accounts.reachOf(userId)).phone,
  });
  const alerts = createAlertsService({ db, clock: deps.clock, catalog: deps.catalog, regions: deps.regions });
  const liveBus = deps.liveBus ?? createLocalBus();
  const reach = createReachConsumer({
    db,
    clock: deps.clock,
    posts,
    alerts,
    notifications,
    bus: liveBus,
    onError: (err) => app.log.error({ err }, 'reach consumer failed on an event'),
  });
  await reach.init();
  const stats = createStatsService({
    db: readDb,
    clock: deps.clock,
    catalog: deps.catalog,
    regions: deps.regions,
    minCount: deps.statsMinCount,
    cacheMs: deps.statsCacheMs,
  });

  const wechat = createWechatAccounts({
    db,
    clock: deps.clock,
    accounts,
    miniprogram: deps.wechatApps?.miniprogram,
    official: deps.wechatApps?.official,
  });
  const shareCards = createShareCards({
    publicUrl: deps.publicUrl ?? 'http://localhost:3000',
    catalog: deps.catalog,
    regions: deps.regions,
    post: (id) => posts.get(id),
    partnerName: async (ref) => {
      try {
        return (await partners.links.ref(ref)).name;
      } catch {
        return undefined;
      }
    },
  });

  await app.register(fastifyCookie);
  readYourWrites?.install(app, { secureCookies: deps.secureCookies ?? false });
  await installCompression(app);
  const limits = await installRateLimits(app, { redisUrl: deps.redisUrl, factor: deps.rateLimitFactor });
  app.addHook('onClose', () => limits.close());
  const health = createHealthProbe(deps);
  installErrorHandler(app, { sharedStoreDown: limits.sharedStoreDown, onDatabaseUnavailable: health.forget });
  installInputGuard(app);
  installConnectionDrain(app);
  await installSecurityHeaders(app, { https: (deps.publicUrl ?? '').startsWith('https:') });
  installCsrfCheck(app, SESSION_COOKIE);
  installGuards(app, accounts, { requireVerification: deps.requireVerification !== false });

  await installOpenApi(app, { sessionCookie: SESSION_COOKIE });

  await app.register(
    async (api) => {
      registerHealth(api, health);
      await api.register(accountsRoutes, {
        accounts,
        verification,
        secureCookies: deps.secureCookies ?? false,
      });
      await api.register(catalogRoutes, { catalog: deps.catalog });
      await api.register(regionsRoutes, { regions: deps.regions, mapTiles: deps.mapTiles });
      await api.register(postsRoutes, { posts });
      await api.register(statsRoutes, { stats });
      await api.register(contactRoutes, { contact });
      await api.register(privacyRoutes, { privacy });
      if (moderation) await api.register(moderationRoutes, { moderation });
      await api.register(partnersRoutes, partners);
      await api.register(attributionRoutes, { links: partners.links });
      await api.register(pharmaciesRoutes, pharmacies);
      await api.register(pharmacyWorkspaceRoutes, pharmacies);
      await api.register(pharmacyOrdersRoutes, { orders: pharmacyOrders });
      await api.register(paymentsRoutes, { payments });
      await api.register(pharmacyMembersRoutes, pharmacyMembers);
      await api.register(notificationsRoutes, { notifications });
      await api.register(pushRoutes, { push });
      await api.register(alertsRoutes, { alerts });
      await api.register(remindersRoutes, careReminders);
      await api.register(consultationsRoutes, careConsultations);
      await api.register(consultationWorkspaceRoutes, careConsultations);
      await api.register(careRoutes, care);
      await api.register(careWorkspaceRoutes, care);
      await api.register(handoffsRoutes, { handoffs });
      await api.register(communityRoutes, community);
      await api.register(communityWorkspaceRoutes, community);
      await api.register(liveSessionRoutes, live);
      await api.register(liveWorkspaceRoutes, live);
      await api.register(referralsRoutes, referralServices);
      await api.register(referralWorkspaceRoutes, referralServices);
      await api.register(audienceRoutes, { audience });
      await api.register(quizRoutes, { quiz });
      await api.register(liveRoutes, { bus: liveBus, db });
      await api.register(wechatRoutes, {
        wechat,
        accounts,
        cards: shareCards,
        publicUrl: deps.publicUrl ?? 'http://localhost:3000',
        secureCookies: deps.secureCookies ?? false,
        partnerDeepLink: async (user, id) => (await partners.links.deepLink(user, id, {})).url,
      });
    },
    { prefix: '/api/v1' },
  );
  await app.register(partnerApiRoutes, { prefix: '/api/partner/v1', ...partners, posts });
  await app.register(pharmacyApiRoutes, { prefix: '/api/partner/v1', ...pharmacies });
  await app.register(embedRoutes, { keys: partners.keys });
  await app.register(articlePageRoutes, {
    articles: community.articles,
    publicUrl: deps.publicUrl ?? 'http://localhost:3000',
    webDist: deps.webDist,
  });

  const spaIndex = deps.webDist ? await serveWebApp(app, deps.webDist) : false;
  if (spaIndex && deps.webDist) installShareMeta(app, { webDist: deps.webDist, cards: shareCards });
  installNotFound(app, { spaIndex });
  await app.ready();
  return {
    app,
    posts,
    accounts,
    privacy,
    moderation,
    webhooks,
    demandSpikes,
    reach,
    notifications,
    deliveries,
    squareIndex,
    community,
    live,
    calendarJob: createCalendarJob(community),
    quiz,
    quizJob: createQuizJob(quiz),
    referrals: referralServices.referrals,
    reminderJob: careReminders.job,
  };
}
