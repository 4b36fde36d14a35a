import { z } from 'zod';

/**
 * The personal health record (issue 13): its parts, the measurement kinds and their plausible ranges,
 * the conditions one can list, and the shares (grants) with pharmacies. Health data is sensitive
 * personal information (PIPL art. 28–29): a separate consent comes first, it is encrypted at rest,
 * and only the policy in the server's care module decides who reads it.
 */
export const HEALTH_PARTS = ['conditions', 'allergies', 'pregnancy', 'medicines', 'measurements'] as const;
export type HealthPart = (typeof HEALTH_PARTS)[number];

/** Why someone reads health data; written to the read audit. */
export const HEALTH_PURPOSES = ['self', 'follow_up', 'consultation', 'guidance', 'audience'] as const;
export type HealthPurpose = (typeof HEALTH_PURPOSES)[number];

/** The version of the health-data consent text a person agrees to. */
export const HEALTH_CONSENT_VERSION = '2026-11-30';

export const CONDITIONS = [
  'hypertension',
  'diabetes',
  'asthma',
  'copd',
  'heart_disease',
  'kidney_disease',
  'liver_disease',
  'stomach_ulcer',
  'thyroid_disease',
  'glaucoma',
  'prostate_enlargement',
  'epilepsy',
] as const;
export type Condition = (typeof CONDITIONS)[number];

export const PREGNANCY_STATUSES = ['pregnant', 'breastfeeding'] as const;

export const MEASUREMENT_KINDS = ['temperature', 'spo2', 'blood_pressure', 'blood_glucose'] as const;
export type MeasurementKind = (typeof MEASUREMENT_KINDS)[number];

/**
 * What a living person can show on a home device; outside these a reading is a typo (or a broken
 * device) and is refused with `measurement_out_of_range`. Units: °C, %, mmHg, mmol/L.
 */
export const MEASUREMENT_RANGES = {
  temperature: { min: 34, max: 43, unit: '°C' },
  spo2: { min: 50, max: 100, unit: '%' },
  systolic: { min: 60, max: 260, unit: 'mmHg' },
  diastolic: { min: 30, max: 160, unit: 'mmHg' },
  blood_glucose: { min: 1, max: 35, unit: 'mmol/L' },
} as const;

export const MeasurementValue = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('temperature'), celsius: z.number() }),
  z.object({ kind: z.literal('spo2'), percent: z.number() }),
  z.object({ kind: z.literal('blood_pressure'), systolic: z.number().int(), diastolic: z.number().int() }),
  z.object({
    kind: z.literal('blood_glucose'),
    mmolPerL: z.number(),
    timing: z.enum(['fasting', 'after_meal', 'random']).default('random'),
  }),
]);
export type MeasurementValue = z.infer<typeof MeasurementValue>;

export const MeasurementBody = z.object({
  value: MeasurementValue,
  /** When it was measured; now when left out. Not in the future. */
  measuredAt: z.iso.datetime({ offset: true }).optional(),
});

export const MeasurementView = z.object({
  id: z.uuid(),
  measuredAt: z.string(),
  value: MeasurementValue,
});
export type MeasurementView = z.infer<typeof MeasurementView>;

const Note = z.string().trim().max(200).optional();

export const EntryValue = z.discriminatedUnion('part', [
  z.object({ part: z.literal('conditions'), condition: z.enum(CONDITIONS), note: Note }),
  z.object({
    part: z.literal('allergies'),
    /** An active ingredient from the guidance data (e.g. `acetaminophen`). */
    ingredient: z.string().trim().min(1).max(60),
    note: Note,
  }),
  z.object({ part: z.literal('pregnancy'), status: z.enum(PREGNANCY_STATUSES), note: Note }),
  z.object({
    part: z.literal('medicines'),
    /** A catalogue item, or… */
    medicineId: z.string().max(80).optional(),
    /** …a name typed by the person (then ingredients, if known, let the checks see it). */
    name: z.string().trim().min(1).max(60).optional(),
    ingredients: z.array(z.string().trim().min(1).max(60)).max(10).optional(),
    note: Note,
  }),
]);
export type EntryValue = z.infer<typeof EntryValue>;

export const EntryView = z.object({
  id: z.uuid(),
  value: EntryValue,
  /** For a catalogue medicine: its name (zh, en). */
  label: z.object({ zh: z.string(), en: z.string() }).optional(),
  createdAt: z.string(),
});
export type EntryView = z.infer<typeof EntryView>;

export const HealthRecordView = z.object({
  consentedAt: z.string().nullable(),
  consentVersion: z.string(),
  entries: z.array(EntryView),
  /** The latest reading of each kind. */
  latest: z.array(MeasurementView.extend({ kind: z.enum(MEASUREMENT_KINDS) })),
});
export type HealthRecordView = z.infer<typeof HealthRecordView>;

export const GrantBody = z.object({
  pharmacyId: z.uuid(),
  parts: z.array(z.enum(HEALTH_PARTS)).min(1).max(HEALTH_PARTS.length),
  /** How long the pharmacy may read: 1 to 365 days. */
  days: z.number().int().min(1).max(365),
});

export const GrantView = z.object({
  id: z.uuid(),
  pharmacyId: z.uuid(),
  pharmacyName: z.string(),
  parts: z.array(z.enum(HEALTH_PARTS)),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  consultationId: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
});
export type GrantView = z.infer<typeof GrantView>;

export const HealthReadView = z.object({
  at: z.string(),
  part: z.enum(HEALTH_PARTS),
  purpose: z.enum(HEALTH_PURPOSES),
  pharmacyName: z.string().nullable(),
  /** The reader, masked (138****5678). */
  reader: z.string().nullable(),
  grantId: z.string().nullable(),
});
export type HealthReadView = z.infer<typeof HealthReadView>;

export const GUIDANCE_WARNINGS = [
  'duplicate_ingredient',
  'allergy',
  'condition',
  'pregnancy',
  'breastfeeding',
  'age',
] as const;

const Localized = z.object({ zh: z.string(), en: z.string() });

export const GuidanceQuery = z.object({
  ageYears: z.coerce.number().min(0).max(120).optional(),
  weightKg: z.coerce.number().min(1).max(250).optional(),
});

export const GuidanceWarning = z.object({
  code: z.enum(GUIDANCE_WARNINGS),
  /** The active ingredient concerned (duplicate, allergy). */
  ingredient: Localized.optional(),
  /** The condition concerned. */
  condition: z.enum(CONDITIONS).optional(),
  /** What else in the record has the same ingredient. */
  with: Localized.optional(),
});
export type GuidanceWarning = z.infer<typeof GuidanceWarning>;

export const GuidanceView = z.object({
  medicineId: z.string(),
  name: Localized,
  kind: z.enum(['medicine', 'device', 'supply', 'test']),
  version: z.string(),
  ingredients: z.array(
    z.object({
      id: z.string(),
      name: Localized,
      amount: z.number().nullable(),
      unit: z.string().nullable(),
      per: z.string(),
      herbal: z.boolean(),
    }),
  ),
  doses: z.array(
    z.object({
      ageMinYears: z.number(),
      ageMaxYears: z.number().nullable(),
      weightMinKg: z.number().optional(),
      weightMaxKg: z.number().optional(),
      dose: Localized,
      mgPerKg: z.tuple([z.number(), z.number()]).optional(),
      /** This band fits the age (and weight) asked about. */
      matches: z.boolean(),
    }),
  ),
  /** For a weight-dosed product and a given weight: the dose in mg and in ml. */
  weightDose: z
    .object({
      weightKg: z.number(),
      mg: z.tuple([z.number(), z.number()]),
      ml: z.tuple([z.number(), z.number()]),
    })
    .nullable(),
  minIntervalHours: z.number().nullable(),
  maxDosesPerDay: z.number().nullable(),
  maxDaysWithoutDoctor: z.number().nullable(),
  askDoctor: z.object({
    conditions: z.array(z.enum(CONDITIONS)),
    pregnancy: z.boolean(),
    breastfeeding: z.boolean(),
    underAgeMonths: z.number().optional(),
    note: Localized.optional(),
  }),
  use: Localized.optional(),
  /** The catalogue's label text and its red-flag symptoms (call 120 / see a doctor). */
  label: Localized,
  redFlags: z.object({ zh: z.array(z.string()), en: z.array(z.string()) }),
  /** Whether the warnings looked at the person's record (logged in, consented). */
  personalised: z.boolean(),
  warnings: z.array(GuidanceWarning),
});
export type GuidanceView = z.infer<typeof GuidanceView>;

/** Chronic follow-up (a pharmacy's side): people who shared with the pharmacy. */
export const FollowupPatientView = z.object({
  userId: z.uuid(),
  /** Masked (138****5678). */
  phone: z.string(),
  parts: z.array(z.enum(HEALTH_PARTS)),
  sharedUntil: z.string(),
  /** The conditions, when conditions are shared (null when they are not). */
  conditions: z.array(z.enum(CONDITIONS)).nullable(),
  followup: z.object({ everyDays: z.number().int(), nextDueAt: z.string(), overdue: z.boolean() }).nullable(),
});
export type FollowupPatientView = z.infer<typeof FollowupPatientView>;

export const FollowupPatientsQuery = z.object({ condition: z.enum(CONDITIONS).optional() });

export const FollowupPatientDetail = z.object({
  patient: FollowupPatientView,
  record: z.array(z.object({ part: z.enum(HEALTH_PARTS), entries: z.array(EntryView) })),
  notes: z.array(z.object({ id: z.uuid(), note: z.string(), at: z.string(), author: z.string().nullable() })),
});
export type FollowupPatientDetail = z.infer<typeof FollowupPatientDetail>;

export const FollowupBody = z.object({ everyDays: z.number().int().min(1).max(365) });
export const ContactNoteBody = z.object({ note: z.string().trim().min(1).max(500) });

export const ChartQuery = z.object({
  kind: z.enum(MEASUREMENT_KINDS),
  days: z.coerce.number().int().min(1).max(3650).default(90),
});
export const ChartView = z.object({
  kind: z.enum(MEASUREMENT_KINDS),
  from: z.string(),
  points: z.array(MeasurementView),
});
export type ChartView = z.infer<typeof ChartView>;

export const HealthConsentBody = z.strictObject({ agree: z.literal(true) });
export const EntryBody = z.strictObject({ value: EntryValue });
export const HealthIdParams = z.object({ id: z.uuid() });
export const GuidanceParams = z.object({ medicineId: z.string().min(1).max(80) });
export const PatientParams = z.object({ id: z.uuid(), userId: z.uuid() });
