import { z } from 'zod';
import { Kind, PostStatus } from './common.ts';
import { PostView } from './posts.ts';

/**
 * The typed catalogue of domain events. The posts module writes a post event in the same
 * transaction as the state change it describes (the outbox); webhooks, stats and, later, matching,
 * notifications and the live square read them. See docs/architecture.md for who consumes what.
 */

/** A post became visible in the square for the first time: published at once, or approved from review. */
const PostCreated = z.literal('post.created');
/** Visible again after reports hid it (a moderator approved it). */
const PostRestored = z.literal('post.restored');
/** The owner kept it up for another period. */
const PostRenewed = z.literal('post.renewed');
/** The owner marked it 已解决. */
const PostResolved = z.literal('post.resolved');
/** Its time ran out. */
const PostExpired = z.literal('post.expired');
/** Taken down by a moderator (or with its banned author). */
const PostRemoved = z.literal('post.removed');
/** Hidden from the square by verified residents' reports, pending a moderator. */
const PostHidden = z.literal('post.hidden');
/** Deleted by its owner, or with the owner's account. */
const PostDeleted = z.literal('post.deleted');
/** Held for review at creation: never public, so never sent to partners; the poster is told. */
const PostHeld = z.literal('post.held');
/** A city's needs rose well above their usual hourly rate. */
const DemandSpike = z.literal('demand.spike');

export const EventTopic = z.union([
  PostCreated,
  PostRestored,
  PostRenewed,
  PostResolved,
  PostExpired,
  PostRemoved,
  PostHidden,
  PostDeleted,
  PostHeld,
  DemandSpike,
]);
export type EventTopic = z.infer<typeof EventTopic>;
export type PostEventTopic = Exclude<EventTopic, 'demand.spike'>;

/** Events that carry the post's public view (masked phone, rounded location): it is in the square. */
export const VISIBLE_POST_TOPICS = ['post.created', 'post.restored', 'post.renewed'] as const;
/**
 * Events about a post leaving the square. Resolved and expired carry the public view as they always
 * have; a removed, hidden, deleted or held post carries only what a subscriber needs to take it
 * down, because its note may be exactly what a moderator kept out of sight.
 */
export const CLOSING_POST_TOPICS = ['post.resolved', 'post.expired'] as const;
export const BARE_POST_TOPICS = ['post.removed', 'post.hidden', 'post.deleted', 'post.held'] as const;

/** Topics a partner may subscribe to with a webhook; `post.held` stays inside the platform. */
export const WebhookEvent = z.enum([
  'post.created',
  'post.restored',
  'post.renewed',
  'post.resolved',
  'post.expired',
  'post.removed',
  'post.hidden',
  'post.deleted',
  'demand.spike',
]);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** The smallest description of a post that left the square. */
export const BarePost = z.object({
  id: z.uuid(),
  kind: Kind,
  status: PostStatus,
  medicineIds: z.array(z.string()),
  provinceCode: z.string(),
  cityCode: z.string(),
  districtCode: z.string(),
});
export type BarePost = z.infer<typeof BarePost>;

export const PostEventPayload = z.object({
  post: PostView,
  /** Set when a moderator's decision made the post visible (approved from review, or restored). */
  via: z.literal('moderation').optional(),
});
export const BarePostEventPayload = z.object({
  post: BarePost,
  /** For held and removed posts: the reason code its poster may see, never the pattern that matched. */
  reason: z.string().optional(),
});

export const DemandSpikePayload = z.object({
  spike: z.object({
    provinceCode: z.string(),
    cityCode: z.string(),
    city: z.string(),
    needs: z.number().int(),
    baselinePerHour: z.number(),
    ratio: z.number(),
    windowStart: z.iso.datetime(),
    windowEnd: z.iso.datetime(),
    topMedicines: z.array(
      z.object({
        medicineId: z.string(),
        name: z.object({ zh: z.string(), en: z.string() }),
        count: z.number().int(),
      }),
    ),
  }),
});

/** What each topic's payload looks like, for producers, consumers and the SDK's webhook types. */
export const EVENT_PAYLOADS = {
  'post.created': PostEventPayload,
  'post.restored': PostEventPayload,
  'post.renewed': PostEventPayload,
  'post.resolved': PostEventPayload,
  'post.expired': PostEventPayload,
  'post.removed': BarePostEventPayload,
  'post.hidden': BarePostEventPayload,
  'post.deleted': BarePostEventPayload,
  'post.held': BarePostEventPayload,
  'demand.spike': DemandSpikePayload,
} as const satisfies Record<EventTopic, z.ZodType>;
