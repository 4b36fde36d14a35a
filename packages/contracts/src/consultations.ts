import { z } from 'zod';
import { EntryView, HEALTH_PARTS, MeasurementView } from './health.ts';

/**
 * Asking a pharmacist (issue 13): a question to a chosen pharmacy or to the on-duty pool, record
 * parts shared for this consultation only, the pharmacy's promised first-response time, answers,
 * rating and closing; the pharmacist's queue, templates and hand-over.
 */

export const CONSULTATION_STATUSES = ['open', 'answered', 'closed'] as const;
/** Parts of the health record a resident may share with one consultation (the record's parts). */
export const SHARED_RECORD_PARTS = HEALTH_PARTS;

export const ConsultationBody = z.strictObject({
  /** A chosen pharmacy; absent: the on-duty pool (pharmacies that opted in). */
  pharmacyId: z.uuid().optional(),
  question: z.string().trim().min(4).max(1000),
  sharedParts: z.array(z.enum(SHARED_RECORD_PARTS)).max(SHARED_RECORD_PARTS.length).default([]),
});
export type ConsultationBody = z.input<typeof ConsultationBody>;

export const ConsultationMessage = z.object({
  id: z.uuid(),
  from: z.enum(['resident', 'pharmacist']),
  body: z.string(),
  createdAt: z.iso.datetime(),
});

export const ConsultationView = z.object({
  id: z.uuid(),
  pharmacyId: z.uuid().nullable(),
  pharmacyName: z.string().nullable(),
  pool: z.boolean(),
  status: z.enum(CONSULTATION_STATUSES),
  question: z.string(),
  sharedParts: z.array(z.enum(SHARED_RECORD_PARTS)),
  /** The first-response time the pharmacy (or the pool) promises, and the moment it runs out. */
  promisedMinutes: z.number().int(),
  respondBy: z.iso.datetime(),
  firstResponseAt: z.iso.datetime().nullable(),
  /** Red-flag symptoms found in the question (call 120 / see a doctor). */
  redFlags: z.array(z.string()),
  rating: z.number().int().nullable(),
  messages: z.array(ConsultationMessage),
  createdAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
});
export type ConsultationView = z.infer<typeof ConsultationView>;
export const ConsultationsReply = z.object({ items: z.array(ConsultationView) });

export const ConsultationIdParams = z.object({ id: z.uuid() });
export const WorkspaceConsultationParams = z.object({ id: z.uuid(), consultationId: z.uuid() });
export const ConsultationMessageBody = z.strictObject({ body: z.string().trim().min(1).max(2000) });
export const RatingBody = z.strictObject({
  stars: z.number().int().min(1).max(5),
});
export const HandoffConsultationBody = z.strictObject({ pharmacistUserId: z.uuid() });

export const ConsultationPharmacy = z.object({
  id: z.uuid(),
  name: z.string(),
  onDuty: z.boolean(),
  responseMinutes: z.number().int(),
});
export const ConsultationPharmaciesReply = z.object({
  items: z.array(ConsultationPharmacy),
  /** The pool's promise: the quickest on-duty pharmacy's. */
  poolMinutes: z.number().int().nullable(),
});

export const ConsultationSettingsBody = z.strictObject({
  onDuty: z.boolean(),
  responseMinutes: z.number().int().min(5).max(1440),
});
export const ConsultationSettings = ConsultationSettingsBody;

export const AnswerTemplateBody = z.strictObject({
  title: z.string().trim().min(1).max(40),
  body: z.string().trim().min(1).max(2000),
});
export const AnswerTemplate = z.object({ id: z.uuid(), title: z.string(), body: z.string() });
export const AnswerTemplatesReply = z.object({ items: z.array(AnswerTemplate) });

/** The pharmacist's queue: this pharmacy's open consultations and the unclaimed pool, red flags first. */
export const ConsultationQueueItem = ConsultationView.extend({
  assignedToMe: z.boolean(),
});
export const ConsultationQueueReply = z.object({ items: z.array(ConsultationQueueItem) });

/** What the resident shared with this consultation, read through the record's access policy (audited). */
export const SharedPartsReply = z.object({
  items: z.array(
    z.object({
      part: z.enum(SHARED_RECORD_PARTS),
      entries: z.array(EntryView),
      measurements: z.array(MeasurementView),
    }),
  ),
});
export type SharedPartsReply = z.infer<typeof SharedPartsReply>;
