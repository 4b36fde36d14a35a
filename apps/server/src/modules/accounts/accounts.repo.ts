import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { schema } from '../../platform/db/index.ts';

const { users, sessions, smsCodes } = schema;

export const accountsRepo = {
  async latestCode(db: Db, phoneHash: string) {
    const [row] = await db
      .select()
      .from(smsCodes)
      .where(eq(smsCodes.phoneHash, phoneHash))
      .orderBy(desc(smsCodes.createdAt))
      .limit(1);
    return row;
  },
  async insertCode(db: Db, row: typeof smsCodes.$inferInsert) {
    await db.insert(smsCodes).values(row);
  },
  async recordWrongTry(db: Db, id: number) {
    const [row] = await db
      .update(smsCodes)
      .set({ attempts: sql`${smsCodes.attempts} + 1` })
      .where(eq(smsCodes.id, id))
      .returning({ attempts: smsCodes.attempts });
    return row?.attempts ?? 0;
  },
  /** Marks the code used; false when another request consumed it first. */
  async consumeCode(db: Db, id: number, now: Date) {
    const rows = await db
      .update(smsCodes)
      .set({ consumedAt: now })
      .where(and(eq(smsCodes.id, id), isNull(smsCodes.consumedAt)))
      .returning({ id: smsCodes.id });
    return rows.length === 1;
  },
  async findUserByPhoneHash(db: Db, phoneHash: string) {
    const [row] = await db.select().from(users).where(eq(users.phoneHash, phoneHash));
    return row;
  },
  async insertUser(db: Db, row: typeof users.$inferInsert) {
    await db.insert(users).values(row).onConflictDoNothing({ target: users.phoneHash });
  },
  async findUser(db: Db, id: string) {
    const [row] = await db.select().from(users).where(eq(users.id, id));
    return row;
  },
  async insertSession(db: Db, row: typeof sessions.$inferInsert) {
    await db.insert(sessions).values(row);
  },
  async findSession(db: Db, tokenHash: string, now: Date) {
    const [row] = await db
      .select()
      .from(sessions)
      .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
    return row;
  },
  async touchSession(db: Db, tokenHash: string, now: Date) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  },
  async deleteSession(db: Db, tokenHash: string) {
    await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
  },
};
