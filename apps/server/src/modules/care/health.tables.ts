// Drizzle's view of the tables that migrations/0022_care.sql creates. They stay in this module:
// other modules reach health data only through care/index.ts (and its one access policy).
import { HEALTH_PARTS, MEASUREMENT_KINDS } from '@medrelay/contracts';
import { bigint, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const healthConsents = pgTable('health_consents', {
  userId: uuid('user_id').primaryKey(),
  version: text('version').notNull(),
  consentedAt: tstz('consented_at').notNull(),
});

export const healthEntries = pgTable('health_entries', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  part: text('part', { enum: ['conditions', 'allergies', 'pregnancy', 'medicines'] }).notNull(),
  valueEnc: text('value_enc').notNull(),
  createdAt: tstz('created_at').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});
export type HealthEntryRow = typeof healthEntries.$inferSelect;

export const healthMeasurements = pgTable('health_measurements', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  kind: text('kind', { enum: MEASUREMENT_KINDS }).notNull(),
  measuredAt: tstz('measured_at').notNull(),
  valueEnc: text('value_enc').notNull(),
  createdAt: tstz('created_at').notNull(),
});
export type HealthMeasurementRow = typeof healthMeasurements.$inferSelect;

export const healthGrants = pgTable('health_grants', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  partnerId: uuid('partner_id').notNull(),
  parts: text('parts', { enum: HEALTH_PARTS }).array().notNull(),
  expiresAt: tstz('expires_at').notNull(),
  revokedAt: tstz('revoked_at'),
  consultationId: uuid('consultation_id'),
  createdAt: tstz('created_at').notNull(),
});
export type HealthGrantRow = typeof healthGrants.$inferSelect;

export const healthReads = pgTable('health_reads', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  grantId: uuid('grant_id'),
  subjectUserId: uuid('subject_user_id').notNull(),
  readerId: uuid('reader_id'),
  partnerId: uuid('partner_id'),
  part: text('part', { enum: HEALTH_PARTS }).notNull(),
  purpose: text('purpose').notNull(),
  readAt: tstz('read_at').notNull(),
});

export const careFollowups = pgTable(
  'care_followups',
  {
    partnerId: uuid('partner_id').notNull(),
    userId: uuid('user_id').notNull(),
    everyDays: integer('every_days').notNull(),
    nextDueAt: tstz('next_due_at').notNull(),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.userId] })],
);

export const careContactNotes = pgTable('care_contact_notes', {
  id: uuid('id').primaryKey(),
  partnerId: uuid('partner_id').notNull(),
  userId: uuid('user_id').notNull(),
  authorId: uuid('author_id'),
  noteEnc: text('note_enc').notNull(),
  createdAt: tstz('created_at').notNull(),
});
