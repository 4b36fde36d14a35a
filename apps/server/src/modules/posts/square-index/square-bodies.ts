import { performance } from 'node:perf_hooks';
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
  reply(page: FeedPage, near?: { lat: number; lng: number }): Promise<string>;
  /**
   * Serialises these posts' public views ahead of their first page (the start, once the index is
   * built: newest first), until the cache is full; returns how many it holds.
   */
  fill(ids: Iterable<string>, opts?: { batch?: number; stopped?: () => boolean }): Promise<number>;
  readonly size: number;
}

interface Entry {
  version: number;
  at: number;
  /**
   * JSON.stringify(presentPost(post)) without a distance. A string, not a Buffer: a reply joins 20 of
   * them and the response encodes the whole once, where Buffer.concat allocated and copied a new
   * backing store per reply (a quarter of a request's CPU), and strings cost the GC nothing to trace.
   */
  body: string;
  lat: number;
  lng: number;
}

// A hand-off lowers an item's quantity without an event (nothing else about the post changes): a
// cached body may show the old quantity this long, in every process.
const TTL_MS = 30_000;

/**
 * Public views of posts, serialised once and kept while the index says the post is unchanged (its
 * version, the last event about it) and for at most TTL_MS; at most `maxEntries`, the oldest going
 * first. The misses of a page are read in one statement. The reply is byte for byte
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
  async function load(ids: string[], now: number): Promise<Map<string, Entry>> {
    // The versions first: a change committed during the read leaves the new body under the old
    // version, which the index's next catch-up replaces (never an old body under a new version).
    const versions = new Map(ids.map((id) => [id, index.versionOf(id)]));
    const loaded = new Map<string, Entry>();
    for (const row of await postsRepo.findPublicPosts(db, ids)) {
      const entry = {
        version: versions.get(row.id) ?? -1,
        at: now,
        body: JSON.stringify(presentPost(row, row.items, view)),
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
        await load(ready, performance.now());
        ready = [];
      }
      if (ready.length && !opts.stopped?.()) await load(ready, performance.now());
      return cache.size;
    },

    async reply(page, near) {
      const now = performance.now();
      // The page's entries in its order, held here: reading the misses may evict from the cache.
      const entries: (Entry | undefined)[] = [];
      let missing = 0;
      for (const id of page.ids) {
        const version = index.versionOf(id);
        const entry = cache.get(id);
        const current =
          entry && version !== undefined && entry.version === version && now - entry.at < TTL_MS;
        entries.push(current ? entry : undefined);
        if (!current) missing++;
      }
      if (missing) {
        const stale = page.ids.filter((_, i) => !entries[i]);
        const loaded = await load(stale, now);
        page.ids.forEach((id, i) => {
          entries[i] ??= loaded.get(id);
        });
      }
      let json = '{"items":[';
      let first = true;
      for (const entry of entries) {
        if (!entry) continue;
        if (!first) json += ',';
        first = false;
        if (!near) {
          json += entry.body;
          continue;
        }
        const km = Math.round(distanceKm(near.lat, near.lng, entry.lat, entry.lng) * 10) / 10;
        json += `${entry.body.slice(0, -1)},"distanceKm":${km}}`;
      }
      return `${json}],"nextCursor":${JSON.stringify(page.nextCursor)}}`;
    },
  };
}
