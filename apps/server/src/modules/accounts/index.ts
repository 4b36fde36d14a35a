export { accountsRoutes, SESSION_COOKIE } from './accounts.routes.ts';
export { type AccountsService, createAccountsService, type User } from './accounts.service.ts';
