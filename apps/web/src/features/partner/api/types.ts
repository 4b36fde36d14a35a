import type {
  ApiKeyCreated as ApiKeyCreatedSchema,
  DeepLinkReply as DeepLinkReplySchema,
  DeliveryView as DeliveryViewSchema,
  MembersReply as MembersReplySchema,
  PartnerApplyBody as PartnerApplyBodySchema,
  PartnerRole as PartnerRoleSchema,
  PartnerType as PartnerTypeSchema,
  RegionalStats as RegionalStatsSchema,
  Scope,
  WebhookCreated as WebhookCreatedSchema,
  WebhookEvent as WebhookEventSchema,
  WebhookView as WebhookViewSchema,
} from '@medrelay/contracts';
import type { PARTNER_STATUSES } from '@medrelay/contracts/rules';
// Types only: the schemas stay on the server's side of the bundle.
import type { z } from 'zod';

export type { ApiKeyView, PartnerView, Scope } from '@medrelay/contracts';
export type PartnerType = z.output<typeof PartnerTypeSchema>;
export type PartnerRole = z.output<typeof PartnerRoleSchema>;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];
export type PartnerApplyBody = z.input<typeof PartnerApplyBodySchema>;
export type ApiKeyCreated = z.output<typeof ApiKeyCreatedSchema>;
export type WebhookEvent = z.output<typeof WebhookEventSchema>;
export type WebhookView = z.output<typeof WebhookViewSchema>;
export type WebhookCreated = z.output<typeof WebhookCreatedSchema>;
export type DeliveryView = z.output<typeof DeliveryViewSchema>;
export type Member = z.output<typeof MembersReplySchema>['items'][number];
export type RegionalStats = z.output<typeof RegionalStatsSchema>;
export type DeepLink = z.output<typeof DeepLinkReplySchema>;

// The topics a partner may subscribe to, from the catalogue's zod-free lists.
export { WEBHOOK_TOPICS as WEBHOOK_EVENTS } from '@medrelay/contracts/event-topics';
// The enums as values, for forms and lists, from the contracts' zod-free rules (the schemas stay out of the chunk).
export {
  ORIGIN_PATTERN as ORIGIN,
  PARTNER_ROLES,
  PARTNER_STATUSES,
  PARTNER_TYPES,
  SCOPES,
} from '@medrelay/contracts/rules';
