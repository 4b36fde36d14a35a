export { attributionRoutes } from './attribution.ts';
export { embedRoutes } from './embed.routes.ts';
export { partnerApiRoutes } from './partner-api.routes.ts';
export { partnersRoutes } from './partners.routes.ts';
export { createPartnersService, hashKey, type PartnersService } from './partners.service.ts';
export { createWebhookDispatcher, signWebhook, type WebhookDispatcher } from './webhooks.dispatcher.ts';
