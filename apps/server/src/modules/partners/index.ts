export { attributionRoutes } from './attribution.routes.ts';
export { embedRoutes } from './embed.routes.ts';
export { createPartnerAccess, type PartnerAccess } from './partner-access.ts';
export { partnerApiRoutes } from './partner-api.routes.ts';
export { partnerKeyGuard } from './partner-key-guard.ts';
export { createPartnerServices, type PartnerServices } from './partner-services.ts';
export { partnersRoutes } from './partners.routes.ts';
export { createWebhookDispatcher, signWebhook, type WebhookDispatcher } from './webhooks.dispatcher.ts';
