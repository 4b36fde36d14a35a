import { and, desc, eq, sql } from 'drizzle-orm';
import { type Db, schema } from '../../platform/db/index.ts';
import { type SurveyRow, surveyResponses, surveys } from './live-tables.ts';

export type SurveyWithName = SurveyRow & { partnerName: string };

/** SQL only: surveys and their responses. */
export const surveysRepo = {
  async insert(tx: Db, row: typeof surveys.$inferInsert) {
    await tx.insert(surveys).values(row);
  },
  async find(db: Db, id: string): Promise<SurveyWithName | undefined> {
    const [row] = await db
      .select({ s: surveys, partnerName: schema.partners.name })
      .from(surveys)
      .innerJoin(schema.partners, eq(schema.partners.id, surveys.partnerId))
      .where(eq(surveys.id, id));
    return row ? { ...row.s, partnerName: row.partnerName } : undefined;
  },
  async lock(tx: Db, id: string) {
    const [row] = await tx.select().from(surveys).where(eq(surveys.id, id)).for('update');
    return row;
  },
  async setStatus(tx: Db, id: string, status: SurveyRow['status'], now: Date) {
    await tx.update(surveys).set({ status, updatedAt: now }).where(eq(surveys.id, id));
  },
  async ofPartner(db: Db, partnerId: string): Promise<SurveyWithName[]> {
    const rows = await db
      .select({ s: surveys, partnerName: schema.partners.name })
      .from(surveys)
      .innerJoin(schema.partners, eq(schema.partners.id, surveys.partnerId))
      .where(eq(surveys.partnerId, partnerId))
      .orderBy(desc(surveys.createdAt))
      .limit(100);
    return rows.map((r) => ({ ...r.s, partnerName: r.partnerName }));
  },
  async count(db: Db, surveyId: string): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(surveyResponses)
      .where(eq(surveyResponses.surveyId, surveyId));
    return Number(row?.n ?? 0);
  },
  async answered(db: Db, surveyId: string, userId: string): Promise<boolean> {
    const [row] = await db
      .select({ id: surveyResponses.id })
      .from(surveyResponses)
      .where(and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.userId, userId)));
    return Boolean(row);
  },
  /** False when the person had answered already (the unique index decides, also under a race). */
  async respond(tx: Db, row: typeof surveyResponses.$inferInsert): Promise<boolean> {
    const added = await tx
      .insert(surveyResponses)
      .values(row)
      .onConflictDoNothing()
      .returning({ id: surveyResponses.id });
    return added.length === 1;
  },
  async responses(db: Db, surveyId: string) {
    return db
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.surveyId, surveyId))
      .orderBy(desc(surveyResponses.createdAt))
      .limit(10_000);
  },
};
