export { alertsRoutes } from './alerts.routes.ts';
export { type AlertsService, createAlertsService } from './alerts.service.ts';
export { LIVE_STREAMS_PER_ADDRESS, liveRoutes } from './live.routes.ts';
export { createReachConsumer, EXPIRY_REMINDER_MS, type ReachConsumer } from './reach.consumer.ts';
