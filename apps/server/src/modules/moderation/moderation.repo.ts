import { and, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import { type Db, schema, selectRows } from '../../platform/db/index.ts';

const { posts, postItems, users, sessions, reports, ruleSets, moderationActions, bannedIdentities } = schema;

export const moderationRepo = {
  async findPost(db: Db, id: string) {
    const [row] = await db.select().from(posts).where(eq(posts.id, id));
    return row;
  },
  /** These posts, locked until the transaction ends, so that their status cannot change under a decision. */
  async lockPosts(db: Db, ids: string[]) {
    if (ids.length === 0) return [];
    return db
      .select({ id: posts.id, status: posts.status, userId: posts.userId })
      .from(posts)
      .where(inArray(posts.id, ids))
      .orderBy(posts.id)
      .for('update');
  },
  /** Inserts a report once per (post, reporter); false when this person had already reported it. */
  async insertReport(db: Db, row: typeof reports.$inferInsert) {
    const inserted = await db.insert(reports).values(row).onConflictDoNothing().returning({ id: reports.id });
    return inserted.length > 0;
  },
  async reporters(db: Db, postId: string): Promise<string[]> {
    const rows = await selectRows<{ reporter_id: string }>(
      db,
      sql`SELECT DISTINCT reporter_id FROM reports WHERE post_id = ${postId} AND reporter_id IS NOT NULL`,
    );
    return rows.map((r) => r.reporter_id);
  },
  async verifiedReporters(db: Db, postId: string) {
    const [row] = await selectRows<{ n: number }>(
      db,
      sql`SELECT count(DISTINCT reporter_id)::int AS n FROM reports WHERE post_id = ${postId} AND reporter_verified`,
    );
    return row?.n ?? 0;
  },
  async queue(db: Db, limit = 100) {
    return db
      .select()
      .from(posts)
      .where(inArray(posts.status, ['review', 'hidden']))
      .orderBy(posts.createdAt)
      .limit(limit);
  },
  async reportsByReason(db: Db, postIds: string[]) {
    if (postIds.length === 0) return [];
    return db
      .select({ postId: reports.postId, reason: reports.reason, count: sql<number>`count(*)::int` })
      .from(reports)
      .where(inArray(reports.postId, postIds))
      .groupBy(reports.postId, reports.reason);
  },
  async findUser(db: Db, id: string) {
    const [row] = await db.select().from(users).where(eq(users.id, id));
    return row;
  },
  async findUserByPhoneHash(db: Db, phoneHash: string) {
    const [row] = await db.select().from(users).where(eq(users.phoneHash, phoneHash));
    return row;
  },
  async setRole(db: Db, id: string, role: 'resident' | 'moderator' | 'admin') {
    await db.update(users).set({ role }).where(eq(users.id, id));
  },
  async ban(db: Db, user: { id: string; idHash: string | null }, reason: string, now: Date) {
    await db.update(users).set({ bannedAt: now }).where(eq(users.id, user.id));
    if (user.idHash) {
      await db
        .insert(bannedIdentities)
        .values({ idHash: user.idHash, reason, bannedAt: now })
        .onConflictDoNothing();
    }
    await db.delete(sessions).where(eq(sessions.userId, user.id));
  },
  async audit(db: Db, row: typeof moderationActions.$inferInsert) {
    await db.insert(moderationActions).values(row);
  },
  async auditLog(db: Db, limit = 200) {
    const rows = await db
      .select({ action: moderationActions, actorPhoneMasked: users.phoneMasked })
      .from(moderationActions)
      .leftJoin(users, eq(users.id, moderationActions.actorId))
      .orderBy(desc(moderationActions.id))
      .limit(limit);
    return rows.map((r) => ({ ...r.action, actorPhoneMasked: r.actorPhoneMasked }));
  },
  async activeRules(db: Db) {
    const [row] = await db.select().from(ruleSets).where(eq(ruleSets.active, true));
    return row;
  },
  async lockLatestRulesVersion(db: Db): Promise<number> {
    await db.execute(sql`LOCK TABLE rule_sets IN SHARE ROW EXCLUSIVE MODE`);
    const [max] = await selectRows<{ v: number | null }>(db, sql`SELECT max(version) AS v FROM rule_sets`);
    return max?.v ?? 0;
  },
  async publishRules(
    db: Db,
    row: {
      rules: unknown;
      note: string | null;
      createdBy: string | null;
      createdAt: Date;
      modelVersion: string | null;
      tested: unknown;
    },
  ) {
    const [max] = await selectRows<{ v: number | null }>(db, sql`SELECT max(version) AS v FROM rule_sets`);
    const version = (max?.v ?? 0) + 1;
    await db.update(ruleSets).set({ active: false }).where(eq(ruleSets.active, true));
    await db.insert(ruleSets).values({ version, ...row, active: true });
    return version;
  },
  /**
   * The posts of a dry run: every post created since `since`, in every state; purged posts (their
   * note is gone by design) are left out. Newest first, at most `limit`.
   */
  async postsSince(db: Db, since: Date, limit: number) {
    return db
      .select({ id: posts.id, note: posts.note, kind: posts.kind })
      .from(posts)
      .where(and(gte(posts.createdAt, since), isNull(posts.purgedAt)))
      .orderBy(desc(posts.createdAt))
      .limit(limit);
  },
  async itemsOf(db: Db, postIds: string[]) {
    if (postIds.length === 0) return [];
    return db.select().from(postItems).where(inArray(postItems.postId, postIds));
  },
  async medicinesOf(db: Db, postIds: string[]) {
    if (postIds.length === 0) return [];
    return db
      .select({ postId: postItems.postId, medicineId: postItems.medicineId })
      .from(postItems)
      .where(inArray(postItems.postId, postIds));
  },
};
