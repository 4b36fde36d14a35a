// Drizzle's view of the tables that migrations/0028_referrals.sql creates; they stay in this module.
import { REFERRAL_FIRST_ACTIONS, REFERRAL_HOLD_REASONS } from '@medrelay/contracts';
import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const referralCampaigns = pgTable('referral_campaigns', {
  id: uuid('id').primaryKey(),
  partnerId: uuid('partner_id').notNull(),
  name: text('name').notNull(),
  startsAt: tstz('starts_at').notNull(),
  endsAt: tstz('ends_at').notNull(),
  closedAt: tstz('closed_at'),
  firstAction: text('first_action', { enum: REFERRAL_FIRST_ACTIONS }).notNull(),
  groupId: uuid('group_id'),
  rewardPoints: integer('reward_points'),
  farmLimit: integer('farm_limit').notNull(),
  farmWindowMinutes: integer('farm_window_minutes').notNull(),
  createdBy: uuid('created_by'),
  createdAt: tstz('created_at').notNull(),
});
export type CampaignRow = typeof referralCampaigns.$inferSelect;

export const referralLinks = pgTable(
  'referral_links',
  {
    campaignId: uuid('campaign_id').notNull(),
    inviterId: uuid('inviter_id').notNull(),
    token: text('token').notNull(),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.inviterId] })],
);

export const referrals = pgTable('referrals', {
  id: uuid('id').primaryKey(),
  campaignId: uuid('campaign_id').notNull(),
  inviterId: uuid('inviter_id').notNull(),
  inviteeId: uuid('invitee_id').notNull(),
  ipHash: text('ip_hash').notNull(),
  deviceHash: text('device_hash'),
  claimedAt: tstz('claimed_at').notNull(),
  review: text('review', { enum: ['none', 'held', 'approved', 'rejected'] }).notNull(),
  holdReason: text('hold_reason', { enum: REFERRAL_HOLD_REASONS }),
  reviewedBy: uuid('reviewed_by'),
  reviewedAt: tstz('reviewed_at'),
  countedAt: tstz('counted_at'),
});
export type ReferralRow = typeof referrals.$inferSelect;

export const referralRewards = pgTable('referral_rewards', {
  referralId: uuid('referral_id').primaryKey(),
  campaignId: uuid('campaign_id').notNull(),
  userId: uuid('user_id').notNull(),
  points: integer('points').notNull(),
  createdAt: tstz('created_at').notNull(),
});
