import type { AuditReply, MeView, ModerationResult, RoleReply, RulesReply } from '@medrelay/contracts';
import type { REMOVAL_REASONS } from '@medrelay/contracts/rules';

// The contracts export the schemas; the reply types are read off each schema's parse() so that the
// web app needs no zod of its own and a contract change is a type error here.
type Parsed<S extends { parse: (value: unknown) => unknown }> = ReturnType<S['parse']>;

export type { DryRunReply, QueueItem } from '@medrelay/contracts';
export type Rules = Parsed<typeof RulesReply>;
export type AuditEntry = Parsed<typeof AuditReply>['items'][number];
export type Decision = Parsed<typeof ModerationResult>;
export type RoleGrant = Parsed<typeof RoleReply>;
export type Role = MeView['role'];

/** Why a moderator takes a post down: the contract's RemovalReason, in the order the form offers them. */
export { REMOVAL_REASONS } from '@medrelay/contracts/rules';
export type RemovalReason = (typeof REMOVAL_REASONS)[number];

export { ACCOUNT_ROLES as ROLES } from '@medrelay/contracts/rules';

/** Every query the console owns starts with this key, so one invalidation refreshes them all. */
export const moderationKey = ['moderation'] as const;
