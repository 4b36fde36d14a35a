import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { schema, selectRows } from '../../platform/db/index.ts';
import type { ItemRow, PostRow, PublicItemRow, PublicPostRow } from './posts.view.ts';

const { posts, postItems, idempotencyKeys } = schema;

export const postsRepo = {
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
  /**
   * The square's hot path: the public columns of a page of posts and their items in one statement,
   * by hand (no query builder, no `SELECT *` of moderation and contact columns).
   */
  async findPublicPosts(db: Db, ids: string[]): Promise<(PublicPostRow & { items: PublicItemRow[] })[]> {
    if (ids.length === 0) return [];
    const rows = await selectRows<PublicRaw>(
      db,
      sql`SELECT p.id, p.kind, p.status, p.lat, p.lng, p.province_code, p.city_code, p.district_code,
          p.for_whom, p.flags, p.note, p.contact_phone_masked, p.contact_mode, p.red_flags,
          p.assisted_by_name, p.is_demo, p.created_at, p.expires_at,
          (SELECT json_agg(json_build_array(i.medicine_id, i.category, i.quantity, i.expires_on, i.unopened, i.position))
             FROM post_items i WHERE i.post_id = p.id) AS items
        FROM posts p WHERE p.id = ANY(${`{${ids.join(',')}}`}::uuid[])`,
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      lat: r.lat,
      lng: r.lng,
      provinceCode: r.province_code,
      cityCode: r.city_code,
      districtCode: r.district_code,
      forWhom: r.for_whom,
      flags: r.flags,
      note: r.note,
      contactPhoneMasked: r.contact_phone_masked,
      contactMode: r.contact_mode,
      redFlags: r.red_flags,
      assistedByName: r.assisted_by_name,
      isDemo: r.is_demo,
      createdAt: new Date(r.created_at),
      expiresAt: new Date(r.expires_at),
      items: (typeof r.items === 'string' ? JSON.parse(r.items) : (r.items ?? [])).map(
        ([medicineId, category, quantity, expiresOn, unopened, position]: ItemTuple) => ({
          medicineId,
          category,
          quantity,
          expiresOn,
          unopened,
          position,
        }),
      ),
    }));
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
  async deleteDemoPosts(db: Db) {
    const rows = await db.delete(posts).where(eq(posts.isDemo, true)).returning({ id: posts.id });
    return rows.map((r) => r.id);
  },
};

type ItemTuple = [string, string, number, string | null, boolean | null, number];
interface PublicRaw {
  id: string;
  kind: PostRow['kind'];
  status: PostRow['status'];
  lat: number;
  lng: number;
  province_code: string;
  city_code: string;
  district_code: string;
  for_whom: PostRow['forWhom'];
  flags: number;
  note: string | null;
  contact_phone_masked: string | null;
  contact_mode: PostRow['contactMode'];
  red_flags: string[];
  assisted_by_name: string | null;
  is_demo: boolean;
  created_at: string | Date;
  expires_at: string | Date;
  items: ItemTuple[] | string | null;
}
