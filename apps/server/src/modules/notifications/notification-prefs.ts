import type { NotificationChannel, NotificationPrefs, NotificationType } from '@medrelay/contracts';
import { HOUR, MINUTE } from '../../platform/clock.ts';

// Residents live on China time (UTC+8, no daylight saving).
const CHINA_OFFSET_MS = 8 * HOUR;

/**
 * Out of the box: push for what concerns my own posts and matches, nothing by SMS (an opt-in, and
 * only for matches on my needs), quiet from 22:00 to 07:00 China time.
 */
export const DEFAULT_PREFS: NotificationPrefs = {
  channels: {
    match: ['push'],
    alert: ['push'],
    message: ['push'],
    contact_revealed: [],
    post_expiring: ['push'],
    post_held: ['push'],
    post_approved: ['push'],
    post_removed: ['push'],
    report_resolved: [],
    dose_due: ['push'],
    dose_missed: ['push'],
    refill_due: ['push'],
    caregiver_invited: ['push'],
    consultation_answered: ['push'],
    live_reminder: ['push'],
    feedback_answered: ['push'],
    reservation_confirmed: ['push'],
    reservation_declined: ['push'],
    reservation_ready: ['push'],
    delivery_accepted: ['push'],
    delivery_preparing: [],
    delivery_out: ['push'],
    delivery_delivered: ['push'],
    delivery_failed: ['push'],
    order_refunded: ['push'],
    group_announcement: ['push'],
    group_article: ['push'],
    institution_message: ['push'],
    quiz_reward: ['push'],
  },
  quietHours: { start: '22:00', end: '07:00' },
  urgentThroughQuiet: false,
};

export const withDefaults = (stored: Partial<NotificationPrefs> | undefined): NotificationPrefs => ({
  channels: { ...DEFAULT_PREFS.channels, ...(stored?.channels ?? {}) },
  quietHours: stored?.quietHours === undefined ? DEFAULT_PREFS.quietHours : stored.quietHours,
  urgentThroughQuiet: stored?.urgentThroughQuiet ?? DEFAULT_PREFS.urgentThroughQuiet,
});

/**
 * SMS costs money and wakes people: it carries only a match on one of my needs (someone nearby
 * offers what I asked for), and only if I opted in.
 */
export function channelsFor(
  prefs: NotificationPrefs,
  type: NotificationType,
  opts: { myPostIsNeed?: boolean },
): NotificationChannel[] {
  const chosen = prefs.channels[type] ?? [];
  return chosen.filter((c) => c !== 'sms' || (type === 'match' && opts.myPostIsNeed === true));
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * When an outside channel may ring: now, or the end of the quiet hours (China time) if now falls
 * inside them. An urgent notification rings through only if the person allowed it.
 */
export function deliverAt(prefs: NotificationPrefs, now: Date, urgent: boolean): Date {
  const quiet = prefs.quietHours;
  if (!quiet || quiet.start === quiet.end || (urgent && prefs.urgentThroughQuiet)) return now;
  const local = new Date(now.getTime() + CHINA_OFFSET_MS);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return now;
  // Minutes until the quiet hours end, across midnight if need be.
  const wait = (end - minute + 24 * 60) % (24 * 60);
  const at = new Date(now.getTime() + wait * MINUTE);
  at.setUTCSeconds(0, 0);
  return at;
}
