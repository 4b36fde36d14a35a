export { privacyRoutes } from './privacy.routes.ts';
export { CONTACT_RETENTION_MS, createPrivacyService, type PrivacyService } from './privacy.service.ts';
