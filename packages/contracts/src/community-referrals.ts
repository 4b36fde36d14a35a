import { z } from 'zod';
import { singleLine, token } from './text.ts';

/**
 * Referral campaigns and invite leaderboards (邀请达人榜, issue 14). An institution runs a campaign;
 * each verified resident gets a personal invite link; an invite counts only for a new account that
 * has passed real-name verification and completed the campaign's first action. Self-invites,
 * farms and invitees already referred are held for the operator's review instead.
 */

/** What the invited person must do before their invite counts. */
export const REFERRAL_FIRST_ACTIONS = ['join_group', 'first_post'] as const;
/** Why an invite was held rather than counted. */
export const REFERRAL_HOLD_REASONS = [
  'self_invite',
  'address_farm',
  'device_farm',
  'already_referred',
] as const;
export const REFERRAL_STATUSES = ['pending', 'counted', 'held', 'rejected'] as const;
/** Defaults of a campaign's farm rule: more than 3 invites from one address or device in 10 minutes. */
export const REFERRAL_FARM_DEFAULTS = { limit: 3, windowMinutes: 10 } as const;
/** How long after opening an invite link the sign-up may still be attributed to it. */
export const REFERRAL_TICKET_DAYS = 7;

export const ReferralFirstAction = z
  .enum(REFERRAL_FIRST_ACTIONS)
  .describe("join_group = join the campaign's group; first_post = publish a first need or offer");
export const ReferralHoldReason = z.enum(REFERRAL_HOLD_REASONS);
export const ReferralStatus = z.enum(REFERRAL_STATUSES);

export const CampaignIdParams = z.object({ id: z.uuid(), campaignId: z.uuid() });
export const ReferralDecisionParams = z.object({ id: z.uuid(), campaignId: z.uuid(), referralId: z.uuid() });
export const MyCampaignParams = z.object({ campaignId: z.uuid() });
export const InviteTokenParams = z.object({ token: token({ min: 16, max: 64 }) });

export const CampaignBody = z
  .strictObject({
    name: singleLine({ min: 2, max: 60 }),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    firstAction: ReferralFirstAction,
    /** The group invitees join; required for join_group. */
    groupId: z.uuid().nullable().default(null),
    /** Points credited to the inviter per counted invite; never a medicine. */
    rewardPoints: z.number().int().min(1).max(10_000).nullable().default(null),
    farmLimit: z.number().int().min(1).max(100).default(REFERRAL_FARM_DEFAULTS.limit),
    farmWindowMinutes: z.number().int().min(1).max(1440).default(REFERRAL_FARM_DEFAULTS.windowMinutes),
  })
  .refine((b) => Date.parse(b.endsAt) > Date.parse(b.startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  })
  .refine((b) => b.firstAction !== 'join_group' || b.groupId, {
    message: 'join_group needs a group',
    path: ['groupId'],
  });
export type CampaignInput = z.input<typeof CampaignBody>;

export const CampaignPatch = z.strictObject({ closed: z.literal(true) });

export const CampaignPhase = z.enum(['upcoming', 'open', 'closed']);

export const CampaignView = z.object({
  id: z.uuid(),
  partnerId: z.uuid(),
  institution: z.string(),
  name: z.string(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  phase: CampaignPhase,
  firstAction: ReferralFirstAction,
  groupId: z.uuid().nullable(),
  groupName: z.string().nullable(),
  rewardPoints: z.number().int().nullable(),
});
export type CampaignView = z.infer<typeof CampaignView>;

export const OperatorCampaignView = CampaignView.extend({
  farmLimit: z.number().int(),
  farmWindowMinutes: z.number().int(),
  counts: z.object({
    counted: z.number().int(),
    pending: z.number().int(),
    held: z.number().int(),
    rejected: z.number().int(),
    inviters: z.number().int(),
  }),
});
export const OperatorCampaignsReply = z.object({ items: z.array(OperatorCampaignView) });
export const CampaignsReply = z.object({ items: z.array(CampaignView) });

/** One invite as the operator reviews it: masked names only, never a phone or an address. */
export const ReferralReviewView = z.object({
  id: z.uuid(),
  inviter: z.string(),
  invitee: z.string(),
  status: ReferralStatus,
  reason: ReferralHoldReason.nullable(),
  claimedAt: z.iso.datetime(),
  reviewedAt: z.iso.datetime().nullable(),
});
export const ReferralReviewReply = z.object({ items: z.array(ReferralReviewView) });
export const ReferralListQuery = z.object({ status: ReferralStatus.optional() });
export const ReferralDecisionBody = z.strictObject({ action: z.enum(['approve', 'reject']) });

export const LeaderboardEntry = z.object({
  rank: z.number().int(),
  name: z.string(),
  count: z.number().int(),
  me: z.boolean(),
});
export const LeaderboardReply = z.object({ campaign: CampaignView, items: z.array(LeaderboardEntry) });

/** A resident's own side of a campaign: their link, QR, count and rank. */
export const MyReferralsView = z.object({
  campaign: CampaignView,
  /** Null until the resident is verified (only verified residents invite). */
  link: z.object({ url: z.url(), svg: z.string() }).nullable(),
  counted: z.number().int(),
  pending: z.number().int(),
  /** 1-based rank among inviters with at least one counted invite; null with none. */
  rank: z.number().int().nullable(),
  points: z.number().int(),
});

/** What an invite link shows: the campaign and who invites (masked), with a signed ticket. */
export const InvitePreview = z.object({
  campaign: CampaignView,
  inviter: z.string(),
  /**
   * Signed proof of when the link was opened: the app keeps it through login or sign-up and sends it
   * with the claim, so that only an account created after this moment counts as new.
   */
  ticket: z.string(),
  /** The group's join page, for a campaign whose first action is joining it. */
  joinPath: z.string().nullable(),
});
export const InviteClaimBody = z.strictObject({
  ticket: z.string().min(10).max(400),
  /** A random id the app keeps on the device (localStorage); only its keyed hash is stored. */
  deviceId: z.string().min(8).max(64).nullable().default(null),
});
export const InviteClaimReply = z.object({
  campaign: CampaignView,
  inviter: z.string(),
  status: ReferralStatus,
  verified: z.boolean(),
  joinPath: z.string().nullable(),
});
