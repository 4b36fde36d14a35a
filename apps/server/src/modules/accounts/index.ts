export { installGuards } from './accounts.guards.ts';
export { accountsRoutes, SESSION_COOKIE, setSessionCookie } from './accounts.routes.ts';
export {
  type AccountsService,
  CONSENT_VERSION,
  createAccountsService,
  type User,
} from './accounts.service.ts';
export { createVerificationService, type VerificationService } from './verification.service.ts';
