import { z } from 'zod';
import { Phone } from './common.ts';
import { LocationInput } from './posts.ts';
import {
  DELIVERY_MAX_RADIUS_KM,
  DELIVERY_PROVIDERS,
  DELIVERY_STATUSES,
  PAYMENT_STATUSES,
  RESERVATION_STATUSES,
} from './rules.ts';
import { singleLine, token } from './text.ts';

/**
 * Pharmacies (issue 12), second slice: delivery to the home (送药到家), a pharmacy's own prices,
 * online payment and refunds. Prices are integer fen and live on a pharmacy's own pages only: the
 * square never carries one.
 */

export const DeliveryStatus = z
  .enum(DELIVERY_STATUSES)
  .describe(
    'requested → accepted → preparing → out_for_delivery → delivered / failed; or declined, cancelled',
  );
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;
export const DeliveryProvider = z
  .enum(DELIVERY_PROVIDERS)
  .describe("own_rider = the pharmacy's own rider; dada = 达达 same-city delivery");
export const PaymentStatus = z.enum(PAYMENT_STATUSES);
/** pay_at_pickup = at the counter, or to the rider for a delivery (货到付款); online = WeChat Pay. */
export const PaymentChoice = z.enum(['pay_at_pickup', 'online']);
export type PaymentChoice = z.infer<typeof PaymentChoice>;
const Fen = z.number().int().min(0).max(10_000_000).describe('Money in integer fen (分)');

export const OrderingView = z.object({
  /** 0 = the pharmacy does not deliver. */
  deliveryRadiusKm: z.number(),
  deliveryFeeFen: Fen,
  /** Online payment is offered (the pharmacy enabled it and the platform has a payment provider). */
  onlinePayment: z.boolean(),
  deliveryProvider: DeliveryProvider,
  prices: z.array(z.object({ medicineId: z.string(), priceFen: Fen })),
});
export type OrderingView = z.infer<typeof OrderingView>;

export const OrderingBody = z.strictObject({
  deliveryRadiusKm: z.number().min(0).max(DELIVERY_MAX_RADIUS_KM).optional(),
  deliveryFeeFen: Fen.optional(),
  onlinePayment: z.boolean().optional(),
  deliveryProvider: DeliveryProvider.optional(),
  /** Set or (with null) remove a price; items not named keep theirs. */
  prices: z
    .array(z.strictObject({ medicineId: token({ min: 1, max: 64 }), priceFen: Fen.min(1).nullable() }))
    .max(500)
    .optional(),
});
export type OrderingInput = z.input<typeof OrderingBody>;

const OrderItems = z
  .array(
    z.strictObject({ medicineId: token({ min: 1, max: 64 }), quantity: z.number().int().min(1).max(1000) }),
  )
  .min(1)
  .max(5);

export const DeliveryBody = z.strictObject({
  items: OrderItems,
  /** The door: a point (device or map) and a free-text line (building, unit, floor). */
  location: LocationInput,
  addressLine: singleLine({ min: 4, max: 120 }),
  /** For the rider; shown to this pharmacy only. */
  phone: Phone,
  payment: PaymentChoice.default('pay_at_pickup'),
});
export type DeliveryInput = z.input<typeof DeliveryBody>;

export const OrderPaymentView = z.object({
  status: PaymentStatus,
  amountFen: Fen,
  paidFen: Fen,
  refundedFen: Fen,
});
export type OrderPaymentView = z.infer<typeof OrderPaymentView>;

/** An order as its resident sees it (and, with the phone masked, its pharmacy). */
export const OrderView = z.object({
  id: z.uuid(),
  pharmacyId: z.uuid(),
  pharmacyName: z.string(),
  fulfilment: z.enum(['pickup', 'delivery']),
  reservationStatus: z.enum(RESERVATION_STATUSES),
  items: z.array(z.object({ medicineId: z.string(), quantity: z.number().int(), priceFen: Fen.nullable() })),
  /** Items at the pharmacy's prices plus the delivery fee; null when an item has no price. */
  totalFen: Fen.nullable(),
  paymentChoice: PaymentChoice,
  /** The online payment, once one was opened. */
  payment: OrderPaymentView.nullable(),
  delivery: z
    .object({
      status: DeliveryStatus,
      provider: DeliveryProvider,
      addressLine: z.string(),
      /** Masked (138****5678) except in the pharmacy's own detail view. */
      phone: z.string(),
      distanceKm: z.number(),
      feeFen: Fen,
    })
    .nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type OrderView = z.infer<typeof OrderView>;
export const OrdersReply = z.object({ items: z.array(OrderView) });
export type OrdersReply = z.infer<typeof OrdersReply>;

export const OrderParams = z.object({ orderId: z.uuid() });
export const PartnerOrderParams = z.object({ id: z.uuid(), orderId: z.uuid() });
export const DeliveryAction = z
  .enum(['accept', 'decline', 'prepare', 'dispatch', 'deliver', 'fail'])
  .describe('dispatch = out for delivery (with 达达: the order is placed with the platform)');
export type DeliveryAction = z.infer<typeof DeliveryAction>;
export const DeliveryActionParams = PartnerOrderParams.extend({ action: DeliveryAction });
export const DeliveryQueueQuery = z.object({ status: DeliveryStatus.optional() });

/** What the WeChat Pay JSAPI (wx.requestPayment / WeixinJSBridge) needs, signed by the server. */
export const PayReply = z.object({
  payment: OrderPaymentView,
  wechat: z.object({
    appId: z.string(),
    timeStamp: z.string(),
    nonceStr: z.string(),
    package: z.string(),
    signType: z.literal('RSA'),
    paySign: z.string(),
  }),
});
export type PayReply = z.infer<typeof PayReply>;

export const RefundBody = z.strictObject({
  amountFen: Fen.min(1),
  reason: singleLine({ max: 80 }).optional(),
});
export const PaymentsReply = z.object({
  items: z.array(OrderPaymentView.extend({ orderId: z.uuid() })),
});
