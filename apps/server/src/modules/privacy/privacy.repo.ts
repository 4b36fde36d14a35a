import { and, eq, inArray, isNotNull, isNull, lte, ne, sql } from 'drizzle-orm';
import { type Db, schema } from '../../platform/db/index.ts';

const {
  users,
  sessions,
  smsCodes,
  consents,
  posts,
  postItems,
  contactReveals,
  privacyBindings,
  relayThreads,
  relayMessages,
} = schema;

export const privacyRepo = {
  /** Closed posts whose contact data is due for purging; at most `limit` per sweep. */
  async postsDueForPurge(db: Db, closedBefore: Date, limit = 500) {
    const rows = await db
      .select({ id: posts.id })
      .from(posts)
      .where(
        and(
          ne(posts.status, 'open'),
          isNull(posts.purgedAt),
          isNotNull(posts.closedAt),
          lte(posts.closedAt, closedBefore),
        ),
      )
      .limit(limit);
    return rows.map((r) => r.id);
  },
  async bindingsOf(db: Db, postIds: string[]) {
    if (postIds.length === 0) return [];
    return db.select().from(privacyBindings).where(inArray(privacyBindings.postId, postIds));
  },
  /** Messages and privacy-number bindings of these posts go when their contact data is purged. */
  async deleteContactThreads(db: Db, postIds: string[]) {
    if (postIds.length === 0) return;
    await db.delete(relayThreads).where(inArray(relayThreads.postId, postIds));
    await db.delete(privacyBindings).where(inArray(privacyBindings.postId, postIds));
  },
  async userPosts(db: Db, userId: string) {
    return db.select().from(posts).where(eq(posts.userId, userId));
  },
  async items(db: Db, postIds: string[]) {
    if (postIds.length === 0) return [];
    return db.select().from(postItems).where(inArray(postItems.postId, postIds));
  },
  async consentsOf(db: Db, userId: string) {
    return db.select().from(consents).where(eq(consents.userId, userId));
  },
  async sessionsOf(db: Db, userId: string) {
    return db
      .select({
        createdAt: sessions.createdAt,
        lastSeenAt: sessions.lastSeenAt,
        expiresAt: sessions.expiresAt,
      })
      .from(sessions)
      .where(eq(sessions.userId, userId));
  },
  async revealsBy(db: Db, userId: string) {
    return db
      .select({ postId: contactReveals.postId, createdAt: contactReveals.createdAt, via: contactReveals.via })
      .from(contactReveals)
      .where(eq(contactReveals.viewerId, userId));
  },
  async revealsOfPosts(db: Db, postIds: string[]) {
    if (postIds.length === 0) return [];
    return db
      .select({ postId: contactReveals.postId, createdAt: contactReveals.createdAt })
      .from(contactReveals)
      .where(inArray(contactReveals.postId, postIds));
  },
  async threadsWith(db: Db, userId: string, ownPostIds: string[]) {
    const mine = eq(relayThreads.helperId, userId);
    const where = ownPostIds.length ? sql`(${mine} OR ${inArray(relayThreads.postId, ownPostIds)})` : mine;
    const threads = await db.select().from(relayThreads).where(where);
    const messages = threads.length
      ? await db
          .select()
          .from(relayMessages)
          .where(
            inArray(
              relayMessages.threadId,
              threads.map((t) => t.id),
            ),
          )
      : [];
    return { threads, messages };
  },
  async deleteUser(db: Db, userId: string, phoneHash: string) {
    await db.delete(smsCodes).where(eq(smsCodes.phoneHash, phoneHash));
    // The audit of reveals this person made stays (the posters may see that a reveal happened), with
    // nothing left that points back to them.
    await db.update(contactReveals).set({ ipHash: 'erased' }).where(eq(contactReveals.viewerId, userId));
    // Sessions, consents, idempotency keys, bindings and threads as helper go with the row (ON DELETE
    // CASCADE); posts and reveal records stay, anonymised (ON DELETE SET NULL).
    await db.delete(users).where(eq(users.id, userId));
  },
};
