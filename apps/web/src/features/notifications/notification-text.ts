import type { NotificationView } from '@medrelay/contracts';

/** The event types the prefs screen lists, from the contracts' zod-free rules. */
export { NOTIFICATION_TYPES } from '@medrelay/contracts/rules';

/** What a notification says and where it leads, as i18n keys and values; the screen formats them. */
export interface NotificationLine {
  key: string;
  /** The medicines named by the catalogue; empty when the notification names none. */
  names: string[];
  /** Whether an unnamed subject reads as "medicine" (someone offers …) or "post" (your … was approved). */
  fallback: 'item' | 'post';
  distanceKm?: number;
  count?: number;
  reason?: string;
  expiresAt?: string;
  href?: string;
  action?:
    | { type: 'stopAlert'; alertId: string }
    | { type: 'renew'; postId: string }
    | { type: 'optOut'; partnerId: string };
  /** An institution's message: who sent it and what it says (shown as it was written). */
  message?: { from: string; title: string; body: string };
}

const postHref = (id: string | undefined) => (id ? `/posts/${id}` : undefined);

/**
 * One sentence per type, from the notification's data. Unknown medicine ids are left out rather than
 * shown raw; a distance only when the server gave one.
 */
export function describeNotification(
  n: Pick<NotificationView, 'type' | 'data'>,
  nameOf: (medicineId: string) => string | undefined,
): NotificationLine {
  const d = n.data;
  const names = [...new Set(d.medicineIds ?? [])].map(nameOf).filter((v): v is string => Boolean(v));
  const base = { names, distanceKm: d.distanceKm, count: d.count, reason: d.reason, expiresAt: d.expiresAt };
  const near = d.distanceKm === undefined ? '' : 'Near';
  switch (n.type) {
    case 'match':
      return {
        ...base,
        key: `notifications.text.match${d.kind === 'need' ? 'Need' : 'Offer'}${near}`,
        fallback: 'item',
        href: postHref(d.postId ?? d.myPostId),
      };
    case 'alert':
      return {
        ...base,
        key: `notifications.text.alert${d.kind === 'need' ? 'Need' : 'Offer'}${near}`,
        fallback: 'item',
        href: postHref(d.postId),
        action: d.alertId ? { type: 'stopAlert', alertId: d.alertId } : undefined,
      };
    case 'message':
      return {
        ...base,
        key: 'notifications.text.message',
        fallback: 'post',
        href: d.threadId ? `/messages/${d.threadId}` : postHref(d.postId),
      };
    case 'contact_revealed':
      return {
        ...base,
        key: 'notifications.text.contactRevealed',
        fallback: 'post',
        href: postHref(d.postId),
      };
    case 'post_expiring':
      return {
        ...base,
        key: d.expiresAt ? 'notifications.text.postExpiringAt' : 'notifications.text.postExpiring',
        fallback: 'post',
        href: postHref(d.postId),
        action: d.postId ? { type: 'renew', postId: d.postId } : undefined,
      };
    case 'post_held':
      return { ...base, key: 'notifications.text.postHeld', fallback: 'post', href: postHref(d.postId) };
    case 'post_approved':
      return { ...base, key: 'notifications.text.postApproved', fallback: 'post', href: postHref(d.postId) };
    case 'post_removed':
      return { ...base, key: 'notifications.text.postRemoved', fallback: 'post', href: postHref(d.postId) };
    case 'report_resolved':
      return {
        ...base,
        key: 'notifications.text.reportResolved',
        fallback: 'post',
        href: postHref(d.postId),
      };
    case 'reservation_confirmed':
    case 'reservation_declined':
    case 'reservation_ready':
      return {
        ...base,
        key: `notifications.text.${n.type.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())}`,
        fallback: 'item',
        href: '/pharmacies/reservations',
      };
    case 'delivery_accepted':
    case 'delivery_preparing':
    case 'delivery_out':
    case 'delivery_delivered':
    case 'delivery_failed':
    case 'order_refunded':
      return {
        ...base,
        key: `notifications.text.${n.type.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())}`,
        fallback: 'item',
        href: d.orderId ? `/pharmacies/orders/${d.orderId}` : '/pharmacies/orders',
      };
    // Community (issue 14): a group's announcement leads to the group, a scheduled article to itself.
    case 'group_announcement':
      return {
        ...base,
        key: 'notifications.text.groupAnnouncement',
        fallback: 'post',
        href: d.groupId ? `/groups/${d.groupId}` : '/groups',
      };
    case 'group_article':
      return {
        ...base,
        key: 'notifications.text.groupArticle',
        fallback: 'post',
        href: d.articleId ? `/articles/${d.articleId}` : '/groups',
      };
    case 'quiz_reward':
      return {
        ...base,
        key: 'notifications.text.quizReward',
        fallback: 'post',
        href: d.quizId ? `/quizzes/${d.quizId}` : '/quizzes',
      };
    // An institution's message to an audience: its words, and one tap to stop that institution's messages.
    case 'institution_message':
      return {
        ...base,
        key: 'notifications.text.institutionMessage',
        fallback: 'post',
        message: { from: d.partnerName ?? '', title: d.title ?? '', body: d.body ?? '' },
        action: d.partnerId ? { type: 'optOut', partnerId: d.partnerId } : undefined,
      };
    // A live session about to start leads to its page; an answer to my feedback to the feedback page.
    case 'live_reminder':
      return {
        ...base,
        key: 'notifications.text.liveReminder',
        fallback: 'post',
        href: d.sessionId ? `/live/${d.sessionId}` : '/live',
      };
    case 'feedback_answered':
      return { ...base, key: 'notifications.text.feedbackAnswered', fallback: 'post', href: '/feedback' };
    // Care (issue 13): a dose opens its own page (taken / skip / snooze); a caregiver's notice only the chart.
    case 'dose_due':
      return {
        ...base,
        key: 'notifications.text.doseDue',
        fallback: 'item',
        href: d.reminderId && d.dueAt ? `/care/doses/${d.reminderId}/${d.dueAt}` : '/care/reminders',
      };
    case 'refill_due':
      return { ...base, key: 'notifications.text.refillDue', fallback: 'item', href: '/care/reminders' };
    case 'dose_missed':
    case 'caregiver_invited':
      return {
        ...base,
        key: `notifications.text.${n.type === 'dose_missed' ? 'doseMissed' : 'caregiverInvited'}`,
        fallback: 'post',
        href: '/care/caring',
      };
    case 'consultation_answered':
      return {
        ...base,
        key: 'notifications.text.consultationAnswered',
        fallback: 'post',
        href: d.consultationId ? `/care/consultations/${d.consultationId}` : '/care/consultations',
      };
    default:
      return { ...base, key: 'notifications.text.other', fallback: 'post' };
  }
}

/** "布洛芬片、对乙酰氨基酚片" / "Ibuprofen tablets, Paracetamol"; past three, "… 等 5 种". */
export function joinNames(names: string[], separator: string): { text: string; more: number } {
  const shown = names.slice(0, 3);
  return { text: shown.join(separator), more: names.length - shown.length };
}
