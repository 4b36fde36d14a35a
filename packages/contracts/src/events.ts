import { z } from 'zod';
import { Kind, PostStatus } from './common.ts';
import { EVENT_TOPICS, WEBHOOK_TOPICS } from './event-topics.ts';
import { PostView } from './posts.ts';

/**
 * The typed catalogue of domain events. The posts module writes a post event in the same
 * transaction as the state change it describes (the outbox); demand spikes write `demand.spike`.
 * The webhook dispatcher and the reach consumer (matches, alerts, owners' notices, the live square)
 * read them. The topics and their groups are plain lists in event-topics.ts; docs/architecture.md
 * says who consumes what.
 */
export const EventTopic = z.enum(EVENT_TOPICS);
export type EventTopic = z.infer<typeof EventTopic>;
export type PostEventTopic = Exclude<EventTopic, 'demand.spike'>;

/** Topics a partner may subscribe to with a webhook; `post.held` stays inside the platform. */
export const WebhookEvent = z.enum(WEBHOOK_TOPICS);
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
  'post.updated': PostEventPayload,
  'post.resolved': PostEventPayload,
  'post.expired': PostEventPayload,
  'post.removed': BarePostEventPayload,
  'post.hidden': BarePostEventPayload,
  'post.deleted': BarePostEventPayload,
  'post.held': BarePostEventPayload,
  'demand.spike': DemandSpikePayload,
} as const satisfies Record<EventTopic, z.ZodType>;
