import { and, asc, desc, eq, gte, or, sql } from 'drizzle-orm';
import { type Db, lockNames, schema, selectRows } from '../../platform/db/index.ts';

const { posts, contactReveals, privacyBindings, relayThreads, relayMessages } = schema;

export const contactRepo = {
  /** Serialises one viewer's (and one IP's) reveals so that limits hold under concurrent requests. */
  async lockFor(db: Db, ...keys: string[]) {
    await lockNames(db, ...keys);
  },
  async findPost(db: Db, id: string) {
    const [row] = await db.select().from(posts).where(eq(posts.id, id));
    return row;
  },
  async findReveal(db: Db, postId: string, viewerId: string) {
    const [row] = await db
      .select()
      .from(contactReveals)
      .where(and(eq(contactReveals.postId, postId), eq(contactReveals.viewerId, viewerId)));
    return row;
  },
  /** Reveal times in a window, oldest first (the oldest tells when the window frees a slot). */
  async revealTimes(db: Db, by: { viewerId?: string; ipHash?: string }, since: Date) {
    const who = by.viewerId
      ? eq(contactReveals.viewerId, by.viewerId)
      : eq(contactReveals.ipHash, by.ipHash ?? '');
    const rows = await db
      .select({ at: contactReveals.createdAt })
      .from(contactReveals)
      .where(and(who, gte(contactReveals.createdAt, since)))
      .orderBy(asc(contactReveals.createdAt));
    return rows.map((r) => r.at);
  },
  async insertReveal(db: Db, row: typeof contactReveals.$inferInsert) {
    await db.insert(contactReveals).values(row);
  },
  async findBinding(db: Db, postId: string, viewerId: string) {
    const [row] = await db
      .select()
      .from(privacyBindings)
      .where(and(eq(privacyBindings.postId, postId), eq(privacyBindings.viewerId, viewerId)));
    return row;
  },
  async insertBinding(db: Db, row: typeof privacyBindings.$inferInsert) {
    await db.insert(privacyBindings).values(row);
  },
  async findThread(db: Db, id: string) {
    const [row] = await db
      .select({ thread: relayThreads, ownerId: posts.userId })
      .from(relayThreads)
      .innerJoin(posts, eq(posts.id, relayThreads.postId))
      .where(eq(relayThreads.id, id));
    return row;
  },
  async findThreadFor(db: Db, postId: string, helperId: string) {
    const [row] = await db
      .select()
      .from(relayThreads)
      .where(and(eq(relayThreads.postId, postId), eq(relayThreads.helperId, helperId)));
    return row;
  },
  async insertThread(db: Db, row: typeof relayThreads.$inferInsert) {
    await db.insert(relayThreads).values(row).onConflictDoNothing();
  },
  async insertMessage(db: Db, row: typeof relayMessages.$inferInsert) {
    await db.insert(relayMessages).values(row);
    await db
      .update(relayThreads)
      .set({ lastMessageAt: row.createdAt })
      .where(eq(relayThreads.id, row.threadId));
  },
  async messages(db: Db, threadId: string) {
    return db
      .select()
      .from(relayMessages)
      .where(eq(relayMessages.threadId, threadId))
      .orderBy(asc(relayMessages.id))
      .limit(500);
  },
  /** Distinct people who revealed the post's number or wrote to its poster. */
  async responders(db: Db, postId: string): Promise<number> {
    const [row] = await selectRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM (
            SELECT viewer_id FROM contact_reveals WHERE post_id = ${postId}
            UNION SELECT helper_id FROM relay_threads WHERE post_id = ${postId}) who`,
    );
    return row?.n ?? 0;
  },
  /** Threads where the user is the helper or owns the post. */
  async threadsOf(db: Db, userId: string) {
    return db
      .select({ thread: relayThreads, ownerId: posts.userId })
      .from(relayThreads)
      .innerJoin(posts, eq(posts.id, relayThreads.postId))
      .where(or(eq(relayThreads.helperId, userId), eq(posts.userId, userId)))
      .orderBy(desc(relayThreads.lastMessageAt))
      .limit(100);
  },
};
