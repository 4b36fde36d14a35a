import type { MeasurementKind } from '@medrelay/contracts';
import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import {
  type HealthEntryRow,
  type HealthMeasurementRow,
  healthConsents,
  healthEntries,
  healthMeasurements,
} from './health.tables.ts';

/** SQL only: the health consent, record entries and measurements (values are ciphertext here). */
export const healthRecordRepo = {
  async consent(db: Db, userId: string) {
    const [row] = await db.select().from(healthConsents).where(eq(healthConsents.userId, userId));
    return row;
  },
  async upsertConsent(db: Db, userId: string, version: string, at: Date) {
    await db
      .insert(healthConsents)
      .values({ userId, version, consentedAt: at })
      .onConflictDoUpdate({ target: healthConsents.userId, set: { version, consentedAt: at } });
  },
  /** Everything of a person's health data and the consent (a withdrawal; the account stays). */
  async deleteAll(db: Db, userId: string) {
    for (const table of [
      'health_reads',
      'health_entries',
      'health_measurements',
      'care_contact_notes',
      'care_followups',
      'health_grants',
    ] as const) {
      const column = table === 'health_reads' ? 'subject_user_id' : 'user_id';
      await db.execute(sql`DELETE FROM ${sql.identifier(table)} WHERE ${sql.identifier(column)} = ${userId}`);
    }
    await db.delete(healthConsents).where(eq(healthConsents.userId, userId));
  },
  async entries(db: Db, userId: string, part?: HealthEntryRow['part']): Promise<HealthEntryRow[]> {
    return db
      .select()
      .from(healthEntries)
      .where(and(eq(healthEntries.userId, userId), part ? eq(healthEntries.part, part) : undefined))
      .orderBy(asc(healthEntries.createdAt), asc(healthEntries.id));
  },
  /** One part's entries of many people (an audience rule's check; the caller has the grants). */
  async entriesOfMany(db: Db, userIds: string[], part: HealthEntryRow['part']): Promise<HealthEntryRow[]> {
    if (!userIds.length) return [];
    return db
      .select()
      .from(healthEntries)
      .where(and(inArray(healthEntries.userId, userIds), eq(healthEntries.part, part)));
  },
  async insertEntry(db: Db, row: HealthEntryRow) {
    await db.insert(healthEntries).values(row);
  },
  async deleteEntries(db: Db, userId: string, part: HealthEntryRow['part']) {
    await db.delete(healthEntries).where(and(eq(healthEntries.userId, userId), eq(healthEntries.part, part)));
  },
  async deleteEntry(db: Db, userId: string, id: string): Promise<boolean> {
    const gone = await db
      .delete(healthEntries)
      .where(and(eq(healthEntries.userId, userId), eq(healthEntries.id, id)))
      .returning({ id: healthEntries.id });
    return gone.length > 0;
  },
  async insertMeasurement(db: Db, row: HealthMeasurementRow) {
    await db.insert(healthMeasurements).values(row);
  },
  async deleteMeasurement(db: Db, userId: string, id: string): Promise<boolean> {
    const gone = await db
      .delete(healthMeasurements)
      .where(and(eq(healthMeasurements.userId, userId), eq(healthMeasurements.id, id)))
      .returning({ id: healthMeasurements.id });
    return gone.length > 0;
  },
  /** One person's readings of one kind in a time window, oldest first: the chart (index-driven). */
  async chart(db: Db, userId: string, kind: MeasurementKind, from: Date, to: Date, limit: number) {
    return db
      .select({
        id: healthMeasurements.id,
        measuredAt: healthMeasurements.measuredAt,
        valueEnc: healthMeasurements.valueEnc,
      })
      .from(healthMeasurements)
      .where(
        and(
          eq(healthMeasurements.userId, userId),
          eq(healthMeasurements.kind, kind),
          gte(healthMeasurements.measuredAt, from),
          lte(healthMeasurements.measuredAt, to),
        ),
      )
      .orderBy(asc(healthMeasurements.measuredAt))
      .limit(limit);
  },
  /** The latest reading of one kind. */
  async latest(db: Db, userId: string, kind: MeasurementKind) {
    const [row] = await db
      .select()
      .from(healthMeasurements)
      .where(and(eq(healthMeasurements.userId, userId), eq(healthMeasurements.kind, kind)))
      .orderBy(desc(healthMeasurements.measuredAt))
      .limit(1);
    return row;
  },
  async allMeasurements(db: Db, userId: string): Promise<HealthMeasurementRow[]> {
    return db
      .select()
      .from(healthMeasurements)
      .where(eq(healthMeasurements.userId, userId))
      .orderBy(asc(healthMeasurements.kind), asc(healthMeasurements.measuredAt));
  },
};
