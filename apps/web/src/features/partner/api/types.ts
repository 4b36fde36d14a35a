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
// Types only: the schemas stay on the server's side of the bundle.
import type { z } from 'zod';

export type { ApiKeyView, PartnerView, Scope } from '@medrelay/contracts';
export type PartnerType = z.output<typeof PartnerTypeSchema>;
export type PartnerRole = z.output<typeof PartnerRoleSchema>;
export type PartnerStatus = 'pending' | 'approved' | 'rejected' | 'suspended';
export type PartnerApplyBody = z.input<typeof PartnerApplyBodySchema>;
export type ApiKeyCreated = z.output<typeof ApiKeyCreatedSchema>;
export type WebhookEvent = z.output<typeof WebhookEventSchema>;
export type WebhookView = z.output<typeof WebhookViewSchema>;
export type WebhookCreated = z.output<typeof WebhookCreatedSchema>;
export type DeliveryView = z.output<typeof DeliveryViewSchema>;
export type Member = z.output<typeof MembersReplySchema>['items'][number];
export type RegionalStats = z.output<typeof RegionalStatsSchema>;
export type DeepLink = z.output<typeof DeepLinkReplySchema>;

// The enums again as values, for forms and lists; importing the schemas would pull zod into the chunk.
export const PARTNER_TYPES: PartnerType[] = ['government', 'hospital', 'pharmacy', 'media', 'other'];
export const PARTNER_ROLES: PartnerRole[] = ['owner', 'developer', 'viewer'];
export const SCOPES: Scope[] = ['posts:read', 'stats:read', 'posts:write_assisted'];
export const WEBHOOK_EVENTS: WebhookEvent[] = [
  'post.created',
  'post.renewed',
  'post.restored',
  'post.resolved',
  'post.expired',
  'post.hidden',
  'post.removed',
  'post.deleted',
  'demand.spike',
];
export const PARTNER_STATUSES: PartnerStatus[] = ['pending', 'approved', 'rejected', 'suspended'];

/** Mirrors the contracts' Origin: scheme, host and optional port, nothing else. */
export const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;
