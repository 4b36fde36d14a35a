import type { NotificationType } from '@medrelay/contracts';
import type { OutgoingNotification } from './channels.ts';

/**
 * The in-app page a notification opens (push click, WeChat card): the post or the relay thread it is
 * about, or the notification centre. A path only, so the same link works on every host of the H5 app.
 */
export function notificationUrl(n: Pick<OutgoingNotification, 'type' | 'data'>): string {
  const { postId, myPostId, threadId, reservationId } = n.data;
  const byType: Partial<Record<NotificationType, string | undefined>> = {
    message: threadId && `/messages/${threadId}`,
    // A dose opens its own page, where taken / skipped / snooze are one tap each.
    dose_due: n.data.reminderId && n.data.dueAt && `/care/doses/${n.data.reminderId}/${n.data.dueAt}`,
    refill_due: '/care/reminders',
    dose_missed: '/care/caring',
    caregiver_invited: '/care/caring',
    consultation_answered: n.data.consultationId && `/care/consultations/${n.data.consultationId}`,
    // A match is about the new counterpart post, which is what the person will want to look at.
    match: (postId ?? myPostId) && `/posts/${postId ?? myPostId}`,
  };
  if (reservationId) return '/pharmacies/reservations';
  const path = byType[n.type] ?? (postId ? `/posts/${postId}` : undefined);
  return path ?? '/notifications';
}
