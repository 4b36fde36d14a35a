import { z } from 'zod';
import { singleLine, token } from './text.ts';

/** Pharmacy memberships (扫码即会员), points and coupons (issue 12). Money is integer fen. */

export const MemberCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^M\d{9}$/, 'M and 9 digits')
  .describe('A member code: M and 9 digits, shown as a QR code and a barcode');
export const CouponCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^C\d{9}$/, 'C and 9 digits')
  .describe('A claimed coupon code: C and 9 digits');
/** Chosen by the client once per operation; a retry with the same id applies once. */
export const OperationId = token({ min: 8, max: 64 }).regex(/^[A-Za-z0-9_-]+$/);

export const PointsEntry = z.object({
  id: z.uuid(),
  kind: z.enum(['add', 'redeem', 'expire']),
  delta: z.number().int(),
  reason: z.string(),
  expiresAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type PointsEntry = z.infer<typeof PointsEntry>;

export const MembershipView = z.object({
  pharmacyId: z.uuid(),
  pharmacyName: z.string(),
  memberCode: MemberCode,
  joinedAt: z.iso.datetime(),
  balance: z.number().int(),
  pointsExpireMonths: z.number().int().nullable(),
  history: z.array(PointsEntry),
});
export type MembershipView = z.infer<typeof MembershipView>;
export const MembershipsReply = z.object({
  items: z.array(MembershipView.omit({ history: true })),
});

export const PointsBody = z.strictObject({
  memberCode: MemberCode,
  kind: z.enum(['add', 'redeem']),
  points: z.number().int().min(1).max(100_000),
  reason: singleLine({ min: 1, max: 60 }),
  operationId: OperationId,
});
export type PointsInput = z.input<typeof PointsBody>;
export const PointsReply = z.object({
  entry: PointsEntry,
  balance: z.number().int(),
  /** True when this operation id had been applied before: nothing new happened. */
  replayed: z.boolean(),
});

/** A member as the pharmacy sees it: the code and points, no name or phone. */
export const PharmacyMemberRow = z.object({
  memberCode: MemberCode,
  joinedAt: z.iso.datetime(),
  balance: z.number().int(),
});
export const PharmacyMembersReply = z.object({ items: z.array(PharmacyMemberRow), total: z.number().int() });
export const PharmacyMembersQuery = z.object({ q: singleLine({ max: 10 }).optional() });
export const MemberLookupReply = PharmacyMemberRow.extend({ history: z.array(PointsEntry) });

export const MemberSettingsBody = z.strictObject({
  pointsExpireMonths: z.number().int().min(1).max(60).nullable(),
});
export const MemberSettings = z.object({ pointsExpireMonths: z.number().int().nullable() });

export const CouponBody = z
  .strictObject({
    title: singleLine({ min: 2, max: 30 }),
    kind: z.enum(['amount', 'percent']),
    amountFen: z.number().int().min(1).max(100_000).optional(),
    percentOff: z.number().int().min(1).max(90).optional(),
    minSpendFen: z.number().int().min(0).max(10_000_000).default(0),
    validFrom: z.iso.datetime().optional(),
    validUntil: z.iso.datetime(),
    quantity: z.number().int().min(1).max(100_000),
    perPersonLimit: z.number().int().min(1).max(10).default(1),
    unlockThreshold: z.number().int().min(0).max(20).default(0),
  })
  .refine((c) => (c.kind === 'amount') === (c.amountFen !== undefined), {
    message: 'amountFen goes with kind amount',
    path: ['amountFen'],
  })
  .refine((c) => (c.kind === 'percent') === (c.percentOff !== undefined), {
    message: 'percentOff goes with kind percent',
    path: ['percentOff'],
  });
export type CouponInput = z.input<typeof CouponBody>;

export const CouponView = z.object({
  id: z.uuid(),
  pharmacyId: z.uuid(),
  pharmacyName: z.string(),
  title: z.string(),
  kind: z.enum(['amount', 'percent']),
  amountFen: z.number().int().nullable(),
  percentOff: z.number().int().nullable(),
  minSpendFen: z.number().int(),
  validFrom: z.iso.datetime(),
  validUntil: z.iso.datetime(),
  quantity: z.number().int(),
  perPersonLimit: z.number().int(),
  unlockThreshold: z.number().int(),
  remaining: z.number().int(),
});
export type CouponView = z.infer<typeof CouponView>;
export const CouponAdminView = CouponView.extend({
  claims: z.number().int(),
  redemptions: z.number().int(),
});
export const CouponsAdminReply = z.object({ items: z.array(CouponAdminView) });

export const ClaimBody = z.strictObject({ sharedBy: z.uuid().optional() });
export const ClaimView = z.object({
  id: z.uuid(),
  coupon: CouponView,
  code: CouponCode,
  /** Friends who claimed through this claim's link, and how many it needs to be usable. */
  friends: z.number().int(),
  usable: z.boolean(),
  redeemedAt: z.iso.datetime().nullable(),
  claimedAt: z.iso.datetime(),
});
export type ClaimView = z.infer<typeof ClaimView>;
export const ClaimsReply = z.object({ items: z.array(ClaimView) });

export const RedeemCouponBody = z.strictObject({
  code: CouponCode,
  /** What the resident spends, for the minimum-spend check; leave out when it was checked by eye. */
  spendFen: z.number().int().min(0).max(10_000_000).optional(),
});
export const RedeemCouponReply = z.object({
  claimId: z.uuid(),
  title: z.string(),
  discountFen: z.number().int().nullable(),
  percentOff: z.number().int().nullable(),
  redeemedAt: z.iso.datetime(),
});

export const ScanBody = z.strictObject({ code: singleLine({ min: 1, max: 64 }) });
/** What a scanned or typed code is: the workspace then offers the matching action. */
export const ScanReply = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pickup'), code: z.string() }),
  z.object({ type: z.literal('member'), member: MemberLookupReply }),
  z.object({ type: z.literal('coupon'), code: CouponCode, title: z.string(), usable: z.boolean() }),
]);

export const PharmacyFigures = z.object({
  reservations: z.number().int(),
  pickups: z.number().int(),
  noShows: z.number().int(),
  members: z.number().int(),
  couponClaims: z.number().int(),
  couponRedemptions: z.number().int(),
  /** Reservations made per China day over the last 14 days, oldest first. */
  daily: z.array(z.object({ day: z.string(), reservations: z.number().int() })),
});
export type PharmacyFigures = z.infer<typeof PharmacyFigures>;
