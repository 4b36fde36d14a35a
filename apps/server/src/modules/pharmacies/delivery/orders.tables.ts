// Drizzle's view of the tables that migrations/0020_pharmacy_orders.sql creates for delivery and a
// pharmacy's own prices. They stay in the pharmacies module: other modules ask its index.ts.
import { DELIVERY_PROVIDERS, DELIVERY_STATUSES } from '@medrelay/contracts/rules';
import {
  boolean,
  doublePrecision,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const orderSettings = pgTable('pharmacy_order_settings', {
  partnerId: uuid('partner_id').primaryKey(),
  deliveryRadiusKm: doublePrecision('delivery_radius_km').notNull(),
  deliveryFeeFen: integer('delivery_fee_fen').notNull(),
  onlinePayment: boolean('online_payment').notNull(),
  deliveryProvider: text('delivery_provider', { enum: DELIVERY_PROVIDERS }).notNull(),
  updatedAt: tstz('updated_at').notNull(),
});
export type OrderSettingsRow = typeof orderSettings.$inferSelect;

export const prices = pgTable(
  'pharmacy_prices',
  {
    partnerId: uuid('partner_id').notNull(),
    medicineId: text('medicine_id').notNull(),
    priceFen: integer('price_fen').notNull(),
    updatedAt: tstz('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.medicineId] })],
);

export const deliveries = pgTable('pharmacy_deliveries', {
  reservationId: uuid('reservation_id').primaryKey(),
  partnerId: uuid('partner_id').notNull(),
  status: text('status', { enum: DELIVERY_STATUSES }).notNull(),
  lat: doublePrecision('lat').notNull(),
  lng: doublePrecision('lng').notNull(),
  distanceM: integer('distance_m').notNull(),
  addressEnc: text('address_enc').notNull(),
  phoneEnc: text('phone_enc').notNull(),
  feeFen: integer('fee_fen').notNull(),
  provider: text('provider', { enum: DELIVERY_PROVIDERS }).notNull(),
  providerOrderId: text('provider_order_id'),
  updatedAt: tstz('updated_at').notNull(),
});
export type DeliveryRow = typeof deliveries.$inferSelect;
