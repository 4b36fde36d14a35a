export { type ChannelConfig, createChannelSenders } from './channel-senders.ts';
export { type ChannelSender, DAILY_CAPS, type OutgoingNotification } from './channels.ts';
export { DEFAULT_PREFS } from './notification-prefs.ts';
export { createNotificationDelivery, type NotificationDelivery } from './notifications.delivery.ts';
export { notificationsRoutes } from './notifications.routes.ts';
export {
  createNotificationsService,
  type Notice,
  type NotificationsService,
} from './notifications.service.ts';
export { pushRoutes } from './push.routes.ts';
export { createPushService, type PushService } from './push.service.ts';
