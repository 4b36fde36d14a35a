import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from '../../../platform/db/index.ts';
import { distanceKm } from '../../../platform/geo.ts';
import type { Catalog } from '../../catalog/index.ts';
import type { Regions } from '../../regions/index.ts';
import type { CachedView, FeedPage, IndexedView } from '../posts.feed.ts';
import { postsRepo } from '../posts.repo.ts';
import { presentPost } from '../posts.view.ts';
import type { SquareIndex } from './square-index.ts';

/** The square's reply bodies: `{"items":[…],"nextCursor":…}` assembled from cached public views. */
export interface SquareBodies {
  /** The reply as UTF-8 JSON, ready for the socket. */
  reply(page: FeedPage, near?: { lat: number; lng: number }): Promise<Buffer>;
  /**
   * Serialises these posts' public views ahead of their first page (the start, once the index is
   * built: newest first), until the cache is full; returns how many it holds.
   */
  fill(
    posts: Iterable<IndexedView & { id: string }>,
    opts?: { batch?: number; stopped?: () => boolean },
  ): Promise<number>;
  readonly size: number;
}

// A cached view's body is bytes, not a string: a reply of 20 is then one allocation and 20 copies
// (~25 µs), where joining strings left the socket to encode ~16,000 characters of two-byte text
// (Chinese names) per reply (~130 µs), and the bytes lie outside the JS heap (~0.8 KB a post, against
// ~1.9 KB as a string). The closing brace is left off so that a distance can follow without copying
// less than a body.
const OPEN = Buffer.from('{"items":[');
const COMMA = 0x2c;
const CLOSE = 0x7d;
const DISTANCE = Buffer.from(',"distanceKm":');

/**
 * Public views of posts, serialised once and kept on the index's record of each post while the
 * index says the post is unchanged (its version: the last event about it; every change to a public
 * view writes one, a partial hand-off `post.updated` included, and a changed post gets a new record);
 * at most `maxEntries` records hold one, the first to get one giving it up first. A cached page thus
 * costs no look-up per post: 20 look-ups in a map of 800,000 took a quarter of the reply's time, in
 * memory misses (docs/benchmarks.md). The misses of a page are read in one statement. The reply is
 * byte for byte JSON.stringify({ items: page.map(presentPost), nextCursor }).
 */
export function createSquareBodies(deps: {
  index: SquareIndex;
  db: Db;
  view: { catalog: Catalog; regions: Regions };
  maxEntries: number;
}): SquareBodies {
  const { index, db, view, maxEntries } = deps;
  // The records holding a view, in the order they got it. A record the index has replaced or dropped
  // stays here until its turn to give its view up comes (it is no longer reachable from a page).
  const held = new Set<IndexedView>();

  const hold = (record: IndexedView, cached: CachedView) => {
    record.cached = cached;
    held.delete(record);
    held.add(record);
    while (held.size > maxEntries) {
      const oldest = held.values().next().value as IndexedView;
      held.delete(oldest);
      oldest.cached = undefined;
    }
  };

  const current = (record: IndexedView | undefined) =>
    record?.cached && record.cached.version === record.version ? record.cached : undefined;

  /** Reads and serialises these posts (one statement), caching those the index holds. */
  async function load(ids: string[]): Promise<Map<string, CachedView>> {
    // The records first (a record's version never changes: a change makes a new record): a change
    // committed during the read leaves the new body on the old record, which the index's next
    // catch-up replaces (never an old body under a new version).
    const records = new Map(ids.map((id) => [id, index.recordOf(id)]));
    const loaded = new Map<string, CachedView>();
    for (const row of await postsRepo.findPublicPosts(db, ids)) {
      const record = records.get(row.id);
      const entry: CachedView = {
        version: record?.version ?? -1,
        body: Buffer.from(JSON.stringify(presentPost(row, row.items, view)).slice(0, -1)),
        lat: row.lat,
        lng: row.lng,
      };
      loaded.set(row.id, entry);
      if (record) hold(record, entry);
    }
    return loaded;
  }

  return {
    get size() {
      return held.size;
    },

    async fill(posts, opts = {}) {
      const batch = opts.batch ?? 500;
      let ready: string[] = [];
      for (const p of posts) {
        if (held.size + ready.length >= maxEntries || opts.stopped?.()) break;
        if (!current(p)) ready.push(p.id);
        if (ready.length < batch) continue;
        await load(ready);
        ready = [];
        // The event loop turns between batches. On PGlite a statement resolves without one, so a fill
        // of 730,000 bodies held every request for 45 s after the index was ready (docs/benchmarks.md).
        await nextTurn();
      }
      if (ready.length && !opts.stopped?.()) await load(ready);
      return held.size;
    },

    async reply(page, near) {
      // The page's views in its order, held here: reading the misses may take views from records.
      const entries: (CachedView | undefined)[] = new Array(page.ids.length);
      let missing = 0;
      for (let i = 0; i < page.ids.length; i++) {
        // A page from the index carries each post's record; a page from SQL does not.
        const hit = page.hits[i];
        const entry = current(hit?.post ?? index.recordOf(page.ids[i] as string));
        entries[i] = entry;
        if (!entry) missing++;
      }
      if (missing) {
        const stale = page.ids.filter((_, i) => !entries[i]);
        const loaded = await load(stale);
        page.ids.forEach((id, i) => {
          entries[i] ??= loaded.get(id);
        });
      }
      // The distances first: their text decides the reply's length (ASCII, a byte a character).
      const distances = near
        ? entries.map((e) =>
            e ? String(Math.round(distanceKm(near.lat, near.lng, e.lat, e.lng) * 10) / 10) : '',
          )
        : undefined;
      const close = `],"nextCursor":${JSON.stringify(page.nextCursor)}}`;
      let length = OPEN.length + Buffer.byteLength(close);
      let count = 0;
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        if (!e) continue;
        count++;
        length += e.body.length + 1 + (distances ? DISTANCE.length + (distances[i] as string).length : 0);
      }
      if (count > 1) length += count - 1;
      const out = Buffer.allocUnsafe(length);
      out.set(OPEN, 0);
      let at = OPEN.length;
      let first = true;
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        if (!e) continue;
        if (!first) out[at++] = COMMA;
        first = false;
        out.set(e.body, at);
        at += e.body.length;
        if (distances) {
          // Byte by byte: a call into Buffer#write for ~20 bytes cost more than writing them.
          out.set(DISTANCE, at);
          at += DISTANCE.length;
          const d = distances[i] as string;
          for (let c = 0; c < d.length; c++) out[at++] = d.charCodeAt(c);
        }
        out[at++] = CLOSE;
      }
      out.write(close, at);
      return out;
    },
  };
}
