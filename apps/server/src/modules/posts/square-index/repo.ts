import type { Kind } from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import { type Db, selectRows } from '../../../platform/db/index.ts';
import type { IndexedPost } from './grid.ts';

interface RawPost {
  id: string;
  kind: Kind;
  status: string;
  lat: number;
  lng: number;
  cell: number;
  created_at: string | Date;
  expires_at: string | Date;
  flags: number;
  province_code: string;
  city_code: string;
  district_code: string;
  categories: string[] | string;
  items: [string, string][] | string | null;
}

const parsed = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
// PGlite and node-postgres both parse text[]; a literal `{a,b}` would only come from an older driver.
const textArray = (v: string[] | string): string[] =>
  Array.isArray(v)
    ? v
    : v
        .replace(/^\{|\}$/g, '')
        .split(',')
        .filter(Boolean);

const toIndexed = (r: RawPost): Omit<IndexedPost, 'version'> => ({
  id: r.id,
  kind: r.kind,
  lat: Number(r.lat),
  lng: Number(r.lng),
  cell: Number(r.cell),
  created: new Date(r.created_at).getTime(),
  expires: new Date(r.expires_at).getTime(),
  flags: Number(r.flags),
  provinceCode: r.province_code,
  cityCode: r.city_code,
  districtCode: r.district_code,
  categories: textArray(r.categories),
  items: (parsed(r.items) ?? []).map(([medicineId, category]) => ({ medicineId, category })),
});

const COLUMNS = sql`p.id, p.kind, p.status, p.lat, p.lng, p.cell, p.created_at, p.expires_at, p.flags,
  p.province_code, p.city_code, p.district_code, p.categories,
  (SELECT json_agg(json_build_array(i.medicine_id, i.category)) FROM post_items i WHERE i.post_id = p.id) AS items`;

/** The SQL of the square's index: its start-up read and its catch-up by the outbox. */
export const squareIndexRepo = {
  async lastEventId(db: Db): Promise<number> {
    const [row] = await selectRows<{ id: string | number }>(
      db,
      sql`SELECT coalesce(max(id), 0) AS id FROM outbox`,
    );
    return Number(row?.id ?? 0);
  },

  /** Open posts after `afterId`, by id, `limit` at a time (the start-up read). */
  async openPostsAfter(db: Db, afterId: string, limit: number): Promise<Omit<IndexedPost, 'version'>[]> {
    const rows = await selectRows<RawPost>(
      db,
      sql`SELECT ${COLUMNS} FROM posts p
           WHERE p.status = 'open' AND p.id > ${afterId}::uuid
           ORDER BY p.id LIMIT ${limit}`,
    );
    return rows.map(toIndexed);
  },

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
  async openPosts(db: Db, ids: string[]): Promise<Omit<IndexedPost, 'version'>[]> {
    if (ids.length === 0) return [];
    const rows = await selectRows<RawPost>(
      db,
      sql`SELECT ${COLUMNS} FROM posts p
           WHERE p.id = ANY(${`{${ids.join(',')}}`}::uuid[]) AND p.status = 'open'`,
    );
    return rows.map(toIndexed);
  },
};
