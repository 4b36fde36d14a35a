import type { Kind } from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Db, selectRows } from '../../../platform/db/index.ts';
import type { IndexedPost } from './grid.ts';
import { ITEM, NEXT_ITEM } from './item-keys.ts';

type Indexed = IndexedPost;

const NO_ITEMS: IndexedPost['items'] = Object.freeze([]);

/**
 * A million posts share a few thousand region codes, a few hundred category sets and item lists:
 * one string or array each, instead of one per post.
 */
export class Interner {
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, readonly string[]>();
  private readonly items = new Map<string, { medicineId: string; category: string }>();
  private readonly itemLists = new Map<string, IndexedPost['items']>();

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

  /** A post's items as ROW spells them: posts with the same items share one list. */
  itemList(joined: string): IndexedPost['items'] {
    if (!joined) return NO_ITEMS;
    let seen = this.itemLists.get(joined);
    if (!seen) {
      const list = joined.split(NEXT_ITEM).map((pair) => {
        const at = pair.indexOf(ITEM);
        return this.item(this.string(pair.slice(0, at)), this.string(pair.slice(at + 1)));
      });
      this.itemLists.set(joined, (seen = Object.freeze(list)));
    }
    return seen;
  }

  item(medicineId: string, category: string) {
    const key = `${medicineId}\u0000${category}`;
    let seen = this.items.get(key);
    if (!seen) this.items.set(key, (seen = Object.freeze({ medicineId, category })));
    return seen;
  }
}

/**
 * Two text columns per post: its id, and its other fields joined by FIELD (in the order toIndexed
 * reads them). PGlite decodes every column of every row into a string of its own on the event loop:
 * at a million posts, thirteen columns a row were a third of the start-up read's CPU, and one column
 * split in JavaScript took the read from 26.2 s to 15.6 s (docs/benchmarks.md). The id has a column
 * of its own because the index keeps it: a piece split out of the row would keep the whole row's
 * string alive with it (V8 slices longer substrings), 150 MB more heap at a million posts.
 * Times are epoch microseconds, exact (a timestamptz holds microseconds): the keyset read continues
 * from the last row's own time, not a rounding of it. The items come from the post's own row
 * (`item_keys`, itemKeysOf): one probe of post_items per post was half of PGlite's read. Every field
 * is NOT NULL (concat_ws skips NULLs), and none holds FIELD, ITEM or NEXT_ITEM.
 */
const FIELD = '\u001d';
const ROW = sql`p.id, concat_ws(chr(29), p.kind, p.lat, p.lng, p.cell, p.flags,
  p.province_code, p.city_code, p.district_code,
  (extract(epoch FROM p.created_at) * 1000000)::bigint, (extract(epoch FROM p.expires_at) * 1000000)::bigint,
  array_to_string(p.categories, ','), p.item_keys) AS row`;

interface Row {
  id: string;
  row: string;
}

/** A post as ROW spells it, with its times in epoch milliseconds. */
function toIndexed({ id, row }: Row, intern: Interner): Indexed {
  const f = row.split(FIELD);
  return {
    id,
    kind: f[0] === 'need' ? 'need' : 'offer',
    lat: Number(f[1]),
    lng: Number(f[2]),
    cell: Number(f[3]),
    created: Math.round(Number(f[8]) / 1000),
    expires: Math.round(Number(f[9]) / 1000),
    flags: Number(f[4]),
    provinceCode: intern.string(f[5] as string),
    cityCode: intern.string(f[6] as string),
    districtCode: intern.string(f[7] as string),
    categories: intern.list(f[10] as string),
    items: intern.itemList(f[11] as string),
    version: 0,
  };
}

/** Where a keyset read goes on after this row: its exact time and its id. */
function keyOf({ id, row }: Row): { micros: string; id: string } {
  return { micros: row.split(FIELD, 9)[8] as string, id };
}

/** Open posts of a kind after the one at `after`, oldest first, `limit` of them, with their items. */
function openPostsAfter(
  db: Db,
  kind: Kind,
  after: { micros: string; id: string } | undefined,
  limit: number,
): Promise<Row[]> {
  return selectRows<Row>(
    db,
    sql`SELECT ${ROW} FROM posts p
         WHERE p.status = 'open' AND p.kind = ${kind}
           ${after ? sql`AND (p.created_at, p.id) > (timestamptz 'epoch' + ${after.micros}::bigint * interval '1 microsecond', ${after.id}::uuid)` : sql``}
         ORDER BY p.created_at, p.id LIMIT ${limit}`,
  );
}

/**
 * On PostgreSQL, every open post of a kind in one statement read through a cursor: one sequential
 * pass, sorted once. Walking posts_open_time_idx fetched every post's heap page at random, and was
 * most of the start-up time (docs/benchmarks.md).
 */
function cursorOfKind(kind: Kind) {
  // A literal (DECLARE takes no parameters), from the two kinds only.
  const k = sql.raw(kind === 'need' ? `'need'` : `'offer'`);
  return sql`DECLARE square_index_read NO SCROLL CURSOR FOR
    SELECT ${ROW} FROM posts p
     WHERE p.status = 'open' AND p.kind = ${k}
     ORDER BY p.created_at, p.id`;
}

const usesCursor = (db: Db) => (db as unknown as { $client?: unknown }).$client instanceof pg.Pool;

/**
 * Rows per statement of the start-up read. On PGlite a statement runs and is parsed on the event loop
 * (5,000 rows held it ~230 ms, issue 17). node-postgres parses rows as they arrive, so a PostgreSQL
 * fetch can be larger: each one is a round trip, and on a loaded machine every round trip waits for
 * both processes to be scheduled (at 1M posts, 1,000 rows a fetch read everything in 30.9 s at load 9, 10,000 in 11.9 s at load 6).
 */
const readBatch = (db: Db) => (usesCursor(db) ? 10_000 : 1_000);

/**
 * Every open post of a kind, oldest first, handed to `take` `batch` at a time while the next batch is
 * read. Stops early when `take` answers false.
 */
async function readOpen(
  db: Db,
  kind: Kind,
  batch: number,
  intern: Interner,
  take: (posts: Indexed[]) => Promise<boolean>,
): Promise<void> {
  const convert = (rows: Row[]) => rows.map((r) => toIndexed(r, intern));
  if (usesCursor(db)) {
    await db.transaction(async (tx) => {
      // One backend per kind, no parallel workers (two cores, and Node needs one); at 1M posts the
      // sort of a kind fits in 64 MB.
      await tx.execute(sql`SET LOCAL max_parallel_workers_per_gather = 0`);
      await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
      await tx.execute(cursorOfKind(kind));
      const fetch = () =>
        selectRows<Row>(tx as unknown as Db, sql`FETCH ${sql.raw(String(batch))} FROM square_index_read`);
      let next = fetch();
      for (;;) {
        const rows = await next;
        const more = rows.length === batch;
        if (more) next = fetch();
        if (!(await take(convert(rows))) || !more) {
          if (more) await next.catch(() => undefined);
          return;
        }
      }
    });
    return;
  }
  // PGlite runs a statement on the event loop: small keyset batches along posts_open_time_idx.
  let next = openPostsAfter(db, kind, undefined, batch);
  for (;;) {
    const rows = await next;
    const last = rows.at(-1);
    const more = rows.length === batch && last !== undefined;
    if (more) next = openPostsAfter(db, kind, keyOf(last), batch);
    if (!(await take(convert(rows))) || !more) {
      if (more) await next.catch(() => undefined);
      return;
    }
  }
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

  readOpen,
  readBatch,

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
    const rows = await selectRows<Row>(
      db,
      sql`SELECT ${ROW} FROM posts p
           WHERE p.id = ANY(${`{${ids.join(',')}}`}::uuid[]) AND p.status = 'open'`,
    );
    return rows.map((r) => toIndexed(r, intern));
  },
};
