// The notification centre: the bell in the top bar (the inbox and settings are routes of their own).
export { NotificationBell } from './components/notification-bell.tsx';
