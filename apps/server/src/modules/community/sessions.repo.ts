import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import { type Db, schema, selectRows } from '../../platform/db/index.ts';
import {
  liveAttendance,
  liveQuestions,
  liveQuestionVotes,
  liveRegistrations,
  liveSessions,
  type SessionRow,
  surveys,
} from './live-tables.ts';

export type SessionWithName = SessionRow & { partnerName: string };

/** SQL only: live sessions, registrations, attendance, questions and votes. */
export const sessionsRepo = {
  async insert(tx: Db, row: typeof liveSessions.$inferInsert) {
    await tx.insert(liveSessions).values(row);
  },
  async find(db: Db, id: string): Promise<SessionWithName | undefined> {
    const [row] = await db
      .select({ s: liveSessions, partnerName: schema.partners.name })
      .from(liveSessions)
      .innerJoin(schema.partners, eq(schema.partners.id, liveSessions.partnerId))
      .where(eq(liveSessions.id, id));
    return row ? { ...row.s, partnerName: row.partnerName } : undefined;
  },
  async lock(tx: Db, id: string) {
    const [row] = await tx.select().from(liveSessions).where(eq(liveSessions.id, id)).for('update');
    return row;
  },
  async update(tx: Db, id: string, set: Partial<typeof liveSessions.$inferInsert>) {
    await tx.update(liveSessions).set(set).where(eq(liveSessions.id, id));
  },
  /** Public list: approved institutions' sessions that end after `since`, soonest first. */
  async upcoming(db: Db, since: Date, limit: number): Promise<SessionWithName[]> {
    const rows = await db
      .select({ s: liveSessions, partnerName: schema.partners.name })
      .from(liveSessions)
      .innerJoin(schema.partners, eq(schema.partners.id, liveSessions.partnerId))
      .where(and(gte(liveSessions.endsAt, since), eq(schema.partners.status, 'approved')))
      .orderBy(asc(liveSessions.startsAt))
      .limit(limit);
    return rows.map((r) => ({ ...r.s, partnerName: r.partnerName }));
  },
  async ofPartner(db: Db, partnerId: string): Promise<SessionWithName[]> {
    const rows = await db
      .select({ s: liveSessions, partnerName: schema.partners.name })
      .from(liveSessions)
      .innerJoin(schema.partners, eq(schema.partners.id, liveSessions.partnerId))
      .where(eq(liveSessions.partnerId, partnerId))
      .orderBy(desc(liveSessions.startsAt))
      .limit(100);
    return rows.map((r) => ({ ...r.s, partnerName: r.partnerName }));
  },
  async registeredCounts(db: Db, ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows = await db
      .select({ id: liveRegistrations.sessionId, n: sql<number>`count(*)::int` })
      .from(liveRegistrations)
      .where(inArray(liveRegistrations.sessionId, ids))
      .groupBy(liveRegistrations.sessionId);
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  },
  async myRegistrations(db: Db, userId: string, ids: string[]) {
    if (!ids.length) return new Map<string, boolean>();
    const rows = await db
      .select({ id: liveRegistrations.sessionId, remind: liveRegistrations.remind })
      .from(liveRegistrations)
      .where(and(eq(liveRegistrations.userId, userId), inArray(liveRegistrations.sessionId, ids)));
    return new Map(rows.map((r) => [r.id, r.remind]));
  },
  async register(tx: Db, sessionId: string, userId: string, remind: boolean, now: Date) {
    await tx
      .insert(liveRegistrations)
      .values({ sessionId, userId, remind, createdAt: now })
      .onConflictDoUpdate({
        target: [liveRegistrations.sessionId, liveRegistrations.userId],
        set: { remind },
      });
  },
  async unregister(tx: Db, sessionId: string, userId: string) {
    await tx
      .delete(liveRegistrations)
      .where(and(eq(liveRegistrations.sessionId, sessionId), eq(liveRegistrations.userId, userId)));
  },
  async attend(tx: Db, sessionId: string, userId: string, now: Date) {
    await tx.insert(liveAttendance).values({ sessionId, userId, firstSeenAt: now }).onConflictDoNothing();
  },
  /** Sessions starting within the reminder lead and not yet reminded; locked, skipped by other processes. */
  async claimDueReminders(tx: Db, now: Date, leadMs: number) {
    return tx
      .select()
      .from(liveSessions)
      .where(
        and(
          isNull(liveSessions.remindedAt),
          isNull(liveSessions.cancelledAt),
          lte(liveSessions.startsAt, new Date(now.getTime() + leadMs)),
          gte(liveSessions.startsAt, now),
        ),
      )
      .limit(20)
      .for('update', { skipLocked: true });
  },
  async toRemind(tx: Db, sessionId: string): Promise<string[]> {
    const rows = await tx
      .select({ userId: liveRegistrations.userId })
      .from(liveRegistrations)
      .where(and(eq(liveRegistrations.sessionId, sessionId), eq(liveRegistrations.remind, true)));
    return rows.map((r) => r.userId);
  },

  // Questions.
  async insertQuestion(tx: Db, row: typeof liveQuestions.$inferInsert) {
    await tx.insert(liveQuestions).values(row);
  },
  async question(db: Db, sessionId: string, questionId: string) {
    const [row] = await db
      .select()
      .from(liveQuestions)
      .where(and(eq(liveQuestions.id, questionId), eq(liveQuestions.sessionId, sessionId)));
    return row;
  },
  async questions(db: Db, sessionId: string, statuses?: readonly string[]) {
    return db
      .select()
      .from(liveQuestions)
      .where(
        and(
          eq(liveQuestions.sessionId, sessionId),
          statuses ? inArray(liveQuestions.status, statuses as ('pending' | 'approved')[]) : undefined,
        ),
      )
      .orderBy(desc(liveQuestions.votes), asc(liveQuestions.createdAt))
      .limit(500);
  },
  async myVotes(db: Db, userId: string, questionIds: string[]): Promise<Set<string>> {
    if (!questionIds.length) return new Set();
    const rows = await db
      .select({ id: liveQuestionVotes.questionId })
      .from(liveQuestionVotes)
      .where(and(eq(liveQuestionVotes.userId, userId), inArray(liveQuestionVotes.questionId, questionIds)));
    return new Set(rows.map((r) => r.id));
  },
  /** One vote per person: the count moves only when the vote row is new. */
  async vote(tx: Db, questionId: string, userId: string, now: Date) {
    const added = await tx
      .insert(liveQuestionVotes)
      .values({ questionId, userId, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: liveQuestionVotes.questionId });
    if (added.length)
      await tx
        .update(liveQuestions)
        .set({ votes: sql`${liveQuestions.votes} + 1` })
        .where(eq(liveQuestions.id, questionId));
  },
  async unvote(tx: Db, questionId: string, userId: string) {
    const removed = await tx
      .delete(liveQuestionVotes)
      .where(and(eq(liveQuestionVotes.questionId, questionId), eq(liveQuestionVotes.userId, userId)))
      .returning({ id: liveQuestionVotes.questionId });
    if (removed.length)
      await tx
        .update(liveQuestions)
        .set({ votes: sql`${liveQuestions.votes} - 1` })
        .where(eq(liveQuestions.id, questionId));
  },
  async setQuestion(tx: Db, id: string, set: Partial<typeof liveQuestions.$inferInsert>) {
    await tx.update(liveQuestions).set(set).where(eq(liveQuestions.id, id));
  },

  async figures(db: Db, sessionId: string) {
    const [row] = await selectRows<{
      registered: number;
      attended: number;
      questions: number;
      answered: number;
    }>(
      db,
      sql`SELECT
        (SELECT count(*)::int FROM live_registrations WHERE session_id = ${sessionId}) AS registered,
        (SELECT count(*)::int FROM live_attendance WHERE session_id = ${sessionId}) AS attended,
        (SELECT count(*)::int FROM live_questions WHERE session_id = ${sessionId}) AS questions,
        (SELECT count(*)::int FROM live_questions WHERE session_id = ${sessionId} AND status = 'answered') AS answered`,
    );
    return {
      registered: Number(row?.registered ?? 0),
      attended: Number(row?.attended ?? 0),
      questions: Number(row?.questions ?? 0),
      answered: Number(row?.answered ?? 0),
    };
  },
  /** The newest survey made for each session (its feedback survey). */
  async surveyOf(db: Db, ids: string[]): Promise<Map<string, { id: string; status: string }>> {
    if (!ids.length) return new Map();
    const rows = await db
      .select({ id: surveys.id, sessionId: surveys.sessionId, status: surveys.status })
      .from(surveys)
      .where(inArray(surveys.sessionId, ids))
      .orderBy(asc(surveys.createdAt));
    return new Map(rows.map((r) => [r.sessionId as string, { id: r.id, status: r.status }]));
  },
};
