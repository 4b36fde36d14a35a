import { and, asc, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { schema } from '../../platform/db/index.ts';
import { careContactNotes, careFollowups, healthGrants } from './health.tables.ts';

const { users } = schema;

/** SQL only: who shares with a pharmacy for follow-up, its follow-up tasks and contact notes. */
export const followupRepo = {
  /** People with a live follow-up grant (not for a consultation) to this pharmacy, with their task. */
  async sharing(db: Db, partnerId: string, now: Date) {
    return db
      .selectDistinctOn([healthGrants.userId], {
        userId: healthGrants.userId,
        phoneMasked: users.phoneMasked,
        parts: healthGrants.parts,
        expiresAt: healthGrants.expiresAt,
        everyDays: careFollowups.everyDays,
        nextDueAt: careFollowups.nextDueAt,
      })
      .from(healthGrants)
      .innerJoin(users, eq(users.id, healthGrants.userId))
      .leftJoin(
        careFollowups,
        and(
          eq(careFollowups.partnerId, healthGrants.partnerId),
          eq(careFollowups.userId, healthGrants.userId),
        ),
      )
      .where(
        and(
          eq(healthGrants.partnerId, partnerId),
          isNull(healthGrants.revokedAt),
          isNull(healthGrants.consultationId),
          gt(healthGrants.expiresAt, now),
        ),
      )
      .orderBy(healthGrants.userId, desc(healthGrants.expiresAt));
  },
  async followup(db: Db, partnerId: string, userId: string) {
    const [row] = await db
      .select()
      .from(careFollowups)
      .where(and(eq(careFollowups.partnerId, partnerId), eq(careFollowups.userId, userId)));
    return row;
  },
  async upsertFollowup(db: Db, row: typeof careFollowups.$inferInsert) {
    await db
      .insert(careFollowups)
      .values(row)
      .onConflictDoUpdate({
        target: [careFollowups.partnerId, careFollowups.userId],
        set: { everyDays: row.everyDays, nextDueAt: row.nextDueAt },
      });
  },
  async setNextDue(db: Db, partnerId: string, userId: string, at: Date) {
    await db
      .update(careFollowups)
      .set({ nextDueAt: at })
      .where(and(eq(careFollowups.partnerId, partnerId), eq(careFollowups.userId, userId)));
  },
  /** Follow-up tasks past due, oldest first (the pharmacy's overdue list; index on partner, due). */
  async overdue(db: Db, partnerId: string, now: Date) {
    return db
      .select({
        userId: careFollowups.userId,
        everyDays: careFollowups.everyDays,
        nextDueAt: careFollowups.nextDueAt,
      })
      .from(careFollowups)
      .where(and(eq(careFollowups.partnerId, partnerId), lt(careFollowups.nextDueAt, now)))
      .orderBy(asc(careFollowups.nextDueAt));
  },
  async insertNote(db: Db, row: typeof careContactNotes.$inferInsert) {
    await db.insert(careContactNotes).values(row);
  },
  async notes(db: Db, partnerId: string, userId: string) {
    return db
      .select({
        id: careContactNotes.id,
        noteEnc: careContactNotes.noteEnc,
        createdAt: careContactNotes.createdAt,
        author: users.phoneMasked,
      })
      .from(careContactNotes)
      .leftJoin(users, eq(users.id, careContactNotes.authorId))
      .where(and(eq(careContactNotes.partnerId, partnerId), eq(careContactNotes.userId, userId)))
      .orderBy(desc(careContactNotes.createdAt))
      .limit(100);
  },
  async phoneMasked(db: Db, userId: string) {
    const [row] = await db.select({ phoneMasked: users.phoneMasked }).from(users).where(eq(users.id, userId));
    return row?.phoneMasked;
  },
  async countNotes(db: Db) {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(careContactNotes);
    return row?.n ?? 0;
  },
};
