import { z } from 'zod';
import { multiLine, singleLine, token } from './text.ts';

/**
 * Community operations (issue 14), part 1: an institution's groups (社群), the content library with
 * its review step, and the content calendar. Live sessions and surveys have their own schemas.
 */

export const GROUP_KINDS = ['neighbourhood', 'topic'] as const;
export const ARTICLE_KINDS = ['medicine_guidance', 'faq', 'disease', 'vaccine'] as const;
export const ARTICLE_STATUSES = ['draft', 'reviewed', 'published'] as const;
export const REVIEWER_PROFESSIONS = ['doctor', 'pharmacist'] as const;
/** The seed's rhythm: content at 8:30 and at noon, China time. */
export const CALENDAR_SLOTS = ['08:30', '12:00'] as const;

export const GroupKind = z
  .enum(GROUP_KINDS)
  .describe('neighbourhood = 社区群, topic = 话题群 (e.g. 高血压之家)');
export const ArticleKind = z
  .enum(ARTICLE_KINDS)
  .describe('medicine_guidance = 用药指导, faq = 常见问题, disease = 疾病科普, vaccine = 疫苗科普');
export const ArticleStatus = z.enum(ARTICLE_STATUSES);
export const ReviewerProfession = z.enum(REVIEWER_PROFESSIONS);

export const GroupIdParams = z.object({ id: z.uuid(), groupId: z.uuid() });
export const ArticleIdParams = z.object({ id: z.uuid(), articleId: z.uuid() });
export const PublicArticleParams = z.object({ articleId: z.uuid() });
export const JoinTokenParams = z.object({ token: token({ min: 16, max: 64 }) });
export const MyGroupParams = z.object({ groupId: z.uuid() });

export const GroupBody = z.strictObject({
  name: singleLine({ min: 1, max: 40 }),
  kind: GroupKind,
  description: multiLine({ max: 500 }).default(''),
  /** Posting rules (群规), shown to everyone before they join. */
  rules: multiLine({ max: 1000 }).default(''),
});
export const GroupPatchBody = z.strictObject({
  name: singleLine({ min: 1, max: 40 }).optional(),
  description: multiLine({ max: 500 }).optional(),
  rules: multiLine({ max: 1000 }).optional(),
  /** The WeCom group robot's webhook key (or its whole webhook URL); null removes it. */
  wecomRobotKey: token({ min: 8, max: 300 }).nullable().optional(),
});

export const GroupView = z.object({
  id: z.uuid(),
  partnerId: z.uuid(),
  name: z.string(),
  kind: GroupKind,
  description: z.string(),
  rules: z.string(),
  /** The join link's path in the web app, `/groups/join/<token>`; the QR code encodes its full URL. */
  joinPath: z.string(),
  memberCount: z.number().int(),
  /** Whether announcements can be mirrored into a WeCom group (the key itself is never shown). */
  wecomRobot: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type GroupView = z.infer<typeof GroupView>;
export const GroupsReply = z.object({ items: z.array(GroupView) });

export const JoinQrReply = z.object({ url: z.string(), svg: z.string() });

/**
 * A member as an operator sees them: a number in the group and, only if the member agreed, the
 * nickname they gave; otherwise its masked form (张** / 居民).
 */
export const GroupMemberView = z.object({
  memberNo: z.number().int(),
  name: z.string(),
  nameShared: z.boolean(),
  joinedAt: z.iso.datetime(),
});
export type GroupMemberView = z.infer<typeof GroupMemberView>;
export const GroupMembersReply = z.object({ items: z.array(GroupMemberView), total: z.number().int() });

export const AnnouncementBody = z.strictObject({
  body: multiLine({ min: 1, max: 2000 }),
  pinned: z.boolean().default(true),
  /** Also post it into the WeCom group through its robot (when the robot is on and set up). */
  mirrorToWecom: z.boolean().default(false),
});
export const AnnouncementView = z.object({
  id: z.uuid(),
  body: z.string(),
  pinned: z.boolean(),
  /** null: not mirrored; sent / key_refused / rate_limited / failed / off. */
  wecomStatus: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type AnnouncementView = z.infer<typeof AnnouncementView>;
export const AnnouncementsReply = z.object({ items: z.array(AnnouncementView) });
export const AnnouncementParams = z.object({ id: z.uuid(), groupId: z.uuid(), announcementId: z.uuid() });
export const PinBody = z.strictObject({ pinned: z.boolean() });

export const ArticleBody = z.strictObject({
  kind: ArticleKind,
  title: singleLine({ min: 1, max: 80 }),
  summary: multiLine({ max: 200 }).default(''),
  /** Markdown; rendered to sanitised HTML (scripts, event handlers and javascript: links removed). */
  bodyMd: multiLine({ min: 1, max: 20000 }),
  tags: z
    .array(singleLine({ min: 1, max: 20 }))
    .max(8)
    .default([]),
  coverUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullable()
    .default(null),
});
export const ArticleView = z.object({
  id: z.uuid(),
  partnerId: z.uuid(),
  kind: ArticleKind,
  title: z.string(),
  summary: z.string(),
  bodyMd: z.string(),
  html: z.string(),
  tags: z.array(z.string()),
  coverUrl: z.string().nullable(),
  status: ArticleStatus,
  /** Whether the reader wrote it (an author cannot review their own article). */
  mine: z.boolean(),
  reviewerProfession: ReviewerProfession.nullable(),
  reviewedAt: z.iso.datetime().nullable(),
  publishedAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime(),
});
export type ArticleView = z.infer<typeof ArticleView>;
export const ArticlesReply = z.object({ items: z.array(ArticleView) });
export const ArticleActionBody = z.strictObject({ action: z.enum(['review', 'publish', 'unpublish']) });

/** An article as anyone sees it: no author, no reviewer's name, only their profession. */
export const PublicArticleView = z.object({
  id: z.uuid(),
  kind: ArticleKind,
  title: z.string(),
  summary: z.string(),
  html: z.string(),
  tags: z.array(z.string()),
  coverUrl: z.string().nullable(),
  institution: z.string(),
  reviewerProfession: ReviewerProfession.nullable(),
  publishedAt: z.iso.datetime(),
});
export type PublicArticleView = z.infer<typeof PublicArticleView>;

export const ReviewerBody = z.strictObject({ userId: z.uuid(), profession: ReviewerProfession });
/** A member who may review articles; the partner's member list has who they are. */
export const ReviewerView = z.object({ userId: z.uuid(), profession: ReviewerProfession });
export const ReviewersReply = z.object({ items: z.array(ReviewerView) });

export const ScheduleBody = z.strictObject({
  articleId: z.uuid(),
  /** A day and a time in China time (Asia/Shanghai), e.g. 2026-12-01 and 08:30. */
  date: z.iso.date(),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
});
export const ScheduleView = z.object({
  id: z.uuid(),
  groupId: z.uuid(),
  articleId: z.uuid(),
  articleTitle: z.string(),
  sendAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
  recipients: z.number().int().nullable(),
  cancelled: z.boolean(),
});
export type ScheduleView = z.infer<typeof ScheduleView>;
export const ScheduleReply = z.object({ items: z.array(ScheduleView) });
export const ScheduleParams = z.object({ id: z.uuid(), groupId: z.uuid(), scheduleId: z.uuid() });

/** A group as its residents (and someone holding its join link) see it. */
export const GroupPublicView = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: GroupKind,
  description: z.string(),
  rules: z.string(),
  institution: z.string(),
  memberCount: z.number().int(),
  joined: z.boolean(),
});
export type GroupPublicView = z.infer<typeof GroupPublicView>;
export const JoinBody = z.strictObject({
  nickname: singleLine({ min: 1, max: 20 }).nullable().default(null),
  /** Let the group's operators see the nickname (otherwise they see it masked). */
  showName: z.boolean().default(false),
});
export const MyGroupsReply = z.object({ items: z.array(GroupPublicView) });
export const SentArticleView = z.object({
  id: z.uuid(),
  kind: ArticleKind,
  title: z.string(),
  summary: z.string(),
  sentAt: z.iso.datetime(),
});
export const MyGroupReply = z.object({
  group: GroupPublicView,
  /** Pinned first, newest first. */
  announcements: z.array(AnnouncementView),
  articles: z.array(SentArticleView),
});
