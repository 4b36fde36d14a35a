import { z } from 'zod';
import { CONDITIONS } from './health.ts';
import { multiLine, singleLine } from './text.ts';

/**
 * Community operations (issue 14), segments: tags on an institution's members (manual, or a rule
 * evaluated on demand), audiences built from them (and/or of tags, a region prefix), and messages
 * sent to an audience through notifications, with an audit of every send.
 */

/** One send per audience per institution within this many hours (`audience_send_too_soon`). */
export const AUDIENCE_SEND_INTERVAL_HOURS = 24;
/** A resident receives at most this many institution messages (from all institutions) per 24 hours. */
export const INSTITUTION_MESSAGE_DAILY_CAP = 2;
export const AUDIENCE_MAX_TAGS = 10;

export const TAG_RULE_KINDS = [
  'group',
  'live_registered',
  'live_attended',
  'pharmacy_member',
  'health_condition',
  'referral_campaign',
] as const;

export const TagRule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('group'), groupId: z.uuid() }),
  z.strictObject({ kind: z.literal('live_registered'), sessionId: z.uuid() }),
  z.strictObject({ kind: z.literal('live_attended'), sessionId: z.uuid() }),
  /** Members of the institution's own pharmacy (an institution that is a pharmacy). */
  z.strictObject({ kind: z.literal('pharmacy_member') }),
  /**
   * A condition in the resident's health record, only while their share to this institution is
   * active and covers the record's conditions (care's access policy decides, and audits each read).
   */
  z.strictObject({ kind: z.literal('health_condition'), condition: z.enum(CONDITIONS) }),
  /** Joined through one of the institution's referral campaigns: invitees whose invite was counted. */
  z.strictObject({ kind: z.literal('referral_campaign'), campaignId: z.uuid() }),
]);
export type TagRule = z.infer<typeof TagRule>;

export const TagBody = z.strictObject({
  name: singleLine({ min: 1, max: 30 }),
  /** Absent: a manual tag. */
  rule: TagRule.optional(),
});

/** A count that may be too small to show (below the platform's minimum, like the statistics). */
export const SuppressedCount = z.object({
  /** Null when suppressed: fewer than `minCount` but more than none. */
  count: z.number().int().nullable(),
  suppressed: z.boolean(),
  minCount: z.number().int(),
});
export type SuppressedCount = z.infer<typeof SuppressedCount>;

export const TagView = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(['manual', 'rule']),
  rule: TagRule.nullable(),
  /** Null for a health-condition rule: it is evaluated (and its reads audited) only in a preview or send. */
  members: SuppressedCount.nullable(),
  createdAt: z.iso.datetime(),
});
export type TagView = z.infer<typeof TagView>;
export const TagsReply = z.object({ items: z.array(TagView) });
export const TagIdParams = z.object({ id: z.uuid(), tagId: z.uuid() });

/**
 * A member as the operator sees them: an opaque reference that is stable within this institution
 * (and differs at every other), the nickname only where they let this institution see it, and where
 * they came from. Never a phone number, a verified name or a region.
 */
export const MemberRef = z.string().regex(/^[0-9a-f]{12}$/);
export const AudienceMemberView = z.object({
  ref: MemberRef,
  nickname: z.string().nullable(),
  groups: z.number().int(),
  pharmacyMember: z.boolean(),
  liveSessions: z.number().int(),
  tagIds: z.array(z.uuid()),
});
export type AudienceMemberView = z.infer<typeof AudienceMemberView>;
export const AudienceMembersReply = z.object({
  items: z.array(AudienceMemberView),
  total: z.number().int(),
});
export const AudienceMembersQuery = z.object({ page: z.coerce.number().int().min(1).max(1000).default(1) });

export const TagMembersBody = z.strictObject({
  add: z.array(MemberRef).max(200).default([]),
  remove: z.array(MemberRef).max(200).default([]),
});

/** A GB/T 2260 code's prefix: a province (2 digits), a city (4) or a district (6). */
export const RegionPrefix = z.string().regex(/^\d{2}(\d{2}){0,2}$/, 'a province, city or district code');

export const AudienceDefinition = z.strictObject({
  /** all = members who have every tag (and); any = members who have at least one (or). */
  match: z.enum(['all', 'any']),
  tagIds: z.array(z.uuid()).min(1).max(AUDIENCE_MAX_TAGS),
  /** Only members whose latest post on the square is in this region. */
  regionPrefix: RegionPrefix.optional(),
});
export type AudienceDefinition = z.infer<typeof AudienceDefinition>;

export const AudienceSendBody = z.strictObject({
  audience: AudienceDefinition,
  title: singleLine({ min: 1, max: 40 }),
  body: multiLine({ min: 1, max: 500 }),
  /** Offers, coupons, promotions: only residents who consented to marketing receive it. */
  marketing: z.boolean().default(false),
});

export const AudienceSendView = z.object({
  id: z.uuid(),
  audience: AudienceDefinition,
  title: z.string(),
  body: z.string(),
  marketing: z.boolean(),
  /** The sender, masked (138****5678); shown to the institution's owner only. */
  sender: z.string().nullable(),
  matched: SuppressedCount,
  reached: SuppressedCount,
  skipped: z.object({ optOut: SuppressedCount, consent: SuppressedCount, cap: SuppressedCount }),
  createdAt: z.iso.datetime(),
});
export type AudienceSendView = z.infer<typeof AudienceSendView>;
export const AudienceSendsReply = z.object({ items: z.array(AudienceSendView) });

/** A resident's say over institution messages (the notification settings show it). */
export const InstitutionMessagePrefs = z.object({
  marketing: z.boolean(),
  optedOut: z.array(z.object({ partnerId: z.uuid(), name: z.string(), at: z.iso.datetime() })),
});
export type InstitutionMessagePrefs = z.infer<typeof InstitutionMessagePrefs>;
export const MarketingConsentBody = z.strictObject({ consent: z.boolean() });
export const OptOutParams = z.object({ partnerId: z.uuid() });
