export { contactRoutes } from './contact.routes.ts';
export {
  type ContactService,
  createContactService,
  DEFAULT_REVEAL_LIMITS,
  type RevealLimits,
} from './contact.service.ts';
