export { type ChannelSender, DAILY_CAPS, type OutgoingNotification } from './channels.ts';
export { DEFAULT_PREFS } from './notification-prefs.ts';
export { createNotificationDelivery, type NotificationDelivery } from './notifications.delivery.ts';
export { notificationsRoutes } from './notifications.routes.ts';
export {
  createNotificationsService,
  type Notice,
  type NotificationsService,
} from './notifications.service.ts';
