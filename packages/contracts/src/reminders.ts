import { z } from 'zod';

/**
 * Dose reminders (issue 13): a medicine from the catalogue or typed, times per day in China time,
 * before / with / after meals, a course with an end; doses marked taken, skipped or snoozed; the
 * adherence chart; a family caregiver told about missed doses (adherence only, never the record).
 */

export const MEAL_TIMINGS = ['any', 'before', 'with', 'after'] as const;
export const DOSE_STATUSES = ['sent', 'snoozed', 'taken', 'skipped', 'missed'] as const;
export const DOSE_ACTIONS = ['taken', 'skipped', 'snooze'] as const;
/** A snooze rings again after this long. */
export const SNOOZE_MINUTES = 10;
export const MAX_COURSE_DAYS = 365;

const Day = z.iso.date();
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM in China time');

export const ReminderBody = z
  .strictObject({
    medicineId: z.string().min(1).max(60).optional(),
    /** A medicine that is not in the catalogue, typed by the person (stored encrypted). */
    medicineName: z.string().trim().min(1).max(40).optional(),
    /** Units of the medicine per dose (tablets, sachets, ml…). */
    doseUnits: z.number().int().min(1).max(50).default(1),
    times: z.array(Time).min(1).max(6),
    meal: z.enum(MEAL_TIMINGS).default('any'),
    /** The first day of the course (China date); today when absent. */
    startsOn: Day.optional(),
    /** The course's length in days, or its last day. */
    courseDays: z.number().int().min(1).max(MAX_COURSE_DAYS).optional(),
    endsOn: Day.optional(),
    /** Units at hand; each dose taken takes doseUnits from it. */
    quantity: z.number().int().min(0).max(10_000).optional(),
    /** Tell me to refill when this many units or fewer are left. */
    refillAt: z.number().int().min(0).max(1000).optional(),
  })
  .refine((b) => Boolean(b.medicineId) !== Boolean(b.medicineName), {
    message: 'give a medicineId or a medicineName, not both',
    path: ['medicineId'],
  })
  .refine((b) => !(b.courseDays && b.endsOn), {
    message: 'give courseDays or endsOn, not both',
    path: ['courseDays'],
  });
export type ReminderBody = z.input<typeof ReminderBody>;

export const ReminderPatchBody = z.strictObject({
  times: z.array(Time).min(1).max(6).optional(),
  meal: z.enum(MEAL_TIMINGS).optional(),
  endsOn: Day.optional(),
  doseUnits: z.number().int().min(1).max(50).optional(),
  quantity: z.number().int().min(0).max(10_000).nullable().optional(),
  refillAt: z.number().int().min(0).max(1000).nullable().optional(),
  paused: z.boolean().optional(),
});

export const DoseView = z.object({
  reminderId: z.uuid(),
  dueAt: z.iso.datetime(),
  status: z.enum(DOSE_STATUSES),
  /** Sent after its time (the server was down when it was due). */
  late: z.boolean(),
  snoozedUntil: z.iso.datetime().nullable(),
});
export type DoseView = z.infer<typeof DoseView>;

export const ReminderView = z.object({
  id: z.uuid(),
  medicineId: z.string().nullable(),
  medicineName: z.string().nullable(),
  doseUnits: z.number().int(),
  times: z.array(z.string()),
  meal: z.enum(MEAL_TIMINGS),
  startsOn: Day,
  endsOn: Day,
  quantityLeft: z.number().int().nullable(),
  refillAt: z.number().int().nullable(),
  status: z.enum(['active', 'paused', 'ended']),
  nextDueAt: z.iso.datetime().nullable(),
  /** Today's doses so far (China date), newest first. */
  recentDoses: z.array(DoseView),
  createdAt: z.iso.datetime(),
});
export type ReminderView = z.infer<typeof ReminderView>;
export const RemindersReply = z.object({ items: z.array(ReminderView) });

export const DoseParams = z.object({ id: z.uuid(), dueAt: z.iso.datetime() });
export const DoseActionBody = z.strictObject({ action: z.enum(DOSE_ACTIONS) });

export const AdherenceQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(14) });
export const AdherenceDay = z.object({
  day: Day,
  taken: z.number().int(),
  skipped: z.number().int(),
  missed: z.number().int(),
});
export const AdherenceReply = z.object({ days: z.array(AdherenceDay) });
export type AdherenceReply = z.infer<typeof AdherenceReply>;

export const CaregiverBody = z.strictObject({ phone: z.string().min(11).max(20) });
export const CaregiverView = z.object({
  id: z.uuid(),
  /** The other person's masked phone (138****5678): the caregiver's for the person, and back. */
  phoneMasked: z.string(),
  status: z.enum(['invited', 'accepted']),
  createdAt: z.iso.datetime(),
});
export type CaregiverView = z.infer<typeof CaregiverView>;
export const CaregiversReply = z.object({ items: z.array(CaregiverView) });
