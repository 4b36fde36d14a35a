// Saved alerts: the square's 提醒我, the list on the Me page, and "stop this alert" from a notification.

export { ALERT_RADII } from './alert-rules.ts';
export { useDeleteAlert } from './api/delete-alert.ts';
export { AlertMe } from './components/alert-me.tsx';
export { MyAlerts } from './components/my-alerts.tsx';
