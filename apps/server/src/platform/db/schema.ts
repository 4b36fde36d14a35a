// Drizzle's view of the tables that migrations/*.sql create. The SQL files are the source of truth;
// the integration tests run every query against both stores, so a drift shows up there.

import {
  ACCOUNT_ROLES,
  API_KEY_KINDS,
  CONTACT_MODES,
  FOR_WHOM,
  KINDS,
  PARTNER_ROLES,
  PARTNER_STATUSES,
  PARTNER_TYPES,
  POST_STATUSES,
  REPORT_REASONS,
  REVEAL_CHANNELS,
} from '@medrelay/contracts/rules';
import {
  bigint,
  boolean,
  char,
  date,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  phoneHash: text('phone_hash').notNull(),
  phoneEnc: text('phone_enc').notNull(),
  phoneMasked: text('phone_masked').notNull(),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: tstz('created_at').notNull(),
  verifiedAt: tstz('verified_at'),
  verifyMethod: text('verify_method'),
  idHash: text('id_hash'),
  nameMasked: text('name_masked'),
  idMasked: text('id_masked'),
  role: text('role', { enum: ACCOUNT_ROLES }).notNull().default('resident'),
  bannedAt: tstz('banned_at'),
  /** The mini program openid, for WeChat subscribe messages; set when the account is bound (0011). */
  wechatOpenid: text('wechat_openid'),
});

export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull(),
  createdAt: tstz('created_at').notNull(),
  lastSeenAt: tstz('last_seen_at').notNull(),
  expiresAt: tstz('expires_at').notNull(),
});

export const smsCodes = pgTable('sms_codes', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  phoneHash: text('phone_hash').notNull(),
  codeHash: text('code_hash').notNull(),
  attempts: integer('attempts').notNull().default(0),
  createdAt: tstz('created_at').notNull(),
  expiresAt: tstz('expires_at').notNull(),
  consumedAt: tstz('consumed_at'),
  ipHash: text('ip_hash'),
});

export const medicines = pgTable('medicines', {
  id: text('id').primaryKey(),
  category: text('category').notNull(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  active: boolean('active').notNull().default(true),
  catalogVersion: text('catalog_version').notNull(),
});

export const posts = pgTable('posts', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id'),
  kind: text('kind', { enum: KINDS }).notNull(),
  status: text('status', { enum: POST_STATUSES }).notNull(),
  lat: doublePrecision('lat').notNull(),
  lng: doublePrecision('lng').notNull(),
  cell: integer('cell').notNull(),
  provinceCode: char('province_code', { length: 6 }).notNull(),
  cityCode: char('city_code', { length: 6 }).notNull(),
  districtCode: char('district_code', { length: 6 }).notNull(),
  forWhom: text('for_whom', { enum: FOR_WHOM }).notNull(),
  flags: smallint('flags').notNull().default(0),
  note: text('note'),
  contactPhoneEnc: text('contact_phone_enc'),
  contactPhoneMasked: text('contact_phone_masked'),
  categories: text('categories').array().notNull(),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: tstz('created_at').notNull(),
  updatedAt: tstz('updated_at').notNull(),
  expiresAt: tstz('expires_at').notNull(),
  closedAt: tstz('closed_at'),
  renewCount: integer('renew_count').notNull().default(0),
  contactMode: text('contact_mode', { enum: CONTACT_MODES }).notNull().default('phone'),
  revealCount: integer('reveal_count').notNull().default(0),
  purgedAt: tstz('purged_at'),
  moderationReason: text('moderation_reason'),
  moderationSignals: jsonb('moderation_signals')
    .$type<{ id: string; category: string }[]>()
    .notNull()
    .default([]),
  redFlags: text('red_flags').array().notNull().default([]),
  reportCount: integer('report_count').notNull().default(0),
  assistedBy: uuid('assisted_by'),
  assistedByName: text('assisted_by_name'),
  resolution: text('resolution'),
  /** 传递下去: the resolved need this offer passes on what is left of (migration 0017). */
  relayedFrom: uuid('relayed_from'),
  /** The items as the square's index reads them, written with them (migration 0032, itemKeysOf). */
  itemKeys: text('item_keys').notNull().default(''),
});

export const postItems = pgTable(
  'post_items',
  {
    postId: uuid('post_id').notNull(),
    medicineId: text('medicine_id').notNull(),
    position: smallint('position').notNull(),
    quantity: integer('quantity').notNull(),
    expiresOn: date('expires_on', { mode: 'string' }),
    unopened: boolean('unopened'),
    category: text('category').notNull(),
    kind: text('kind', { enum: KINDS }).notNull(),
    status: text('status', { enum: POST_STATUSES }).notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    cell: integer('cell').notNull(),
    provinceCode: char('province_code', { length: 6 }).notNull(),
    cityCode: char('city_code', { length: 6 }).notNull(),
    districtCode: char('district_code', { length: 6 }).notNull(),
    flags: smallint('flags').notNull(),
    given: integer('given').notNull().default(0),
    createdAt: tstz('created_at').notNull(),
    expiresAt: tstz('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.medicineId] })],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: uuid('user_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    postId: uuid('post_id').notNull(),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

export const consents = pgTable(
  'consents',
  {
    userId: uuid('user_id').notNull(),
    purpose: text('purpose').notNull(),
    version: text('version').notNull(),
    createdAt: tstz('created_at').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.purpose, t.version] })],
);

export const contactReveals = pgTable('contact_reveals', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  postId: uuid('post_id').notNull(),
  viewerId: uuid('viewer_id'),
  ipHash: text('ip_hash').notNull(),
  via: text('via', { enum: REVEAL_CHANNELS }).notNull(),
  createdAt: tstz('created_at').notNull(),
});

export const privacyBindings = pgTable(
  'privacy_bindings',
  {
    postId: uuid('post_id').notNull(),
    viewerId: uuid('viewer_id').notNull(),
    bindingId: text('binding_id').notNull(),
    middleNumberEnc: text('middle_number_enc').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.viewerId] })],
);

export const relayThreads = pgTable('relay_threads', {
  id: uuid('id').primaryKey(),
  postId: uuid('post_id').notNull(),
  helperId: uuid('helper_id').notNull(),
  createdAt: tstz('created_at').notNull(),
  lastMessageAt: tstz('last_message_at').notNull(),
});

export const relayMessages = pgTable('relay_messages', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  threadId: uuid('thread_id').notNull(),
  senderId: uuid('sender_id'),
  body: text('body').notNull(),
  createdAt: tstz('created_at').notNull(),
});

export const bannedIdentities = pgTable('banned_identities', {
  idHash: text('id_hash').primaryKey(),
  reason: text('reason').notNull(),
  bannedAt: tstz('banned_at').notNull(),
});

export const reports = pgTable('reports', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  postId: uuid('post_id').notNull(),
  reporterId: uuid('reporter_id'),
  reason: text('reason', {
    enum: REPORT_REASONS,
  }).notNull(),
  note: text('note'),
  reporterVerified: boolean('reporter_verified').notNull(),
  createdAt: tstz('created_at').notNull(),
});

export const ruleSets = pgTable('rule_sets', {
  version: integer('version').primaryKey(),
  rules: jsonb('rules').notNull(),
  note: text('note'),
  createdBy: uuid('created_by'),
  createdAt: tstz('created_at').notNull(),
  active: boolean('active').notNull().default(false),
  /** The trade model version the rules run with; NULL when they name none (migration 0016). */
  modelVersion: text('model_version'),
  /** The figures of the dry run on the last 7 days that the rules passed before publishing. */
  tested: jsonb('tested'),
});

export const moderationActions = pgTable('moderation_actions', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  actorId: uuid('actor_id'),
  action: text('action').notNull(),
  targetType: text('target_type').notNull(),
  targetId: text('target_id').notNull(),
  reason: text('reason'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: tstz('created_at').notNull(),
});

export const partners = pgTable('partners', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  type: text('type', { enum: PARTNER_TYPES }).notNull(),
  contactNameMasked: text('contact_name_masked').notNull(),
  contactPhoneEnc: text('contact_phone_enc').notNull(),
  contactPhoneMasked: text('contact_phone_masked').notNull(),
  regionCodes: text('region_codes').array().notNull(),
  allowedOrigins: text('allowed_origins').array().notNull().default([]),
  status: text('status', { enum: PARTNER_STATUSES }).notNull(),
  createdAt: tstz('created_at').notNull(),
  decidedAt: tstz('decided_at'),
  decidedBy: uuid('decided_by'),
});

export const partnerMembers = pgTable(
  'partner_members',
  {
    partnerId: uuid('partner_id').notNull(),
    userId: uuid('user_id').notNull(),
    role: text('role', { enum: PARTNER_ROLES }).notNull(),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.userId] })],
);

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey(),
  partnerId: uuid('partner_id').notNull(),
  kind: text('kind', { enum: API_KEY_KINDS }).notNull(),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  keyHash: text('key_hash').notNull(),
  scopes: text('scopes').array().notNull(),
  perMinute: integer('per_minute').notNull(),
  perDay: integer('per_day').notNull(),
  createdAt: tstz('created_at').notNull(),
  revokedAt: tstz('revoked_at'),
  lastUsedAt: tstz('last_used_at'),
  replacedBy: uuid('replaced_by'),
});

export const apiKeyUsage = pgTable(
  'api_key_usage',
  {
    keyId: uuid('key_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.day] })],
);

export const outbox = pgTable('outbox', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  topic: text('topic').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  regionCodes: text('region_codes').array().notNull(),
  createdAt: tstz('created_at').notNull(),
  dispatchedAt: tstz('dispatched_at'),
});

export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  id: uuid('id').primaryKey(),
  partnerId: uuid('partner_id').notNull(),
  url: text('url').notNull(),
  secretEnc: text('secret_enc').notNull(),
  events: text('events').array().notNull(),
  regionCodes: text('region_codes').array().notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: tstz('created_at').notNull(),
});

export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  subscriptionId: uuid('subscription_id').notNull(),
  eventId: bigint('event_id', { mode: 'number' }).notNull(),
  status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: tstz('next_attempt_at').notNull(),
  lastStatus: integer('last_status'),
  lastLatencyMs: integer('last_latency_ms'),
  lastError: text('last_error'),
  createdAt: tstz('created_at').notNull(),
  deliveredAt: tstz('delivered_at'),
});

export const webhookAttempts = pgTable('webhook_attempts', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  deliveryId: bigint('delivery_id', { mode: 'number' }).notNull(),
  attempt: integer('attempt').notNull(),
  status: integer('status'),
  latencyMs: integer('latency_ms').notNull(),
  error: text('error'),
  at: tstz('at').notNull(),
});

export const alerts = pgTable('alerts', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  kind: text('kind', { enum: KINDS }).notNull(),
  medicineId: text('medicine_id'),
  category: text('category'),
  lat: doublePrecision('lat').notNull(),
  lng: doublePrecision('lng').notNull(),
  radiusKm: smallint('radius_km').notNull(),
  createdAt: tstz('created_at').notNull(),
  expiresAt: tstz('expires_at').notNull(),
});

export const notifications = pgTable('notifications', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  type: text('type').notNull(),
  dedupKey: text('dedup_key').notNull(),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  urgent: boolean('urgent').notNull().default(false),
  createdAt: tstz('created_at').notNull(),
  readAt: tstz('read_at'),
});

export const notificationPrefs = pgTable('notification_prefs', {
  userId: uuid('user_id').primaryKey(),
  prefs: jsonb('prefs').$type<Record<string, unknown>>().notNull(),
  updatedAt: tstz('updated_at').notNull(),
});

export const notificationDeliveries = pgTable('notification_deliveries', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  notificationId: uuid('notification_id').notNull(),
  userId: uuid('user_id').notNull(),
  channel: text('channel').notNull(),
  status: text('status', { enum: ['pending', 'sent', 'failed', 'skipped'] }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: tstz('next_attempt_at').notNull(),
  lastError: text('last_error'),
  createdAt: tstz('created_at').notNull(),
  sentAt: tstz('sent_at'),
});

export const pushSubscriptions = pgTable('push_subscriptions', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  endpoint: text('endpoint').notNull(),
  p256dh: text('p256dh').notNull(),
  auth: text('auth').notNull(),
  createdAt: tstz('created_at').notNull(),
});

export const eventReceipts = pgTable(
  'event_receipts',
  {
    consumer: text('consumer').notNull(),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.eventId] })],
);

export const eventCursors = pgTable('event_cursors', {
  consumer: text('consumer').primaryKey(),
  lastId: bigint('last_id', { mode: 'number' }).notNull(),
});

export const handoffs = pgTable('handoffs', {
  id: uuid('id').primaryKey(),
  postId: uuid('post_id').notNull(),
  medicineId: text('medicine_id').notNull(),
  quantity: integer('quantity').notNull(),
  threadId: uuid('thread_id'),
  receiverId: uuid('receiver_id'),
  code: text('code'),
  status: text('status', { enum: ['pending', 'confirmed', 'locked'] }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  createdAt: tstz('created_at').notNull(),
  confirmedAt: tstz('confirmed_at'),
});
