import { and, asc, eq, sql } from 'drizzle-orm';
import { type Db, schema, selectRows } from '../../platform/db/index.ts';

const { handoffs } = schema;
export type HandoffRow = typeof handoffs.$inferSelect;

export const handoffsRepo = {
  async insert(db: Db, row: HandoffRow) {
    await db.insert(handoffs).values(row);
  },
  async lock(db: Db, id: string) {
    const [row] = await db.select().from(handoffs).where(eq(handoffs.id, id)).for('update');
    return row;
  },
  async update(db: Db, id: string, set: Partial<HandoffRow>) {
    const [row] = await db.update(handoffs).set(set).where(eq(handoffs.id, id)).returning();
    return row as HandoffRow;
  },
  async ofPost(db: Db, postId: string) {
    return db.select().from(handoffs).where(eq(handoffs.postId, postId)).orderBy(asc(handoffs.createdAt));
  },
  async pendingFor(db: Db, receiverId: string) {
    return db
      .select()
      .from(handoffs)
      .where(and(eq(handoffs.receiverId, receiverId), eq(handoffs.status, 'pending')));
  },
  /**
   * The helper of a thread about this post: the receiver of a hand-off in the app. (The thread is
   * the contact module's, read here by id only; posts never write it.)
   */
  async threadHelper(db: Db, threadId: string, postId: string): Promise<string | undefined> {
    const [row] = await selectRows<{ helper_id: string }>(
      db,
      sql`SELECT helper_id FROM relay_threads WHERE id = ${threadId} AND post_id = ${postId}`,
    );
    return row?.helper_id;
  },
  async remaining(db: Db, postId: string, medicineId: string): Promise<number> {
    const [row] = await selectRows<{ quantity: number }>(
      db,
      sql`SELECT quantity FROM post_items WHERE post_id = ${postId} AND medicine_id = ${medicineId}`,
    );
    return row?.quantity ?? 0;
  },
};
