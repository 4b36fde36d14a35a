/**
 * The domain's shared rules as plain values: enums, limits and the phone rule. The Zod schemas in
 * this package are built from them, the server checks with them, and the web app and the SDK import
 * them through '@medrelay/contracts/rules'. No imports on purpose: a screen that needs the radius
 * choices must not pull zod and every schema into its chunk. Per-item caps live in the catalogue.
 */

// Enums.
export const KINDS = ['need', 'offer'] as const;
// review: held for a moderator; hidden: reported, awaiting review; removed: taken down by a moderator.
export const POST_STATUSES = [
  'open',
  'resolved',
  'expired',
  'deleted',
  'review',
  'hidden',
  'removed',
] as const;
export const FOR_WHOM = ['self', 'family', 'other'] as const;
export const VULNERABLE_FLAGS = ['elderly', 'infant', 'pregnant', 'chronic'] as const;
export const COORD_SYSTEMS = ['wgs84', 'gcj02', 'bd09'] as const;
/** relay = no phone: helpers message the poster in the app. */
export const CONTACT_MODES = ['phone', 'relay'] as const;
export const FEED_SORTS = ['time', 'distance'] as const;
export const ACCOUNT_ROLES = ['resident', 'moderator', 'admin'] as const;
/** How a contact was revealed: the poster's own number, or a privacy middle number. */
export const REVEAL_CHANNELS = ['direct', 'privacy_number'] as const;
export const REPORT_REASONS = ['trading', 'fake', 'spam', 'dangerous', 'personal_info', 'other'] as const;
/** Reason codes a moderator gives for a removal, in the order the console offers them. */
export const REMOVAL_REASONS = [
  'trading',
  'off_platform_contact',
  'banned_medicine',
  'spam',
  'fake',
  'dangerous',
  'personal_info',
  'other',
] as const;
export const PARTNER_TYPES = ['government', 'hospital', 'pharmacy', 'media', 'other'] as const;
export const PARTNER_ROLES = ['owner', 'developer', 'viewer'] as const;
export const PARTNER_STATUSES = ['pending', 'approved', 'rejected', 'suspended'] as const;
export const SCOPES = ['posts:read', 'stats:read', 'posts:write_assisted', 'stock:write'] as const;
/** secret: the partner API from a server; publishable: the widget in a browser, posts:read only. */
export const API_KEY_KINDS = ['secret', 'publishable'] as const;

// Pharmacies (issue 12): stock per catalogue item, services, reservations for pickup (到店自提).
export const STOCK_STATUSES = ['in_stock', 'low', 'out'] as const;
export const PHARMACY_SERVICES = ['delivery', 'open_24h', 'medical_insurance'] as const;
export const RESERVATION_STATUSES = [
  'requested',
  'confirmed',
  'ready',
  'picked_up',
  'declined',
  'cancelled',
  'no_show',
] as const;
/** 送药到家: a delivery order's steps, after the resident asked. */
export const DELIVERY_STATUSES = [
  'requested',
  'accepted',
  'preparing',
  'out_for_delivery',
  'delivered',
  'failed',
  'declined',
  'cancelled',
] as const;
export const DELIVERY_PROVIDERS = ['own_rider', 'dada'] as const;
export const PAYMENT_STATUSES = ['pending', 'paid', 'refunded', 'partly_refunded'] as const;
export const DELIVERY_MAX_RADIUS_KM = 20;

// Limits.
export const MAX_ITEMS_PER_POST = 5;
export const NOTE_MAX_LENGTH = 200;
export const MESSAGE_MAX_LENGTH = 500;
export const FEED_MAX_RADIUS_KM = 50;
export const FEED_DEFAULT_RADIUS_KM = 10;
/** The radii the square and partners' deep links offer; the largest is the feed's maximum. */
export const RADIUS_CHOICES_KM = [1, 3, 5, 10, 20, FEED_MAX_RADIUS_KM] as const;
export const FEED_PAGE_DEFAULT = 20;
export const FEED_PAGE_MAX = 50;

// Reach: matches, saved alerts and notifications.
/** The radii an alert may use: the square's choices up to 20 km. */
export const ALERT_RADIUS_CHOICES_KM = [1, 3, 5, 10, 20] as const;
export const MAX_ALERTS_PER_PERSON = 5;
export const ALERT_TTL_DAYS = 14;
/** How far a new post looks for its counterparts (the square's default radius). */
export const MATCH_RADIUS_KM = 10;
/** What a person may be told about, in the order the settings screen lists them. */
export const NOTIFICATION_TYPES = [
  'match',
  'alert',
  'message',
  'contact_revealed',
  'post_expiring',
  'post_held',
  'post_approved',
  'post_removed',
  'report_resolved',
  // Care (issue 13): dose reminders, refills, caregivers, pharmacist answers.
  'dose_due',
  'dose_missed',
  'refill_due',
  'caregiver_invited',
  'consultation_answered',
  // Community (issue 14): a live session about to start, an answer to my feedback.
  'live_reminder',
  'feedback_answered',
  'reservation_confirmed',
  'reservation_declined',
  'reservation_ready',
  'delivery_accepted',
  'delivery_preparing',
  'delivery_out',
  'delivery_delivered',
  'delivery_failed',
  'order_refunded',
  // Community (issue 14): a group's announcements and the articles its calendar sends.
  'group_announcement',
  'group_article',
  // Community (issue 14): a message an institution sent to an audience of its members.
  'institution_message',
  // Community (issue 14): points won in a quiz, once its window closed.
  'quiz_reward',
] as const;
export const NOTIFICATION_CHANNELS = ['push', 'sms', 'wechat'] as const;

/** An origin as a browser sends it: scheme, host and optional port, nothing else. */
export const ORIGIN_PATTERN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;

// Phone. Mainland mobile numbers only: SMS login and contact reveal work with nothing else.
export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/**
 * A whole mainland mobile number inside a text, as a token of its own (an optional +86 before it).
 * Letters or digits on either side (or a decimal point before) rule it out, so the digits inside a UUID such as
 * '…-18746837809f' are not taken for a phone: tests use it to show a body carries none.
 */
export const MOBILE_IN_TEXT = /(?<![0-9A-Za-z.])(?:\+?86)?1[3-9]\d{9}(?![0-9A-Za-z])/;

/** '+86 138-1234-5678' → '13812345678': spaces, dashes and a +86 / 86 prefix removed. */
export const normalizePhone = (raw: string): string =>
  raw
    .trim()
    .replace(/[\s-]/g, '')
    .replace(/^(\+?86)(?=1\d{10}$)/, '');

/** Whether what someone typed is a mainland mobile number once normalised. */
export const isMainlandMobile = (raw: string): boolean => MAINLAND_MOBILE.test(normalizePhone(raw));
