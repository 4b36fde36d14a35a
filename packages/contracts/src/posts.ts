import { z } from 'zod';
import {
  ContactMode,
  CoordSystem,
  ForWhom,
  Kind,
  Localized,
  Phone,
  PostStatus,
  RegionCode,
  VulnerableFlag,
} from './common.ts';
import {
  FEED_DEFAULT_RADIUS_KM,
  FEED_MAX_RADIUS_KM,
  FEED_PAGE_DEFAULT,
  FEED_PAGE_MAX,
  FEED_SORTS,
  MAX_ITEMS_PER_POST,
  NOTE_MAX_LENGTH,
  VULNERABLE_FLAGS,
} from './rules.ts';
import { multiLine, token } from './text.ts';

const IsoDate = z.iso.date();

export const PostItemInput = z.strictObject({
  medicineId: token({ min: 1, max: 64 }),
  quantity: z.number().int().positive(),
  expiresOn: IsoDate.optional().describe('Required for offers: the expiry date printed on the pack.'),
  unopened: z.boolean().optional(),
});

export const LocationInput = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  coordSystem: CoordSystem.default('wgs84'),
});

export const CreatePostBody = z.strictObject({
  kind: Kind,
  items: z.array(PostItemInput).min(1).max(MAX_ITEMS_PER_POST),
  location: LocationInput,
  regionCode: RegionCode.optional(),
  note: multiLine({ max: NOTE_MAX_LENGTH }).optional(),
  forWhom: ForWhom.default('self'),
  flags: z.array(VulnerableFlag).max(VULNERABLE_FLAGS.length).default([]),
  contactMode: ContactMode.default('phone'),
  consent: z
    .literal(true)
    .optional()
    .describe('Explicit consent to process location and phone; required with the first post.'),
  contactPhone: Phone.optional().describe('Defaults to the phone the account logged in with.'),
  relayedFrom: z
    .uuid()
    .optional()
    .describe('传递下去: an offer of what is left after my need was resolved names that need.'),
});
export type CreatePostBody = z.input<typeof CreatePostBody>;

export const PostItemView = z.object({
  medicineId: z.string(),
  name: Localized,
  category: z.string(),
  unit: Localized,
  quantity: z.number().int(),
  expiresOn: z.string().nullable(),
  unopened: z.boolean().nullable(),
});

export const RegionRef = z.object({
  provinceCode: z.string(),
  cityCode: z.string(),
  districtCode: z.string(),
  province: z.string(),
  city: z.string(),
  district: z.string(),
});

export const PostView = z.object({
  id: z.uuid(),
  kind: Kind,
  status: PostStatus,
  items: z.array(PostItemView),
  // Rounded to about 100 m: the exact point is personal data.
  location: z.object({ lat: z.number(), lng: z.number() }),
  region: RegionRef,
  forWhom: ForWhom,
  flags: z.array(VulnerableFlag),
  note: z.string().nullable(),
  contactPhoneMasked: z.string().nullable(),
  contactMode: ContactMode,
  /** Medical red flags found in a need's note: show "call 120 / see a doctor now". */
  redFlags: z.array(z.string()),
  /** The institution that published this post for a resident without a smartphone. */
  assistedBy: z.string().nullable(),
  isDemo: z.boolean(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  distanceKm: z.number().optional(),
});
export type PostView = z.infer<typeof PostView>;

export const MyPostView = PostView.extend({
  closedAt: z.iso.datetime().nullable(),
  renewCount: z.number().int(),
  /** How many people have revealed this post's contact. */
  revealCount: z.number().int(),
  /** Why the post is held or was taken down: a reason code, never the rule that caught it. */
  moderationReason: z.string().nullable(),
});
export type MyPostView = z.infer<typeof MyPostView>;

const FlagList = z
  .string()
  .transform((v) => v.split(',').filter(Boolean))
  .pipe(z.array(VulnerableFlag));

export const FeedQuery = z.object({
  kind: Kind.optional(),
  medicineId: token({ max: 64 }).optional(),
  category: token({ max: 40 }).optional(),
  region: RegionCode.optional(),
  near: z
    .string()
    .regex(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/, 'lat,lng')
    .transform((v) => {
      const [lat, lng] = v.split(',').map(Number) as [number, number];
      return { lat, lng };
    })
    .pipe(z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }))
    .optional(),
  coordSystem: CoordSystem.default('wgs84'),
  radiusKm: z.coerce.number().positive().max(FEED_MAX_RADIUS_KM).optional(),
  sort: z.enum(FEED_SORTS).default('time'),
  flags: FlagList.optional().describe('Comma-separated; a post matches if it has any of them.'),
  limit: z.coerce.number().int().min(1).max(FEED_PAGE_MAX).default(FEED_PAGE_DEFAULT),
  cursor: token({ max: 200 }).optional(),
});
export type FeedQuery = z.input<typeof FeedQuery>;

export const FeedReply = z.object({ items: z.array(PostView), nextCursor: z.string().nullable() });
export type FeedReply = z.infer<typeof FeedReply>;
export const MyPostsReply = z.object({ items: z.array(MyPostView) });

export const PostIdParams = z.object({ id: z.uuid() });
