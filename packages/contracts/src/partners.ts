import { z } from 'zod';
import { Kind, Phone, RegionCode } from './common.ts';
import { WebhookEvent } from './events.ts';
import { CreatePostBody } from './posts.ts';
import {
  API_KEY_KINDS,
  ORIGIN_PATTERN,
  PARTNER_ROLES,
  PARTNER_STATUSES,
  PARTNER_TYPES,
  SCOPES,
} from './rules.ts';
import { singleLine, token } from './text.ts';

export const PartnerType = z.enum(PARTNER_TYPES);
export const PartnerRole = z.enum(PARTNER_ROLES);
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

/** An origin as a browser sends it: scheme, host and optional port, nothing else. */
const Origin = z.string().regex(ORIGIN_PATTERN, 'an origin such as https://www.example.gov.cn');

export const PartnerApplyBody = z.strictObject({
  name: singleLine({ min: 2, max: 60 }),
  type: PartnerType,
  contactName: singleLine({ min: 2, max: 30 }),
  contactPhone: Phone,
  regionCodes: z.array(RegionCode).min(1).max(20),
  allowedOrigins: z.array(Origin).max(10).default([]),
});

export const PartnerView = z.object({
  id: z.uuid(),
  name: z.string(),
  type: PartnerType,
  contactNameMasked: z.string(),
  contactPhoneMasked: z.string(),
  regionCodes: z.array(z.string()),
  allowedOrigins: z.array(z.string()),
  status: z.enum(PARTNER_STATUSES),
  createdAt: z.iso.datetime(),
  myRole: PartnerRole.nullable(),
});
export type PartnerView = z.infer<typeof PartnerView>;
export const PartnersReply = z.object({ items: z.array(PartnerView) });
export const PartnerIdParams = z.object({ id: z.uuid() });
export const PartnerDecisionBody = z.strictObject({
  decision: z.enum(['approved', 'rejected', 'suspended']),
});
export const PartnerUpdateBody = z.strictObject({ allowedOrigins: z.array(Origin).max(10) });
export const MemberBody = z.strictObject({ phone: Phone, role: PartnerRole });
export const MembersReply = z.object({
  items: z.array(
    z.object({ userId: z.uuid(), phoneMasked: z.string(), role: PartnerRole, createdAt: z.iso.datetime() }),
  ),
});

export const ApiKeyCreateBody = z.strictObject({
  name: singleLine({ min: 1, max: 40 }),
  kind: z.enum(API_KEY_KINDS).default('secret'),
  scopes: z.array(Scope).min(1).max(3),
});
export const ApiKeyView = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(API_KEY_KINDS),
  prefix: z.string(),
  scopes: z.array(Scope),
  perMinute: z.number().int(),
  perDay: z.number().int(),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  usageToday: z.number().int(),
  usageTotal: z.number().int(),
});
export type ApiKeyView = z.infer<typeof ApiKeyView>;
/** The full key appears in this answer only; we keep its hash. */
export const ApiKeyCreated = ApiKeyView.extend({ key: z.string() });
export const ApiKeysReply = z.object({ items: z.array(ApiKeyView) });
export const KeyParams = z.object({ id: z.uuid(), keyId: z.uuid() });
export const WebhookParams = z.object({ id: z.uuid(), webhookId: z.uuid() });

export const WebhookCreateBody = z.strictObject({
  url: token({ max: 2000 }).pipe(z.url({ protocol: /^https?$/ })),
  events: z.array(WebhookEvent).min(1),
  regionCodes: z.array(RegionCode).max(20).optional(),
});
export const WebhookView = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(WebhookEvent),
  regionCodes: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
});
export const WebhookCreated = WebhookView.extend({ secret: z.string() });
export const WebhooksReply = z.object({ items: z.array(WebhookView) });
export const DeliveryView = z.object({
  id: z.number().int(),
  subscriptionId: z.uuid(),
  eventId: z.number().int(),
  topic: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastLatencyMs: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.iso.datetime(),
  deliveredAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export const DeliveriesReply = z.object({ items: z.array(DeliveryView) });
export const DeliveryParams = z.object({ id: z.uuid(), deliveryId: z.coerce.number().int().positive() });

export const DeepLinkQuery = z.object({
  kind: Kind.optional(),
  region: RegionCode.optional(),
  medicineId: z.string().max(64).optional(),
  radiusKm: z.coerce.number().positive().max(50).optional(),
});
export const DeepLinkReply = z.object({ url: z.string(), qrSvg: z.string() });

export const RegionalStats = z.object({
  regionCodes: z.array(z.string()),
  openNeeds: z.number().int(),
  openOffers: z.number().int(),
  resolvedLast7Days: z.number().int(),
  byDistrict: z.array(
    z.object({
      districtCode: z.string(),
      district: z.string(),
      openNeeds: z.number().int(),
      openOffers: z.number().int(),
    }),
  ),
  topMedicinesNeeded: z.array(z.object({ medicineId: z.string(), count: z.number().int() })),
  minCount: z.number().int(),
  /** Squares opened through the partner's deep links (?ref=), China days. */
  linkVisits: z.object({ today: z.number().int(), last7Days: z.number().int() }),
});

/** A deep link's `ref`: the first 8 hex digits of a partner id. */
export const RefParams = z.object({ ref: z.string().regex(/^[0-9a-f]{8}$/, '8 hex digits') });
/** Who a deep link credits, shown on the square it opens. Approved partners only. */
export const RefView = z.object({ ref: z.string(), name: z.string(), type: PartnerType });
export type RefView = z.infer<typeof RefView>;

export const AssistedPostBody = z.strictObject({
  resident: z.strictObject({ phone: Phone }),
  /** How the resident agreed, and who recorded it (the community worker). */
  consent: z.strictObject({
    method: z.enum(['verbal', 'written']),
    recordedBy: singleLine({ min: 1, max: 30 }),
  }),
  /** The resident's post: the same items, location and details as one a resident writes. */
  post: CreatePostBody.pick({
    kind: true,
    items: true,
    location: true,
    regionCode: true,
    note: true,
    forWhom: true,
    flags: true,
  }),
});
