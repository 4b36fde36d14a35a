// Drizzle's view of the tables that migrations/0029_community_audiences.sql creates: tags, their
// manual members, the audit of audience sends, and residents' say over institution messages.
import type { AudienceDefinition, TagRule } from '@medrelay/contracts';
import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const communityTags = pgTable('community_tags', {
  id: uuid('id').primaryKey(),
  partnerId: uuid('partner_id').notNull(),
  name: text('name').notNull(),
  rule: jsonb('rule').$type<TagRule>(),
  createdBy: uuid('created_by'),
  createdAt: tstz('created_at').notNull(),
});
export type TagRow = typeof communityTags.$inferSelect;

export const communityTagMembers = pgTable(
  'community_tag_members',
  {
    tagId: uuid('tag_id').notNull(),
    userId: uuid('user_id').notNull(),
    addedBy: uuid('added_by'),
    addedAt: tstz('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tagId, t.userId] })],
);

export const audienceSends = pgTable('community_audience_sends', {
  id: uuid('id').primaryKey(),
  partnerId: uuid('partner_id').notNull(),
  senderId: uuid('sender_id'),
  audience: jsonb('audience').$type<AudienceDefinition>().notNull(),
  audienceKey: text('audience_key').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  marketing: boolean('marketing').notNull(),
  matched: integer('matched').notNull(),
  reached: integer('reached').notNull(),
  skippedOptOut: integer('skipped_opt_out').notNull(),
  skippedConsent: integer('skipped_consent').notNull(),
  skippedCap: integer('skipped_cap').notNull(),
  createdAt: tstz('created_at').notNull(),
});
export type AudienceSendRow = typeof audienceSends.$inferSelect;

export const institutionMessageOptouts = pgTable(
  'institution_message_optouts',
  {
    userId: uuid('user_id').notNull(),
    partnerId: uuid('partner_id').notNull(),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.partnerId] })],
);

export const marketingConsents = pgTable('marketing_consents', {
  userId: uuid('user_id').primaryKey(),
  consentedAt: tstz('consented_at').notNull(),
});
