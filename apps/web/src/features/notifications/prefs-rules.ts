import type { NotificationChannel, NotificationPrefs, NotificationType } from '@medrelay/contracts';

/** SMS costs money and wakes people: the server sends it only for a match on one of my needs. */
export const smsOffered = (type: NotificationType): boolean => type === 'match';

export const hasChannel = (p: NotificationPrefs, type: NotificationType, channel: NotificationChannel) =>
  (p.channels[type] ?? []).includes(channel);

/** The prefs with one channel of one event switched; other channels (WeChat) are kept as they were. */
export function withChannel(
  p: NotificationPrefs,
  type: NotificationType,
  channel: NotificationChannel,
  on: boolean,
): NotificationPrefs {
  const current = (p.channels[type] ?? []).filter((c) => c !== channel);
  return { ...p, channels: { ...p.channels, [type]: on ? [...current, channel] : current } };
}

export const DEFAULT_QUIET = { start: '22:00', end: '07:00' } as const;
