import { z } from 'zod';
import { CoordSystem, Kind } from './common.ts';
import { PostView } from './posts.ts';
import { ALERT_RADIUS_CHOICES_KM, NOTIFICATION_CHANNELS, NOTIFICATION_TYPES } from './rules.ts';

/**
 * Reaching people: matches, saved alerts, the notification centre and the live square. The plain
 * limits and lists (alert radii, caps, notification types and channels) are in rules.ts, so the web
 * app's screens take them without zod.
 */

export const MatchesReply = z.object({
  /** Open posts of the other kind for the same medicines, nearest first (vulnerable needs first for an offer). */
  items: z.array(PostView),
  radiusKm: z.number(),
});

export const AlertBody = z
  .strictObject({
    /** The kind of post to be told about: `offer` = tell me when someone offers. */
    kind: Kind,
    medicineId: z.string().min(1).max(60).optional(),
    category: z.string().min(1).max(40).optional(),
    location: z.strictObject({
      lat: z.number().min(-90).max(90),
      lng: z.number().min(-180).max(180),
      coordSystem: CoordSystem.default('wgs84'),
    }),
    radiusKm: z.literal(ALERT_RADIUS_CHOICES_KM),
  })
  .refine((a) => Boolean(a.medicineId) !== Boolean(a.category), {
    message: 'give a medicineId or a category, not both',
    path: ['medicineId'],
  });

export const AlertView = z.object({
  id: z.uuid(),
  kind: Kind,
  medicineId: z.string().nullable(),
  category: z.string().nullable(),
  /** Rounded like a post's public location. */
  location: z.object({ lat: z.number(), lng: z.number() }),
  radiusKm: z.number(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type AlertView = z.infer<typeof AlertView>;
export const AlertsReply = z.object({ items: z.array(AlertView), max: z.number() });
export const AlertIdParams = z.object({ id: z.uuid() });

export const NotificationType = z.enum(NOTIFICATION_TYPES);
export type NotificationType = z.infer<typeof NotificationType>;
export const NotificationChannel = z.enum(NOTIFICATION_CHANNELS);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

/**
 * What a notification says, as data the app renders in the reader's language. Never a phone number,
 * an ID number, a name or an exact location.
 */
export const NotificationData = z.object({
  postId: z.uuid().optional(),
  /** For a match: my post that the new one matches. */
  myPostId: z.uuid().optional(),
  alertId: z.uuid().optional(),
  threadId: z.uuid().optional(),
  kind: Kind.optional(),
  medicineIds: z.array(z.string()).optional(),
  distanceKm: z.number().optional(),
  count: z.number().int().optional(),
  reason: z.string().optional(),
  expiresAt: z.iso.datetime().optional(),
  /** A dose reminder: the reminder, the dose's time, and whether it was sent after its time. */
  reminderId: z.uuid().optional(),
  dueAt: z.iso.datetime().optional(),
  late: z.boolean().optional(),
  /** A caregiver's link (invitation, missed doses): never the person's record or medicines. */
  careLinkId: z.uuid().optional(),
  consultationId: z.uuid().optional(),
  /** A live session's reminder (its start time) and an answer to my feedback. */
  sessionId: z.uuid().optional(),
  startsAt: z.iso.datetime().optional(),
  feedbackId: z.uuid().optional(),
  /** For a pharmacy reservation's steps (confirmed, declined, ready). */
  reservationId: z.uuid().optional(),
  pharmacyId: z.uuid().optional(),
  /** Community (issue 14): the group and the article or announcement a notice is about. */
  groupId: z.uuid().optional(),
  articleId: z.uuid().optional(),
  announcementId: z.uuid().optional(),
  /** An institution's message to an audience: the institution, the send, and the message itself. */
  partnerId: z.uuid().optional(),
  partnerName: z.string().max(100).optional(),
  sendId: z.uuid().optional(),
  title: z.string().max(40).optional(),
  body: z.string().max(500).optional(),
  /** A quiz's reward (the points won are in `count`). */
  quizId: z.uuid().optional(),
  /** For a delivery's steps and a refund: the order (a reservation with delivery or online payment). */
  orderId: z.uuid().optional(),
  amountFen: z.number().int().optional(),
});
export type NotificationData = z.infer<typeof NotificationData>;

export const NotificationView = z.object({
  id: z.uuid(),
  type: NotificationType,
  data: NotificationData,
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});
export type NotificationView = z.infer<typeof NotificationView>;
export const NotificationsQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const NotificationsReply = z.object({
  items: z.array(NotificationView),
  nextCursor: z.string().nullable(),
  unread: z.number().int(),
});
export const MarkReadBody = z.strictObject({
  /** Without ids, everything is marked read. */
  ids: z.array(z.uuid()).max(100).optional(),
});
export const UnreadReply = z.object({ unread: z.number().int() });

const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
export const NotificationPrefs = z.strictObject({
  /** Per event, which channels besides the in-app inbox (always on) may carry it. */
  channels: z.partialRecord(NotificationType, z.array(NotificationChannel).max(3)),
  quietHours: z.strictObject({ start: HourMinute, end: HourMinute }).nullable(),
  /** An alert about a need for an infant, an elderly or a pregnant person may ring during quiet hours. */
  urgentThroughQuiet: z.boolean(),
});
export type NotificationPrefs = z.infer<typeof NotificationPrefs>;

export const PushSubscriptionBody = z.strictObject({
  endpoint: z.url({ protocol: /^https?$/ }).max(1000),
  keys: z.strictObject({ p256dh: z.string().min(20).max(200), auth: z.string().min(8).max(100) }),
});
export const PushKeyReply = z.object({ publicKey: z.string() });

/** The live square's filters (all optional); events outside them are not sent. */
export const LiveQuery = z.object({
  kind: Kind.optional(),
  medicineId: z.string().max(60).optional(),
  region: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  near: z
    .string()
    .regex(/^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, 'lat,lng')
    .optional(),
  radiusKm: z.coerce.number().positive().max(50).optional(),
});
