import type { PostStatus } from '@medrelay/contracts';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { type Db, schema } from '../../platform/db/index.ts';
import type { ItemRow, PostRow } from './posts.view.ts';

const { posts, postItems } = schema;

/** Which posts a many-post transition looks at; it changes only those whose status allows it. */
export type StateTarget =
  | { ids: string[] }
  | { userId: string }
  /** Posts whose expiry is due by then; with `limit`, the earliest due that many (a batch of a sweep). */
  | { dueBy: Date; limit?: number };

// Coarse location kept for statistics after contact data is purged: 0.01° is about 1 km.
const coarse = (column: typeof posts.lat | typeof postItems.lat | typeof posts.lng | typeof postItems.lng) =>
  sql`round(${column}::numeric, 2)::float8`;

/** The only SQL that writes `posts` and `post_items`. */
export const postStateRepo = {
  async insert(db: Db, post: PostRow, items: ItemRow[]) {
    await db.insert(posts).values(post);
    await db.insert(postItems).values(items);
  },

  /** The target posts still in one of `from`, locked until the transaction ends. */
  async lock(db: Db, target: StateTarget, from: readonly PostStatus[]): Promise<PostRow[]> {
    const where =
      'ids' in target
        ? target.ids.length
          ? inArray(posts.id, target.ids)
          : undefined
        : 'userId' in target
          ? eq(posts.userId, target.userId)
          : lte(posts.expiresAt, target.dueBy);
    if (!where) return [];
    const query = db
      .select()
      .from(posts)
      .where(and(where, inArray(posts.status, [...from])));
    if ('dueBy' in target && target.limit !== undefined) {
      return query.orderBy(posts.expiresAt, posts.id).limit(target.limit).for('update');
    }
    return query.for('update');
  },

  /**
   * A held post's items after its owner's edit: the old feed rows go, the new ones take their place
   * (the caller's update of the post writes its `item_keys`).
   */
  async replaceItems(db: Db, postId: string, items: ItemRow[]) {
    await db.delete(postItems).where(eq(postItems.postId, postId));
    await db.insert(postItems).values(items);
  },

  async lockOne(db: Db, id: string): Promise<PostRow | undefined> {
    const [row] = await db.select().from(posts).where(eq(posts.id, id)).for('update');
    return row;
  },

  /** Applies `set` to the posts and copies status and expiry to their feed rows, in one round each. */
  async update(db: Db, ids: string[], set: Partial<PostRow>): Promise<PostRow[]> {
    if (ids.length === 0) return [];
    const rows = await db.update(posts).set(set).where(inArray(posts.id, ids)).returning();
    await db.execute(
      sql`UPDATE post_items i SET status = p.status, expires_at = p.expires_at
            FROM posts p
           WHERE p.id = i.post_id AND i.post_id = ANY(${`{${ids.join(',')}}`}::uuid[])`,
    );
    return rows;
  },

  async items(db: Db, postIds: string[]): Promise<ItemRow[]> {
    if (postIds.length === 0) return [];
    return db.select().from(postItems).where(inArray(postItems.postId, postIds));
  },

  /** Hands over part of an offered item; false when less than that is left. */
  async give(db: Db, postId: string, medicineId: string, quantity: number): Promise<boolean> {
    const rows = await db
      .update(postItems)
      .set({
        quantity: sql`${postItems.quantity} - ${quantity}`,
        given: sql`${postItems.given} + ${quantity}`,
      })
      .where(
        and(
          eq(postItems.postId, postId),
          eq(postItems.medicineId, medicineId),
          sql`${postItems.quantity} >= ${quantity}`,
        ),
      )
      .returning({ postId: postItems.postId });
    return rows.length > 0;
  },

  async countReport(db: Db, id: string) {
    await db
      .update(posts)
      .set({ reportCount: sql`${posts.reportCount} + 1` })
      .where(eq(posts.id, id));
  },

  /** The new count: the row lock orders concurrent reveals of one post. */
  async countReveal(db: Db, id: string): Promise<number> {
    const [row] = await db
      .update(posts)
      .set({ revealCount: sql`${posts.revealCount} + 1` })
      .where(eq(posts.id, id))
      .returning({ n: posts.revealCount });
    return row?.n ?? 0;
  },

  /** Removes phone and note and coarsens the location of these posts and their feed rows. */
  async purgeContact(db: Db, ids: string[], now: Date) {
    if (ids.length === 0) return;
    await db
      .update(posts)
      .set({
        contactPhoneEnc: null,
        contactPhoneMasked: null,
        note: null,
        lat: coarse(posts.lat),
        lng: coarse(posts.lng),
        purgedAt: now,
      })
      .where(inArray(posts.id, ids));
    await db
      .update(postItems)
      .set({ lat: coarse(postItems.lat), lng: coarse(postItems.lng) })
      .where(inArray(postItems.postId, ids));
  },
};
