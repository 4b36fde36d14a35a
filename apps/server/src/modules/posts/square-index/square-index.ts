import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { KINDS, type Kind } from '@medrelay/contracts';
import type { Db } from '../../../platform/db/index.ts';
import type { Cursor, FeedFilter, FeedIndex, Hit, IndexedView } from '../posts.feed.ts';
import { type IndexedPost, SquareGrid } from './grid.ts';
import { Interner, squareIndexRepo as repo } from './repo.ts';

export interface SquareIndexLog {
  info(obj: Record<string, unknown>, msg: string): void;
}

/**
 * The square in this process's memory, with the database as the truth (docs/architecture.md,
 * "The square's index"). Built at start; kept current from the post events in the outbox: at once
 * after a change this process made or was notified of, and by a periodic catch-up otherwise. Until
 * it is built, and for pages it would scan too far for, the SQL answers.
 */
export interface SquareIndex extends FeedIndex {
  readonly state: 'empty' | 'building' | 'ready';
  readonly size: number;
  /** Reads every open post (in batches, logging progress), then catches up with what changed meanwhile. */
  build(): Promise<void>;
  /** Applies the post events committed since the last catch-up; concurrent calls share one run. */
  catchUp(): Promise<void>;
  /**
   * Told by the writer (posts.state.ts) that a post is changing in this process: until that is
   * surely committed and read, a page first catches up, so a poster sees their own change.
   */
  changing(): void;
  /** Something else told us the database changed (a notification): catch up soon. */
  changed(): void;
  /** Before answering a page: catches up if this process changed something a moment ago. */
  fresh(): Promise<void>;
  /** Stops a build in progress (shutdown). */
  close(): void;
  /** Forgets posts deleted outright (demo posts), which write no event. */
  forget(ids: string[]): void;
  /**
   * The version of a post's public view: the number of the last event about it that this index
   * applied (undefined: not in the square). A cached body is good while this stays the same.
   */
  versionOf(id: string): number | undefined;
  /** The index's record of an open post (where the body cache keeps its view). */
  recordOf(id: string): IndexedView | undefined;
  /** The open posts' records, newest first (what the body cache fills first). */
  newest(): Iterable<IndexedView & { id: string }>;
}

// The start-up read runs beside requests: posts indexed between two turns of the event loop (rows
// per statement: repo.ts#readBatch). Batches of 50,000 indexed at once held the loop for up to 1.7 s
// of CPU (6.2 s on a loaded machine) while a million posts were read (issue 17, docs/benchmarks.md).
const CHUNK = 500;
// Events are numbered when written and visible when committed, so a later number can show up
// before an earlier one. Each catch-up looks this many numbers back for ones it has not seen yet.
const LOOK_BACK = 500;
// How long a change made here keeps pages catching up first: longer than any transaction that writes
// a post takes to commit.
const CHANGING_MS = 2000;

export function createSquareIndex(deps: {
  db: Db;
  log?: SquareIndexLog;
  /** Tests make these small to see the build yield. */
  batch?: number;
  chunk?: number;
}): SquareIndex {
  const { db, log, batch = repo.readBatch(db), chunk = CHUNK } = deps;
  const grid = new SquareGrid();
  const intern = new Interner();
  let state: SquareIndex['state'] = 'empty';
  let lastEventId = 0;
  const seen = new Set<number>();
  let changingUntil = 0;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let soon: NodeJS.Timeout | undefined;
  let closed = false;

  async function runCatchUp() {
    const events = await repo.postEventsAfter(db, Math.max(0, lastEventId - LOOK_BACK));
    const postIds = new Set<string>();
    for (const e of events) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      if (e.postId) postIds.add(e.postId);
      if (e.id > lastEventId) lastEventId = e.id;
    }
    for (const id of seen) if (id <= lastEventId - LOOK_BACK) seen.delete(id);
    if (postIds.size === 0) return;
    const open = new Map((await repo.openPosts(db, [...postIds], intern)).map((p) => [p.id, p]));
    for (const id of postIds) {
      const p = open.get(id);
      if (p) {
        p.version = lastEventId;
        grid.upsert(p);
      } else grid.remove(id);
    }
  }

  const index: SquareIndex = {
    get state() {
      return state;
    },
    get size() {
      return grid.size;
    },
    versionOf: (id) => grid.get(id)?.version,
    recordOf: (id) => grid.get(id),
    newest: () => grid.newest(),

    async build() {
      if (state !== 'empty') return;
      state = 'building';
      const started = performance.now();
      // Events from here on are caught up after the read, so nothing committed meanwhile is missed.
      lastEventId = await repo.lastEventId(db);
      const startVersion = lastEventId;
      let lastLog = started;
      let failed = false;
      const insert = async (posts: IndexedPost[]) => {
        for (let i = 0; i < posts.length && !closed && !failed; i += chunk) {
          const end = Math.min(posts.length, i + chunk);
          for (let j = i; j < end; j++) {
            const p = posts[j] as IndexedPost;
            p.version = startVersion;
            grid.upsert(p);
          }
          await nextTurn();
        }
        if (closed || failed) return false;
        if (performance.now() - lastLog > 1000) {
          lastLog = performance.now();
          const seconds = Math.round((lastLog - started) / 100) / 10;
          log?.info({ posts: grid.size, seconds }, 'square index: reading');
        }
        return true;
      };
      // One batch indexed at a time, whichever kind it is: never more than a chunk between two turns.
      let indexing: Promise<unknown> = Promise.resolve();
      const take = (posts: IndexedPost[]) => {
        const run = indexing.then(() => insert(posts));
        indexing = run.catch(() => undefined);
        return run;
      };
      // Both kinds at once: they fill separate lists of the grid, each in its own time order, and on
      // PostgreSQL one kind's statement runs while the other's rows are indexed.
      await Promise.all(
        KINDS.map((kind) =>
          repo.readOpen(db, kind, batch, intern, take).catch((err: unknown) => {
            failed = true;
            throw err;
          }),
        ),
      );
      if (closed) return;
      await runCatchUp();
      state = 'ready';
      log?.info(
        { posts: grid.size, seconds: Math.round((performance.now() - started) / 100) / 10 },
        'square index: ready',
      );
    },

    catchUp() {
      if (state !== 'ready') return Promise.resolve();
      if (!running) {
        running = runCatchUp().finally(() => {
          running = undefined;
        });
        return running;
      }
      // A run already in flight may have started before the change the caller waits for.
      queued ??= running
        .catch(() => undefined)
        .then(() => {
          queued = undefined;
          return index.catchUp();
        });
      return queued;
    },

    changing() {
      changingUntil = performance.now() + CHANGING_MS;
    },

    changed() {
      if (soon) return;
      soon = setTimeout(() => {
        soon = undefined;
        void index.catchUp().catch(() => undefined);
      }, 0);
      soon.unref?.();
    },

    async fresh() {
      if (state === 'ready' && performance.now() < changingUntil) await index.catchUp();
    },

    close() {
      closed = true;
    },

    forget(ids) {
      for (const id of ids) grid.remove(id);
    },

    hits(f: FeedFilter, kind: Kind, now: Date, cursor?: Cursor): Hit[] | undefined {
      return state === 'ready' ? grid.hits(f, kind, now, cursor) : undefined;
    },
  };
  return index;
}
