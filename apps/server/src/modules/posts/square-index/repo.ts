import type { Kind } from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import { type Db, selectRows } from '../../../platform/db/index.ts';
import type { IndexedPost } from './grid.ts';

export interface RawPost {
  id: string;
  kind: Kind;
  lat: number;
  lng: number;
  cell: number;
  created: number | string;
  expires: number | string;
  flags: number;
  province_code: string;
  city_code: string;
  district_code: string;
  categories: string;
}

type Indexed = IndexedPost;

/**
 * A million posts share a few thousand region codes, a few hundred category sets and item lists:
 * one string or array each, instead of one per post.
 */
export class Interner {
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, readonly string[]>();
  private readonly items = new Map<string, { medicineId: string; category: string }>();

  string(s: string): string {
    const seen = this.strings.get(s);
    if (seen !== undefined) return seen;
    this.strings.set(s, s);
    return s;
  }

  list(joined: string): readonly string[] {
    let seen = this.lists.get(joined);
    if (!seen) this.lists.set(joined, (seen = Object.freeze(joined ? joined.split(',') : [])));
    return seen;
  }

  item(medicineId: string, category: string) {
    const key = `${medicineId}\u0000${category}`;
    let seen = this.items.get(key);
    if (!seen) this.items.set(key, (seen = Object.freeze({ medicineId, category })));
    return seen;
  }
}

// Times as epoch milliseconds (a number to parse, not a Date); categories as one string to intern.
const COLUMNS = sql`p.id, p.kind, p.lat, p.lng, p.cell, p.flags, p.province_code, p.city_code, p.district_code,
  (extract(epoch FROM p.created_at) * 1000)::float8 AS created,
  (extract(epoch FROM p.expires_at) * 1000)::float8 AS expires,
  array_to_string(p.categories, ',') AS categories`;

function toIndexed(r: RawPost, items: IndexedPost['items'], intern: Interner): Indexed {
  return {
    id: r.id,
    kind: r.kind === 'need' ? 'need' : 'offer',
    lat: Number(r.lat),
    lng: Number(r.lng),
    cell: Number(r.cell),
    created: Math.round(Number(r.created)),
    expires: Math.round(Number(r.expires)),
    flags: Number(r.flags),
    provinceCode: intern.string(r.province_code),
    cityCode: intern.string(r.city_code),
    districtCode: intern.string(r.district_code),
    categories: intern.list(r.categories),
    items,
    version: 0,
  };
}

/** Posts with their items: the items of all of them in one more statement. */
async function withItems(db: Db, rows: RawPost[], intern: Interner): Promise<Indexed[]> {
  if (rows.length === 0) return [];
  const items = await selectRows<{ post_id: string; medicine_id: string; category: string }>(
    db,
    sql`SELECT post_id, medicine_id, category FROM post_items
         WHERE post_id = ANY(${`{${rows.map((r) => r.id).join(',')}}`}::uuid[]) ORDER BY post_id, position`,
  );
  const byPost = new Map<string, { medicineId: string; category: string }[]>();
  for (const i of items) {
    let list = byPost.get(i.post_id);
    if (!list) byPost.set(i.post_id, (list = []));
    list.push(intern.item(intern.string(i.medicine_id), intern.string(i.category)));
  }
  return rows.map((r) => toIndexed(r, byPost.get(r.id) ?? [], intern));
}

/** The SQL of the square's index: its start-up read and its catch-up by the outbox. */
export const squareIndexRepo = {
  async lastEventId(db: Db): Promise<number> {
    const [row] = await selectRows<{ id: string | number }>(
      db,
      sql`SELECT coalesce(max(id), 0) AS id FROM outbox`,
    );
    return Number(row?.id ?? 0);
  },

  /**
   * Open posts of a kind after (createdMs, id), oldest first, `limit` at a time (the start-up read,
   * along posts_open_time_idx): the index appends them in its own order without sorting.
   */
  openPostsAfter(
    db: Db,
    kind: Kind,
    after: { created: number | string; id: string } | undefined,
    limit: number,
  ): Promise<RawPost[]> {
    return selectRows<RawPost>(
      db,
      sql`SELECT ${COLUMNS} FROM posts p
           WHERE p.status = 'open' AND p.kind = ${kind}
             ${after ? sql`AND (p.created_at, p.id) > (${new Date(Math.round(Number(after.created))).toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
           ORDER BY p.created_at, p.id LIMIT ${limit}`,
    );
  },

  withItems,

  /** Post events after `afterId` (the ids of the posts they concern). */
  async postEventsAfter(db: Db, afterId: number): Promise<{ id: number; postId: string | null }[]> {
    const rows = await selectRows<{ id: string | number; post_id: string | null }>(
      db,
      sql`SELECT id, payload->'post'->>'id' AS post_id FROM outbox
           WHERE id > ${afterId} AND topic LIKE 'post.%' ORDER BY id`,
    );
    return rows.map((r) => ({ id: Number(r.id), postId: r.post_id }));
  },

  /** These posts as they are now: open ones as the index holds them; the others are left out. */
  async openPosts(db: Db, ids: string[], intern: Interner): Promise<Indexed[]> {
    if (ids.length === 0) return [];
    const rows = await selectRows<RawPost>(
      db,
      sql`SELECT ${COLUMNS} FROM posts p
           WHERE p.id = ANY(${`{${ids.join(',')}}`}::uuid[]) AND p.status = 'open'`,
    );
    return withItems(db, rows, intern);
  },
};
