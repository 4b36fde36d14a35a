import { z } from 'zod';
import { Phone, RegionCode } from './common.ts';
import { LocationInput } from './posts.ts';
import { PHARMACY_SERVICES, RESERVATION_STATUSES, STOCK_STATUSES } from './rules.ts';
import { singleLine, token } from './text.ts';

export const StockStatus = z.enum(STOCK_STATUSES).describe('in_stock = 有货, low = 紧张, out = 无货');
/** What a resident sees: a status older than 24 hours reads as unknown. */
export const StockStatusSeen = z.enum([...STOCK_STATUSES, 'unknown']);
export const PharmacyService = z
  .enum(PHARMACY_SERVICES)
  .describe('delivery = 送药到家, open_24h = 24 小时, medical_insurance = 医保');
export const ReservationStatus = z.enum(RESERVATION_STATUSES);
export type ReservationStatus = z.infer<typeof ReservationStatus>;

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM, 00:00 to 24:00');
/** One opening span of a day, China time; `close` after `open` (a night shift is two days' spans). */
export const OpeningSpan = z
  .strictObject({ open: HHMM, close: HHMM })
  .refine((s) => s.close > s.open, { message: 'close must come after open', path: ['close'] });
/** Seven days, Monday first; an empty day is closed. */
export const WeekHours = z.array(z.array(OpeningSpan).max(3)).length(7);
export type WeekHours = z.infer<typeof WeekHours>;

const profileFields = {
  address: singleLine({ min: 4, max: 120 }),
  location: LocationInput,
  hours: WeekHours,
  services: z.array(PharmacyService).max(PHARMACY_SERVICES.length).default([]),
  /** How long after reserving a resident may come to pick up, in hours. */
  pickupWindowHours: z.number().int().min(1).max(72).default(24),
};

export const PharmacyApplyBody = z.strictObject({
  name: singleLine({ min: 2, max: 60 }),
  contactName: singleLine({ min: 2, max: 30 }),
  contactPhone: Phone,
  /** 统一社会信用代码 (GB 32100-2015, 18 characters with a check character). */
  creditCode: singleLine({ min: 1, max: 30 }),
  /** 药品经营许可证编号, e.g. 粤DA020101234. */
  licenceNumber: singleLine({ min: 1, max: 30 }),
  regionCode: RegionCode.optional(),
  ...profileFields,
});
export type PharmacyApplyInput = z.input<typeof PharmacyApplyBody>;
export const PharmacyProfileBody = z.strictObject({
  address: profileFields.address.optional(),
  location: LocationInput.optional(),
  hours: WeekHours.optional(),
  services: z.array(PharmacyService).max(PHARMACY_SERVICES.length).optional(),
  pickupWindowHours: z.number().int().min(1).max(72).optional(),
});

export type PharmacyProfileInput = z.input<typeof PharmacyProfileBody>;

/** The public face of a pharmacy: a business, so its address and point are shown as they are. */
export const PharmacySummary = z.object({
  id: z.uuid(),
  name: z.string(),
  address: z.string(),
  location: z.object({ lat: z.number(), lng: z.number() }),
  districtCode: z.string(),
  hours: WeekHours,
  openNow: z.boolean(),
  services: z.array(PharmacyService),
  pickupWindowHours: z.number().int(),
  distanceKm: z.number().nullable(),
  /** The asked-for medicine's status, with `medicineId`. */
  stock: z
    .object({ medicineId: z.string(), status: StockStatusSeen, updatedAt: z.iso.datetime().nullable() })
    .nullable(),
});
export type PharmacySummary = z.infer<typeof PharmacySummary>;
export const PharmaciesQuery = z.object({
  near: z
    .string()
    .regex(/^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, 'lat,lng (WGS-84)')
    .describe('lat,lng in WGS-84'),
  radiusKm: z.coerce.number().positive().max(50).default(5),
  medicineId: token({ min: 1, max: 64 }).optional(),
});
export const PharmaciesReply = z.object({ items: z.array(PharmacySummary) });
export type PharmaciesReply = z.infer<typeof PharmaciesReply>;

export const StockItemView = z.object({
  medicineId: z.string(),
  status: StockStatusSeen,
  /** Boxes (catalogue units) still free to reserve. */
  reservable: z.number().int(),
  /** Per person per day at this pharmacy; the catalogue's cap unless the pharmacy set one. */
  perPersonLimit: z.number().int(),
  updatedAt: z.iso.datetime().nullable(),
});
export type StockItemView = z.infer<typeof StockItemView>;
export const PharmacyView = PharmacySummary.extend({ stockItems: z.array(StockItemView) });
export type PharmacyView = z.infer<typeof PharmacyView>;

/** What the pharmacy's own staff see: the public face plus its licences. */
export const PharmacyAdminView = PharmacyView.extend({
  creditCode: z.string(),
  licenceNumber: z.string(),
  status: z.string(),
});
export type PharmacyAdminView = z.infer<typeof PharmacyAdminView>;

export const StockUpdate = z.strictObject({
  medicineId: token({ min: 1, max: 64 }),
  status: StockStatus,
  /** Boxes held for reservations; left out keeps the current figure (无货 sets 0). */
  quantity: z.number().int().min(0).max(100_000).optional(),
  /** Per person per day; null returns to the catalogue's cap. */
  perPersonLimit: z.number().int().min(1).max(1000).nullable().optional(),
});
export const StockBody = z.strictObject({ items: z.array(StockUpdate).min(1).max(500) });
export const StockCsvBody = z.strictObject({ csv: z.string().max(60_000) });
export const StockReply = z.object({ items: z.array(StockItemView) });
export type StockReply = z.infer<typeof StockReply>;

export const PharmacistBody = z.strictObject({
  phone: Phone,
  /** 执业药师注册证编号. */
  certificateNumber: z.string().regex(/^[A-Za-z0-9]{6,30}$/, '6 to 30 letters and digits'),
});
export const PharmacistsReply = z.object({
  items: z.array(
    z.object({
      userId: z.uuid(),
      phoneMasked: z.string(),
      certificateNumber: z.string(),
      createdAt: z.iso.datetime(),
    }),
  ),
});

export const ReserveBody = z.strictObject({
  items: z
    .array(
      z.strictObject({ medicineId: token({ min: 1, max: 64 }), quantity: z.number().int().min(1).max(1000) }),
    )
    .min(1)
    .max(5),
  /** When I will come; within the pharmacy's pickup window. Left out: the end of the window. */
  pickupBy: z.iso.datetime().optional(),
});
export const ReservationView = z.object({
  id: z.uuid(),
  pharmacyId: z.uuid(),
  pharmacyName: z.string(),
  status: ReservationStatus,
  items: z.array(z.object({ medicineId: z.string(), quantity: z.number().int() })),
  /** Shown to the resident; the pharmacy types it at the counter. Null for the pharmacy's list. */
  pickupCode: z.string().nullable(),
  pickupBy: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ReservationView = z.infer<typeof ReservationView>;
export const ReservationsReply = z.object({ items: z.array(ReservationView) });
export type ReservationsReply = z.infer<typeof ReservationsReply>;
export const ReservationParams = z.object({ id: z.uuid(), reservationId: z.uuid() });
export const MyReservationParams = z.object({ reservationId: z.uuid() });
export const ReservationAction = z.enum(['confirm', 'decline', 'ready', 'no-show']);
export const ReservationActionParams = ReservationParams.extend({ action: ReservationAction });
export const ReservationQueueQuery = z.object({ status: ReservationStatus.optional() });
export const HandoverBody = z.strictObject({ code: z.string().regex(/^\d{6}$/, '6 digits') });
