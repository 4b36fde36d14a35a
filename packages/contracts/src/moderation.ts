import { z } from 'zod';
import { Kind, Phone } from './common.ts';
import { PostItemInput, PostView } from './posts.ts';
import {
  ACCOUNT_ROLES,
  MAX_ITEMS_PER_POST,
  NOTE_MAX_LENGTH,
  REMOVAL_REASONS,
  REPORT_REASONS,
} from './rules.ts';
import { multiLine, token } from './text.ts';

export const ReportReason = z.enum(REPORT_REASONS);
export const ReportBody = z.strictObject({
  reason: ReportReason,
  note: multiLine({ max: 200 }).optional(),
});
export const ReportReply = z.object({ reported: z.literal(true), hidden: z.boolean() });

export const QueueItem = PostView.extend({
  moderationReason: z.string().nullable(),
  /** The author's account (opaque id), so that one account's held posts can be taken down together. */
  authorId: z.uuid().nullable().optional(),
  /** Which rules fired: for moderators only, never shown to the poster. */
  signals: z.array(z.object({ id: z.string(), category: z.string() })),
  reportCount: z.number().int(),
  reports: z.array(z.object({ reason: ReportReason, count: z.number().int() })),
  /** The note as the active rules read it (issue 18), and where trade patterns matched: [start, end). */
  normalized: z.string().optional(),
  highlights: z.array(z.tuple([z.number().int(), z.number().int()])).optional(),
});
export type QueueItem = z.infer<typeof QueueItem>;
export const QueueReply = z.object({ items: z.array(QueueItem) });

/** Reason codes a moderator gives for a removal; the poster sees the code and its message. */
export const RemovalReason = z.enum(REMOVAL_REASONS);
export const ApproveBody = z.strictObject({ note: multiLine({ max: 200 }).optional() });
export const RemoveBody = z.strictObject({
  reason: RemovalReason,
  note: multiLine({ max: 200 }).optional(),
});
/** One account's obvious spam in one decision: every post must still be held (issue 18). */
export const BulkRemoveBody = z.strictObject({
  postIds: z.array(z.uuid()).min(1).max(200),
  reason: RemovalReason,
  note: multiLine({ max: 200 }).optional(),
  /** Also ban the author (all the posts must be theirs): their other posts come down too. */
  banAuthor: z.boolean().optional(),
});
export const BulkRemoveReply = z.object({
  /** The held posts removed by this decision. */
  removed: z.number().int(),
  banned: z.boolean(),
  /** With a ban, the author's other live posts that came down with it. */
  alsoRemoved: z.number().int(),
});
export const ModerationResult = z.object({
  id: z.uuid(),
  status: z.string(),
  moderationReason: z.string().nullable(),
});

const Tally = z.object({ allowed: z.number().int(), review: z.number().int(), blocked: z.number().int() });
/** What a dry run found: the posts of the window, their outcomes under the current and the edited rules. */
export const DryRunFigures = z.object({
  /** Every post created in the window (the last 7 days), in every state, except purged ones. */
  window: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
  evaluated: z.number().int(),
  current: Tally,
  candidate: Tally,
  /** How many posts would change outcome (`changed` lists examples only). */
  changedCount: z.number().int(),
  /** The trade model the edited rules run with; null when they name none this server has. */
  modelVersion: z.string().nullable(),
});
export type DryRunFigures = z.infer<typeof DryRunFigures>;
export const RulesReply = z.object({
  version: z.number().int(),
  rules: z.unknown(),
  note: z.string().nullable(),
  /** The trade model version this rule set runs with (issue 18: rules and model versioned together). */
  modelVersion: z.string().nullable().optional(),
  /** The dry run it passed before it was published; null for the shipped first version. */
  tested: DryRunFigures.nullable().optional(),
});
export const RulesBody = z.strictObject({ rules: z.unknown(), note: multiLine({ max: 200 }).optional() });
export const PublishRulesBody = RulesBody.extend({
  /** The version the edit started from: publishing over a newer one is refused (409 rules_changed). */
  baseVersion: z.number().int().positive().optional(),
});
export const DryRunReply = DryRunFigures.extend({
  /** Each kind of change (from → to) and how many posts make it. */
  transitions: z.array(z.object({ from: z.string(), to: z.string(), count: z.number().int() })),
  /** Examples of the posts that would change: up to 5 of each kind of change. */
  changed: z.array(
    z.object({
      postId: z.uuid(),
      note: z.string(),
      /** The note as the rules read it (full-width, pinyin, numerals, aliases folded): issue 18. */
      normalized: z.string().optional(),
      from: z.string(),
      to: z.string(),
    }),
  ),
});
export type DryRunReply = z.infer<typeof DryRunReply>;

export const AuditEntry = z.object({
  id: z.number().int(),
  actorId: z.string().nullable(),
  /** The moderator, as colleagues recognise them: the masked phone (138****0000). */
  actorPhoneMasked: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
});
export const AuditReply = z.object({ items: z.array(AuditEntry) });

export const Role = z.enum(ACCOUNT_ROLES);
export const RoleBody = z.strictObject({ phone: Phone, role: Role });
export const RoleReply = z.object({ userId: z.uuid(), role: Role });

/**
 * A draft's note screened as publishing would (issue 16), while the resident types: nothing is stored.
 * The reply holds reason codes for the resident, never the rule that matched.
 */
export const ScreenDraftBody = z.strictObject({
  kind: Kind,
  note: multiLine({ max: NOTE_MAX_LENGTH }),
  medicineIds: z
    .array(token({ min: 1, max: 64 }))
    .max(MAX_ITEMS_PER_POST)
    .optional(),
});
export const ScreenDraftReply = z.object({
  /** allowed: publishes at once; review: held for a moderator; blocked: refused as it stands. */
  outcome: z.enum(['allowed', 'review', 'blocked']),
  /** Reason codes the resident may see (price, trade, bulk, off_platform_contact, banned_medicine…). */
  reasons: z.array(z.string()),
  /** Medical red flags in a need's note (breathing, chest_pain…): "call 120", never a refusal. */
  redFlags: z.array(z.string()),
});

/** The owner's edit of a held post: its note, its items, or both; the rules read it again. */
export const EditHeldPostBody = z
  .strictObject({
    note: multiLine({ max: NOTE_MAX_LENGTH }).optional(),
    items: z.array(PostItemInput).min(1).max(MAX_ITEMS_PER_POST).optional(),
  })
  .refine((b) => b.note !== undefined || b.items !== undefined, { message: 'note or items' });
