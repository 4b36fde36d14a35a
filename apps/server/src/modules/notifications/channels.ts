import type { NotificationChannel, NotificationData, NotificationType } from '@medrelay/contracts';

/** What an outside channel is handed: the notification's id, type and data, never personal data. */
export interface OutgoingNotification {
  /** Carried to the receiving side (push tag, message id) so a repeated send shows once. */
  id: string;
  userId: string;
  type: NotificationType;
  data: NotificationData;
}

/**
 * One way of reaching a person outside the app (Web Push, SMS, WeChat subscribe messages). The
 * in-app inbox is not a channel: it is the notification row itself.
 */
export interface ChannelSender {
  readonly channel: NotificationChannel;
  /** Sends, or throws; `'unreachable'` when this person has nothing to send to on this channel. */
  send(notification: OutgoingNotification): Promise<'sent' | 'unreachable'>;
}

/** How many a person may get per channel per day (DESIGN: caps). */
export const DAILY_CAPS: Record<NotificationChannel, number> = { push: 20, sms: 3, wechat: 10 };
