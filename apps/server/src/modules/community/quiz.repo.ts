import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { type Db, schema } from '../../platform/db/index.ts';
import { communityGroupMembers } from './community.tables.ts';
import {
  communityPoints,
  type QuizAttemptRow,
  type QuizRow,
  quizAttempts,
  quizBanks,
  quizQuestions,
  quizzes,
} from './quiz-tables.ts';

export type QuizWithNames = QuizRow & { partnerName: string; bankTitle: string };

const withNames = {
  q: quizzes,
  partnerName: schema.partners.name,
  partnerStatus: schema.partners.status,
  bankTitle: quizBanks.title,
};
const flat = (r: { q: QuizRow; partnerName: string; bankTitle: string }): QuizWithNames => ({
  ...r.q,
  partnerName: r.partnerName,
  bankTitle: r.bankTitle,
});

/** SQL only: question banks, quizzes, attempts, the settlement and the points ledger. */
export const quizRepo = {
  async insertBank(db: Db, row: typeof quizBanks.$inferInsert) {
    await db.insert(quizBanks).values(row);
  },
  async findBank(db: Db, id: string) {
    const [row] = await db.select().from(quizBanks).where(eq(quizBanks.id, id));
    return row;
  },
  async banksOf(db: Db, partnerId: string) {
    return db
      .select({
        bank: quizBanks,
        // Spelled out: inside the subquery drizzle's column would render unqualified and mean q.id.
        questionCount: sql<number>`(SELECT count(*)::int FROM quiz_questions q WHERE q.bank_id = quiz_banks.id)`,
      })
      .from(quizBanks)
      .where(eq(quizBanks.partnerId, partnerId))
      .orderBy(desc(quizBanks.createdAt))
      .limit(200);
  },
  async insertQuestions(db: Db, rows: (typeof quizQuestions.$inferInsert)[]) {
    await db.insert(quizQuestions).values(rows);
  },
  async questionsOf(db: Db, bankId: string) {
    return db
      .select()
      .from(quizQuestions)
      .where(eq(quizQuestions.bankId, bankId))
      .orderBy(asc(quizQuestions.createdAt), asc(quizQuestions.id))
      .limit(2000);
  },
  async questionIdsOf(db: Db, bankId: string) {
    const rows = await db
      .select({ id: quizQuestions.id })
      .from(quizQuestions)
      .where(eq(quizQuestions.bankId, bankId))
      .limit(2000);
    return rows.map((r) => r.id);
  },
  async questionsByIds(db: Db, ids: string[]) {
    if (ids.length === 0) return [];
    return db.select().from(quizQuestions).where(inArray(quizQuestions.id, ids));
  },

  async insertQuiz(db: Db, row: typeof quizzes.$inferInsert) {
    await db.insert(quizzes).values(row);
  },
  async findQuiz(db: Db, id: string) {
    const [row] = await db
      .select(withNames)
      .from(quizzes)
      .innerJoin(schema.partners, eq(schema.partners.id, quizzes.partnerId))
      .innerJoin(quizBanks, eq(quizBanks.id, quizzes.bankId))
      .where(eq(quizzes.id, id));
    return row ? { ...flat(row), partnerApproved: row.partnerStatus === 'approved' } : undefined;
  },
  async quizzesOf(db: Db, partnerId: string) {
    const rows = await db
      .select(withNames)
      .from(quizzes)
      .innerJoin(schema.partners, eq(schema.partners.id, quizzes.partnerId))
      .innerJoin(quizBanks, eq(quizBanks.id, quizzes.bankId))
      .where(eq(quizzes.partnerId, partnerId))
      .orderBy(desc(quizzes.opensAt))
      .limit(100);
    return rows.map(flat);
  },
  /**
   * Quizzes a resident may see: approved institutions', open to all or to a group the person is in,
   * not closed more than `since` ago; the earliest closing first.
   */
  async visible(db: Db, userId: string | undefined, since: Date) {
    const inMyGroups = userId
      ? sql`${quizzes.groupId} IN (SELECT ${communityGroupMembers.groupId} FROM ${communityGroupMembers} WHERE ${communityGroupMembers.userId} = ${userId})`
      : sql`false`;
    const rows = await db
      .select(withNames)
      .from(quizzes)
      .innerJoin(schema.partners, eq(schema.partners.id, quizzes.partnerId))
      .innerJoin(quizBanks, eq(quizBanks.id, quizzes.bankId))
      .where(
        and(
          eq(schema.partners.status, 'approved'),
          sql`${quizzes.closesAt} > ${since}`,
          sql`(${quizzes.groupId} IS NULL OR ${inMyGroups})`,
        ),
      )
      .orderBy(asc(quizzes.closesAt))
      .limit(50);
    return rows.map(flat);
  },
  /** Attempts started and entries submitted, per quiz. */
  async counts(db: Db, quizIds: string[]) {
    if (quizIds.length === 0) return new Map<string, { started: number; submitted: number }>();
    const rows = await db
      .select({
        quizId: quizAttempts.quizId,
        started: sql<number>`count(*)::int`,
        submitted: sql<number>`count(${quizAttempts.submittedAt})::int`,
      })
      .from(quizAttempts)
      .where(inArray(quizAttempts.quizId, quizIds))
      .groupBy(quizAttempts.quizId);
    return new Map(
      rows.map((r) => [r.quizId, { started: Number(r.started), submitted: Number(r.submitted) }]),
    );
  },

  async attemptOf(db: Db, quizId: string, personKey: string) {
    const [row] = await db
      .select()
      .from(quizAttempts)
      .where(and(eq(quizAttempts.quizId, quizId), eq(quizAttempts.personKey, personKey)));
    return row;
  },
  async attemptsOfUser(db: Db, userId: string, quizIds: string[]) {
    if (quizIds.length === 0) return [];
    return db
      .select()
      .from(quizAttempts)
      .where(and(eq(quizAttempts.userId, userId), inArray(quizAttempts.quizId, quizIds)));
  },
  /** False when the person already has an attempt (the unique index decides, also under a race). */
  async insertAttempt(db: Db, row: typeof quizAttempts.$inferInsert) {
    const added = await db
      .insert(quizAttempts)
      .values(row)
      .onConflictDoNothing()
      .returning({ id: quizAttempts.id });
    return added.length === 1;
  },
  async lockAttempt(tx: Db, quizId: string, personKey: string): Promise<QuizAttemptRow | undefined> {
    const [row] = await tx
      .select()
      .from(quizAttempts)
      .where(and(eq(quizAttempts.quizId, quizId), eq(quizAttempts.personKey, personKey)))
      .for('update');
    return row;
  },
  async submit(
    tx: Db,
    id: string,
    set: { submittedAt: Date; answers: Record<string, number[]>; correctCount: number; allCorrect: boolean },
  ) {
    await tx
      .update(quizAttempts)
      .set(set)
      .where(and(eq(quizAttempts.id, id), isNull(quizAttempts.submittedAt)));
  },

  /**
   * Quizzes closed and not yet settled, locked for this transaction; another process skips them and
   * finds them settled once this one commits, so each is settled by exactly one run.
   */
  async claimDue(tx: Db, now: Date, limit: number) {
    return tx
      .select()
      .from(quizzes)
      .where(and(isNull(quizzes.settledAt), lte(quizzes.closesAt, now)))
      .orderBy(asc(quizzes.closesAt))
      .limit(limit)
      .for('update', { skipLocked: true });
  },
  async submittedCount(tx: Db, quizId: string) {
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(quizAttempts)
      .where(and(eq(quizAttempts.quizId, quizId), isNotNull(quizAttempts.submittedAt)));
    return Number(row?.n ?? 0);
  },
  /** Those who answered everything right, the earliest complete submission first (id breaks ties). */
  async winners(tx: Db, quizId: string) {
    return tx
      .select({ id: quizAttempts.id, userId: quizAttempts.userId })
      .from(quizAttempts)
      .where(
        and(
          eq(quizAttempts.quizId, quizId),
          eq(quizAttempts.allCorrect, true),
          isNotNull(quizAttempts.submittedAt),
        ),
      )
      .orderBy(asc(quizAttempts.submittedAt), asc(quizAttempts.id));
  },
  /** Credits points; an operation id already in the ledger is skipped (a retry credits nothing). */
  async credit(tx: Db, rows: (typeof communityPoints.$inferInsert)[]) {
    for (let i = 0; i < rows.length; i += 500) {
      await tx
        .insert(communityPoints)
        .values(rows.slice(i, i + 500))
        .onConflictDoNothing();
    }
  },
  /** Every submitted attempt's reward: its amount for a winner, 0 for the rest. */
  async setRewards(tx: Db, quizId: string, amounts: { id: string; amount: number }[]) {
    await tx.execute(sql`
      UPDATE quiz_attempts a
      SET reward = coalesce(x.amount, 0)
      FROM quiz_attempts b
      LEFT JOIN jsonb_to_recordset(${JSON.stringify(amounts)}::jsonb) AS x(id uuid, amount int) ON x.id = b.id
      WHERE a.id = b.id AND a.quiz_id = ${quizId} AND a.submitted_at IS NOT NULL`);
  },
  async markSettled(
    tx: Db,
    id: string,
    set: {
      settledAt: Date;
      participants: number;
      pool: number;
      winners: number;
      share: number;
      remainder: number;
    },
  ) {
    await tx.update(quizzes).set(set).where(eq(quizzes.id, id));
  },
  async pointsOf(db: Db, userId: string) {
    const rows = await db
      .select({
        partnerId: communityPoints.partnerId,
        partnerName: schema.partners.name,
        points: sql<number>`sum(${communityPoints.delta})::int`,
      })
      .from(communityPoints)
      .innerJoin(schema.partners, eq(schema.partners.id, communityPoints.partnerId))
      .where(eq(communityPoints.userId, userId))
      .groupBy(communityPoints.partnerId, schema.partners.name);
    return rows.map((r) => ({ ...r, points: Number(r.points) }));
  },
};
