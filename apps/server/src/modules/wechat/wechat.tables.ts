// Drizzle's view of the tables that migrations/0026_wechat.sql creates. They stay in this module
// because no other module may read them: other modules ask index.ts.
import { pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const WECHAT_KINDS = ['miniprogram', 'official'] as const;
export type WechatKind = (typeof WECHAT_KINDS)[number];

export const wechatIdentities = pgTable(
  'wechat_identities',
  {
    userId: uuid('user_id').notNull(),
    appId: text('app_id').notNull(),
    kind: text('kind', { enum: WECHAT_KINDS }).notNull(),
    openid: text('openid').notNull(),
    unionid: text('unionid'),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.appId] }), unique().on(t.appId, t.openid)],
);

export const wechatPending = pgTable('wechat_pending', {
  tokenHash: text('token_hash').primaryKey(),
  appId: text('app_id').notNull(),
  kind: text('kind', { enum: WECHAT_KINDS }).notNull(),
  openid: text('openid').notNull(),
  unionid: text('unionid'),
  expiresAt: tstz('expires_at').notNull(),
});

export const webTickets = pgTable('web_tickets', {
  ticketHash: text('ticket_hash').primaryKey(),
  userId: uuid('user_id').notNull(),
  createdAt: tstz('created_at').notNull(),
  expiresAt: tstz('expires_at').notNull(),
  usedAt: tstz('used_at'),
});
