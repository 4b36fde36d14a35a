import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { schema } from '../../platform/db/index.ts';
import type { ItemRow, PostRow } from './posts.view.ts';

const { posts, postItems, idempotencyKeys } = schema;

export const postsRepo = {
  async insertPost(db: Db, post: PostRow, items: ItemRow[]) {
    await db.insert(posts).values(post);
    await db.insert(postItems).values(items);
  },
  async findIdempotencyKey(db: Db, userId: string, key: string) {
    const [row] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
    return row;
  },
  async insertIdempotencyKey(db: Db, row: typeof idempotencyKeys.$inferInsert) {
    await db.insert(idempotencyKeys).values(row);
  },
  async findPost(db: Db, id: string) {
    const [row] = await db.select().from(posts).where(eq(posts.id, id));
    return row;
  },
  async findPosts(db: Db, ids: string[]) {
    if (ids.length === 0) return [];
    return db.select().from(posts).where(inArray(posts.id, ids));
  },
  async findItems(db: Db, postIds: string[]) {
    if (postIds.length === 0) return [];
    return db.select().from(postItems).where(inArray(postItems.postId, postIds));
  },
  async postsOfUser(db: Db, userId: string) {
    return db
      .select()
      .from(posts)
      .where(and(eq(posts.userId, userId), sql`${posts.status} <> 'deleted'`))
      .orderBy(desc(posts.createdAt))
      .limit(200);
  },
  /** Moves an owner's post to a new status and keeps its feed rows in step; undefined if not allowed. */
  async transition(
    db: Db,
    args: {
      id: string;
      userId: string;
      from: PostRow['status'][];
      set: Partial<PostRow> & { status: PostRow['status'] };
    },
  ) {
    const [row] = await db
      .update(posts)
      .set(args.set)
      .where(and(eq(posts.id, args.id), eq(posts.userId, args.userId), inArray(posts.status, args.from)))
      .returning();
    if (!row) return undefined;
    await db
      .update(postItems)
      .set({ status: row.status, expiresAt: row.expiresAt })
      .where(eq(postItems.postId, row.id));
    return row;
  },
  async deleteDemoPosts(db: Db) {
    const rows = await db.delete(posts).where(eq(posts.isDemo, true)).returning({ id: posts.id });
    return rows.length;
  },
  /** Marks open posts past their expiry as expired; returns how many. */
  async expireDue(db: Db, now: Date) {
    const expired = await db
      .update(posts)
      .set({ status: 'expired', closedAt: now, updatedAt: now })
      .where(and(eq(posts.status, 'open'), lte(posts.expiresAt, now)))
      .returning({ id: posts.id });
    if (expired.length > 0) {
      await db
        .update(postItems)
        .set({ status: 'expired' })
        .where(
          inArray(
            postItems.postId,
            expired.map((r) => r.id),
          ),
        );
    }
    return expired.map((r) => r.id);
  },
};
