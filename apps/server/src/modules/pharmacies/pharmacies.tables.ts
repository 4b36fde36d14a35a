// Drizzle's view of the tables that migrations/0015_pharmacies.sql creates. They stay in this module
// (not platform/db/schema.ts) because no other module may read them: other modules ask index.ts.
import type { WeekHours } from '@medrelay/contracts';
import { PHARMACY_SERVICES, RESERVATION_STATUSES, STOCK_STATUSES } from '@medrelay/contracts/rules';
import {
  char,
  date,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const pharmacies = pgTable('pharmacies', {
  partnerId: uuid('partner_id').primaryKey(),
  creditCode: char('credit_code', { length: 18 }).notNull(),
  licenceNumber: text('licence_number').notNull(),
  address: text('address').notNull(),
  lat: doublePrecision('lat').notNull(),
  lng: doublePrecision('lng').notNull(),
  cell: integer('cell').notNull(),
  provinceCode: char('province_code', { length: 6 }).notNull(),
  cityCode: char('city_code', { length: 6 }).notNull(),
  districtCode: char('district_code', { length: 6 }).notNull(),
  hours: jsonb('hours').$type<WeekHours>().notNull(),
  services: text('services', { enum: PHARMACY_SERVICES }).array().notNull(),
  pickupWindowHours: integer('pickup_window_hours').notNull(),
  createdAt: tstz('created_at').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});
export type PharmacyRow = typeof pharmacies.$inferSelect;

export const pharmacists = pgTable(
  'pharmacists',
  {
    partnerId: uuid('partner_id').notNull(),
    userId: uuid('user_id').notNull(),
    certificateNumber: text('certificate_number').notNull(),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.userId] })],
);

export const pharmacyStock = pgTable(
  'pharmacy_stock',
  {
    partnerId: uuid('partner_id').notNull(),
    medicineId: text('medicine_id').notNull(),
    status: text('status', { enum: STOCK_STATUSES }).notNull(),
    reservable: integer('reservable').notNull(),
    perPersonLimit: integer('per_person_limit'),
    updatedAt: tstz('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.medicineId] })],
);
export type StockRow = typeof pharmacyStock.$inferSelect;

export const reservations = pgTable('pharmacy_reservations', {
  id: uuid('id').primaryKey(),
  partnerId: uuid('partner_id').notNull(),
  userId: uuid('user_id').notNull(),
  status: text('status', { enum: RESERVATION_STATUSES }).notNull(),
  pickupCode: char('pickup_code', { length: 6 }).notNull(),
  fulfilment: text('fulfilment', { enum: ['pickup', 'delivery'] }).notNull(),
  payment: text('payment', { enum: ['pay_at_pickup', 'online'] }).notNull(),
  pickupBy: tstz('pickup_by').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  createdAt: tstz('created_at').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});
export type ReservationRow = typeof reservations.$inferSelect;

export const reservationItems = pgTable(
  'pharmacy_reservation_items',
  {
    reservationId: uuid('reservation_id').notNull(),
    medicineId: text('medicine_id').notNull(),
    quantity: integer('quantity').notNull(),
    priceFen: integer('price_fen'),
  },
  (t) => [primaryKey({ columns: [t.reservationId, t.medicineId] })],
);
