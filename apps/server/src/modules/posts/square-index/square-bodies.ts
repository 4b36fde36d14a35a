import type { Db } from '../../../platform/db/index.ts';
import { distanceKm } from '../../../platform/geo.ts';
import type { Catalog } from '../../catalog/index.ts';
import type { Regions } from '../../regions/index.ts';
import type { FeedPage } from '../posts.feed.ts';
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
  fill(ids: Iterable<string>, opts?: { batch?: number; stopped?: () => boolean }): Promise<number>;
  readonly size: number;
}

interface Entry {
  version: number;
  /**
   * JSON.stringify(presentPost(post)) without a distance and without its closing brace, as UTF-8
   * bytes. Bytes, not a string: a reply of 20 is then one allocation and 20 copies (~25 µs), where
   * joining strings left the socket to encode ~16,000 characters of two-byte text (Chinese names) per
   * reply (~130 µs), and the bytes lie outside the JS heap (~0.8 KB a post, against ~1.9 KB as a
   * string). The brace is left off so that a distance can follow without copying less than a body.
   */
  body: Buffer;
  lat: number;
  lng: number;
}

const OPEN = Buffer.from('{"items":[');
const COMMA = 0x2c;
const CLOSE = 0x7d;

/**
 * Public views of posts, serialised once and kept while the index says the post is unchanged (its
 * version: the last event about it; every change to a public view writes one, a partial hand-off
 * `post.updated` included); at most `maxEntries`, the oldest going first. The misses of a page are read in one statement. The reply is byte for byte
 * JSON.stringify({ items: page.map(presentPost), nextCursor }).
 */
export function createSquareBodies(deps: {
  index: SquareIndex;
  db: Db;
  view: { catalog: Catalog; regions: Regions };
  maxEntries: number;
}): SquareBodies {
  const { index, db, view, maxEntries } = deps;
  const cache = new Map<string, Entry>();

  const store = (id: string, entry: Entry) => {
    cache.delete(id);
    cache.set(id, entry);
    while (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
  };

  /** Reads and serialises these posts (one statement), caching those the index holds. */
  async function load(ids: string[]): Promise<Map<string, Entry>> {
    // The versions first: a change committed during the read leaves the new body under the old
    // version, which the index's next catch-up replaces (never an old body under a new version).
    const versions = new Map(ids.map((id) => [id, index.versionOf(id)]));
    const loaded = new Map<string, Entry>();
    for (const row of await postsRepo.findPublicPosts(db, ids)) {
      const entry = {
        version: versions.get(row.id) ?? -1,
        body: Buffer.from(JSON.stringify(presentPost(row, row.items, view)).slice(0, -1)),
        lat: row.lat,
        lng: row.lng,
      };
      loaded.set(row.id, entry);
      if (entry.version >= 0) store(row.id, entry);
    }
    return loaded;
  }

  return {
    get size() {
      return cache.size;
    },

    async fill(ids, opts = {}) {
      const batch = opts.batch ?? 500;
      let ready: string[] = [];
      for (const id of ids) {
        if (cache.size + ready.length >= maxEntries || opts.stopped?.()) break;
        if (!cache.has(id)) ready.push(id);
        if (ready.length < batch) continue;
        await load(ready);
        ready = [];
      }
      if (ready.length && !opts.stopped?.()) await load(ready);
      return cache.size;
    },

    async reply(page, near) {
      // The page's entries in its order, held here: reading the misses may evict from the cache.
      const entries: (Entry | undefined)[] = [];
      let missing = 0;
      for (let i = 0; i < page.ids.length; i++) {
        const id = page.ids[i] as string;
        // The index's page carries each post's version; a page from SQL does not.
        const version = page.hits[i]?.version ?? index.versionOf(id);
        const entry = cache.get(id);
        const current = entry && version !== undefined && entry.version === version;
        entries.push(current ? entry : undefined);
        if (!current) missing++;
      }
      if (missing) {
        const stale = page.ids.filter((_, i) => !entries[i]);
        const loaded = await load(stale);
        page.ids.forEach((id, i) => {
          entries[i] ??= loaded.get(id);
        });
      }
      // The distances first: their text decides the reply's length.
      const suffixes = near
        ? entries.map((e) =>
            e ? `,"distanceKm":${Math.round(distanceKm(near.lat, near.lng, e.lat, e.lng) * 10) / 10}}` : '',
          )
        : undefined;
      const close = `],"nextCursor":${JSON.stringify(page.nextCursor)}}`;
      let length = OPEN.length + Buffer.byteLength(close);
      let count = 0;
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        if (!e) continue;
        count++;
        length += e.body.length + (suffixes ? (suffixes[i] as string).length : 1);
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
        // The closing brace, after the distance if there is one (ASCII).
        if (suffixes) at += out.write(suffixes[i] as string, at, 'latin1');
        else out[at++] = CLOSE;
      }
      out.write(close, at);
      return out;
    },
  };
}
