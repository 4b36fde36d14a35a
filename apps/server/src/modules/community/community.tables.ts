// Drizzle's view of the tables that migrations/0024_community.sql creates. They stay in this module
// (not platform/db/schema.ts): no other module may read them; other modules ask index.ts.
import { ARTICLE_KINDS, ARTICLE_STATUSES, GROUP_KINDS, REVIEWER_PROFESSIONS } from '@medrelay/contracts';
import { boolean, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const communityReviewers = pgTable(
  'community_reviewers',
  {
    partnerId: uuid('partner_id').notNull(),
    userId: uuid('user_id').notNull(),
    profession: text('profession', { enum: REVIEWER_PROFESSIONS }).notNull(),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.userId] })],
);

export const communityGroups = pgTable('community_groups', {
  id: uuid('id').primaryKey(),
  partnerId: uuid('partner_id').notNull(),
  name: text('name').notNull(),
  kind: text('kind', { enum: GROUP_KINDS }).notNull(),
  description: text('description').notNull(),
  rules: text('rules').notNull(),
  joinToken: text('join_token').notNull(),
  wecomRobotKeyEnc: text('wecom_robot_key_enc'),
  archivedAt: tstz('archived_at'),
  createdAt: tstz('created_at').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});
export type GroupRow = typeof communityGroups.$inferSelect;

export const communityGroupMembers = pgTable(
  'community_group_members',
  {
    groupId: uuid('group_id').notNull(),
    userId: uuid('user_id').notNull(),
    nickname: text('nickname'),
    showName: boolean('show_name').notNull(),
    joinedAt: tstz('joined_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] })],
);

export const communityAnnouncements = pgTable('community_announcements', {
  id: uuid('id').primaryKey(),
  groupId: uuid('group_id').notNull(),
  body: text('body').notNull(),
  pinned: boolean('pinned').notNull(),
  authorId: uuid('author_id'),
  wecomStatus: text('wecom_status'),
  createdAt: tstz('created_at').notNull(),
});
export type AnnouncementRow = typeof communityAnnouncements.$inferSelect;

export const communityArticles = pgTable('community_articles', {
  id: uuid('id').primaryKey(),
  partnerId: uuid('partner_id').notNull(),
  kind: text('kind', { enum: ARTICLE_KINDS }).notNull(),
  title: text('title').notNull(),
  summary: text('summary').notNull(),
  bodyMd: text('body_md').notNull(),
  tags: text('tags').array().notNull(),
  coverUrl: text('cover_url'),
  status: text('status', { enum: ARTICLE_STATUSES }).notNull(),
  authorId: uuid('author_id'),
  reviewerId: uuid('reviewer_id'),
  reviewerProfession: text('reviewer_profession', { enum: REVIEWER_PROFESSIONS }),
  reviewedAt: tstz('reviewed_at'),
  publishedAt: tstz('published_at'),
  createdAt: tstz('created_at').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});
export type ArticleRow = typeof communityArticles.$inferSelect;

export const communitySchedule = pgTable('community_schedule', {
  id: uuid('id').primaryKey(),
  groupId: uuid('group_id').notNull(),
  articleId: uuid('article_id').notNull(),
  sendAt: tstz('send_at').notNull(),
  createdBy: uuid('created_by'),
  createdAt: tstz('created_at').notNull(),
  sentAt: tstz('sent_at'),
  recipients: integer('recipients'),
  cancelledAt: tstz('cancelled_at'),
});
export type ScheduleRow = typeof communitySchedule.$inferSelect;
