import { and, asc, desc, eq, gt, gte, isNull, sql } from 'drizzle-orm';
import { type Db, isUniqueViolation, schema } from '../../platform/db/index.ts';

const { users, sessions, smsCodes, consents, bannedIdentities } = schema;

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
  async codeTimes(db: Db, by: { phoneHash?: string; ipHash?: string }, since: Date) {
    const who = by.phoneHash ? eq(smsCodes.phoneHash, by.phoneHash) : eq(smsCodes.ipHash, by.ipHash ?? '');
    const rows = await db
      .select({ at: smsCodes.createdAt })
      .from(smsCodes)
      .where(and(who, gte(smsCodes.createdAt, since)))
      .orderBy(asc(smsCodes.createdAt));
    return rows.map((r) => r.at);
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
  async findUserByIdHash(db: Db, idHash: string) {
    const [row] = await db.select().from(users).where(eq(users.idHash, idHash));
    return row;
  },
  /** Sets the verification once; undefined if the identity hash is already taken (unique index). */
  async markVerified(
    db: Db,
    id: string,
    v: { verifiedAt: Date; verifyMethod: string; idHash: string; nameMasked: string; idMasked: string },
  ) {
    try {
      const [row] = await db
        .update(users)
        .set(v)
        .where(and(eq(users.id, id), isNull(users.verifiedAt)))
        .returning();
      return row;
    } catch (err) {
      if (isUniqueViolation(err)) return undefined;
      throw err;
    }
  },
  async hasConsent(db: Db, userId: string, purpose: string, version: string) {
    const rows = await db
      .select({ userId: consents.userId })
      .from(consents)
      .where(and(eq(consents.userId, userId), eq(consents.purpose, purpose), eq(consents.version, version)));
    return rows.length > 0;
  },
  async insertConsent(db: Db, row: typeof consents.$inferInsert) {
    await db.insert(consents).values(row).onConflictDoNothing();
  },
  async isIdentityBanned(db: Db, idHash: string) {
    const rows = await db.select().from(bannedIdentities).where(eq(bannedIdentities.idHash, idHash));
    return rows.length > 0;
  },
  async markBanned(db: Db, id: string, now: Date) {
    await db.update(users).set({ bannedAt: now }).where(eq(users.id, id));
  },
  async findUser(db: Db, id: string) {
    const [row] = await db.select().from(users).where(eq(users.id, id));
    return row;
  },
  async setWechatOpenid(db: Db, id: string, openid: string | null) {
    await db.update(users).set({ wechatOpenid: openid }).where(eq(users.id, id));
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
