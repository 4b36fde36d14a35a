import type { Scope, WebhookEvent } from './api/types.ts';

// Translation keys cannot hold ':' (i18next's namespace separator) or '.' (its key separator).
export const scopeKey = (s: Scope) => s.replace(':', '_');
export const eventKey = (e: WebhookEvent) => e.replace('.', '_');
