import { createHash, randomUUID } from 'node:crypto';
import type { CreatePostBody, FeedQuery, MyPostView, PostView } from '@medrelay/contracts';
import {
  MATCH_RADIUS_KM,
  NEED_OUTCOMES,
  normalizePhone,
  OFFER_OUTCOMES,
  REOPEN_WINDOW_MS,
} from '@medrelay/contracts';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import { type Db, isUniqueViolation } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { cellOf, toWgs84 } from '../../platform/geo.ts';
import { maskPhone, type PersonalData } from '../../platform/personal-data.ts';
import type { AccountsService, User } from '../accounts/index.ts';
import type { Catalog } from '../catalog/index.ts';
import type { Regions } from '../regions/index.ts';
import { buildPostRows, contactPhoneFor, relaySourceOrRefuse, screenOrRefuse } from './posts.create.ts';
import { type FeedPage, queryFeed } from './posts.feed.ts';
import {
  counterpartOwners,
  counterparts,
  expiringBetween,
  type MatchedOwner,
  type MatchSubject,
  ownersOf,
  type PostOwner,
} from './posts.matching.ts';
import { checkQuotas, DEFAULT_QUOTAS, lockPoster, type PostQuotas } from './posts.quotas.ts';
import { postsRepo as repo } from './posts.repo.ts';
import { checkItems } from './posts.rules.ts';
import { POST_TTL_MS, type PostState } from './posts.state.ts';
import { flagsToMask, type ItemRow, type PostRow, presentMyPost, presentPost } from './posts.view.ts';
import { createSquareBodies } from './square-index/square-bodies.ts';
import type { SquareIndex } from './square-index/square-index.ts';

export interface Screening {
  outcome: 'allowed' | 'review' | 'blocked';
  /** Reason codes the poster may see (never the pattern that matched). */
  reasons: string[];
  signals: { id: string; category: string }[];
  redFlags: string[];
}
export type ScreenPost = (input: {
  text: string;
  kind: 'need' | 'offer';
  medicineIds: string[];
}) => Screening;

type CreateInput = z.output<typeof CreatePostBody>;
/** The undo button is shown for REOPEN_WINDOW_MS after the answer arrived; the request may take a moment. */
const REOPEN_GRACE_MS = 5_000;
type FeedInput = z.output<typeof FeedQuery>;

/** Posts expired per transaction by the sweep. */
const EXPIRY_BATCH = 200;

export interface PostsService {
  create(
    user: User,
    body: CreateInput,
    idempotencyKey?: string,
    opts?: { isDemo?: boolean; assistedBy?: { id: string; name: string }; consentRecorded?: boolean },
  ): Promise<{ post: PostView; replayed: boolean }>;
  /** Removes every demo post (the demo seeder replaces them at each start). */
  removeDemoPosts(): Promise<number>;
  feed(query: FeedInput): Promise<{ items: PostView[]; nextCursor: string | null }>;
  /** The same reply as UTF-8 JSON, its bodies cached while the square's index says they are current. */
  feedJson(query: FeedInput): Promise<Buffer>;
  /**
   * Once the square's index is built: serialises the newest open posts' public views into the body
   * cache, so that their first page does not wait on the database (none without an index).
   */
  fillSquareBodies(opts?: { stopped?: () => boolean; batch?: number }): Promise<number>;
  get(id: string): Promise<PostView>;
  /** Open counterpart posts near a post (its owner may ask while it is held; others once it is open). */
  matches(id: string, viewer?: User): Promise<{ items: PostView[]; radiusKm: number }>;
  /** The owners of those counterparts, in the same order, for a post the caller already holds. */
  matchedOwners(post: MatchSubject): Promise<MatchedOwner[]>;
  /** Who owns these posts, for the notifications that reach them. */
  owners(ids: string[]): Promise<PostOwner[]>;
  /** Open posts running out within the window. */
  expiringBetween(from: Date, to: Date): Promise<PostOwner[]>;
  mine(user: User): Promise<MyPostView[]>;
  /** 已解决, with how it ended (a need: how it was met; an offer: where it went). */
  resolve(user: User, id: string, outcome?: string): Promise<MyPostView>;
  /** Undoes 已解决 within the window; an offer given out to the last unit stays resolved. */
  reopen(user: User, id: string): Promise<MyPostView>;
  renew(user: User, id: string): Promise<MyPostView>;
  remove(user: User, id: string): Promise<void>;
  /** Expires every post due by now, in batches of `batch` (one transaction each); returns how many. */
  expireDue(batch?: number): Promise<number>;
}

export function createPostsService(deps: {
  db: Db;
  /** Where the square reads (a replica may lag the primary by a moment); `db` when absent. */
  readDb?: Db;
  clock: Clock;
  catalog: Catalog;
  regions: Regions;
  personal: PersonalData;
  consents: Pick<AccountsService, 'hasConsented' | 'recordConsent'>;
  /** The lifecycle API: the one writer of post state. */
  state: PostState;
  quotas?: PostQuotas;
  /** The anti-trade rules (moderation module); without it every post is allowed. */
  screen?: ScreenPost;
  /** The square in memory (square-index/); without it every page is read with SQL. */
  index?: SquareIndex;
  /** How many public views the square keeps serialised beside its index. */
  bodyCacheEntries?: number;
}): PostsService {
  const { db, clock, catalog, regions, personal, consents, state } = deps;
  const readDb = deps.readDb ?? db;
  const quotas = deps.quotas ?? DEFAULT_QUOTAS;
  const view = { catalog, regions };
  // The bodies of the index's pages are read from the primary, like the index itself: a replica a
  // moment behind it (the index hears of a change by NOTIFY before the replica has replayed it) would
  // leave a new post out of the page, or keep an edited post's old body cached under its new version.
  const bodies =
    deps.index &&
    createSquareBodies({ index: deps.index, db, view, maxEntries: deps.bodyCacheEntries ?? 200_000 });

  async function load(ids: string[]) {
    const [postRows, itemRows] = await Promise.all([repo.findPosts(db, ids), repo.findItems(db, ids)]);
    const byId = new Map(postRows.map((p) => [p.id, p]));
    const itemsOf = (id: string) => itemRows.filter((i) => i.postId === id);
    return { byId, itemsOf };
  }

  /** The square's page of ids (from the index when it can answer, else SQL). */
  async function feedPage(q: FeedInput) {
    if (q.medicineId && !catalog.get(q.medicineId)) {
      throw new AppError('unknown_medicine', 400, { field: 'medicineId' });
    }
    if (q.category && !catalog.categories.some((c) => c.id === q.category)) {
      throw new AppError('unknown_category', 400, { field: 'category' });
    }
    const level = q.region ? regions.levelOf(q.region) : undefined;
    if (q.region && !level) throw new AppError('unknown_region', 400, { field: 'region' });
    const near = q.near && toWgs84(q.near.lat, q.near.lng, q.coordSystem);
    await deps.index?.fresh();
    const page = await queryFeed(
      readDb,
      {
        kind: q.kind,
        medicineId: q.medicineId,
        category: q.category,
        region: q.region && level ? { code: q.region, level } : undefined,
        near,
        radiusKm: q.radiusKm,
        sort: q.sort,
        flags: q.flags,
        limit: q.limit,
        cursor: q.cursor,
      },
      clock.now(),
      deps.index,
    );
    return { page, near };
  }

  async function presentPage(page: FeedPage, near?: { lat: number; lng: number }) {
    const byId = new Map((await repo.findPublicPosts(readDb, page.ids)).map((p) => [p.id, p]));
    const items = page.ids.flatMap((id) => {
      const post = byId.get(id);
      return post ? [presentPost(post, post.items, view, near)] : [];
    });
    return { items, nextCursor: page.nextCursor };
  }

  async function mineOne(row: PostRow): Promise<MyPostView> {
    return presentMyPost(row, await repo.findItems(db, [row.id]), view);
  }

  return {
    async create(user, body, idempotencyKey, opts = {}) {
      const now = clock.now();
      const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
      if (idempotencyKey) {
        const replay = await replayed(idempotencyKey, requestHash);
        if (replay) return { post: replay, replayed: true };
      }
      const items = checkItems(body.kind, body.items, catalog, now);
      const point = toWgs84(body.location.lat, body.location.lng, body.location.coordSystem);
      const placement = regions.place(point, body.regionCode);
      // An assisting institution records the resident's consent itself (opts.consentRecorded).
      if (!opts.consentRecorded && !(await consents.hasConsented(user.id))) {
        if (!body.consent) throw new AppError('consent_required', 400, { field: 'consent' });
        await consents.recordConsent(user.id);
      }
      relaySourceOrRefuse(
        body,
        user,
        body.relayedFrom ? await repo.findPost(db, body.relayedFrom) : undefined,
      );
      const screening = screenOrRefuse(deps.screen, body, items);
      const phone = contactPhoneFor(body, user, personal);
      const { post, itemRows } = buildPostRows({
        user,
        body,
        items,
        point,
        placement,
        screening,
        phone,
        personal,
        opts,
        now,
      });
      try {
        const outcome = await db.transaction(async (tx) => {
          await lockPoster(tx, user.id);
          // A retry that waited for the lock finds the first request's post instead of a quota error.
          if (idempotencyKey && (await repo.findIdempotencyKey(tx, user.id, idempotencyKey))) return 'replay';
          await checkQuotas(
            tx,
            user,
            post.kind,
            itemRows.map((i) => i.medicineId),
            now,
            quotas,
          );
          await state.publish(tx, post, itemRows);
          if (idempotencyKey) {
            await repo.insertIdempotencyKey(tx, {
              userId: user.id,
              key: idempotencyKey,
              requestHash,
              postId: post.id,
              createdAt: now,
            });
          }
          return 'created';
        });
        if (outcome === 'replay') {
          const replay = await replayed(idempotencyKey as string, requestHash);
          if (replay) return { post: replay, replayed: true };
        }
      } catch (err) {
        // A concurrent retry with the same key won the race: answer with its post.
        if (idempotencyKey && isUniqueViolation(err)) {
          const replay = await replayed(idempotencyKey, requestHash);
          if (replay) return { post: replay, replayed: true };
        }
        throw err;
      }
      return { post: presentPost(post, itemRows, view), replayed: false };

      async function replayed(key: string, hash: string): Promise<PostView | undefined> {
        const seen = await repo.findIdempotencyKey(db, user.id, key);
        if (!seen) return undefined;
        if (seen.requestHash !== hash) {
          throw new AppError('idempotency_key_reused', 422, { field: 'Idempotency-Key' });
        }
        const { byId, itemsOf } = await load([seen.postId]);
        const original = byId.get(seen.postId);
        if (!original) throw new AppError('not_found', 404);
        return presentPost(original, itemsOf(original.id), view);
      }
    },

    async feed(q) {
      const { page, near } = await feedPage(q);
      return presentPage(page, near);
    },

    async fillSquareBodies(opts) {
      if (!bodies || deps.index?.state !== 'ready') return 0;
      return bodies.fill(deps.index.newest(), opts);
    },

    async feedJson(q) {
      const { page, near } = await feedPage(q);
      if (!bodies) return Buffer.from(JSON.stringify(await presentPage(page, near)));
      return bodies.reply(page, near);
    },

    async matches(id, viewer) {
      const row = await repo.findPost(db, id);
      const visible = row && (row.status === 'open' || (viewer && row.userId === viewer.id));
      if (!row || !visible || row.status === 'deleted') throw new AppError('not_found', 404);
      const items = await repo.findItems(db, [id]);
      const found = await counterparts(
        readDb,
        view,
        { id, kind: row.kind, lat: row.lat, lng: row.lng, medicineIds: items.map((i) => i.medicineId) },
        clock.now(),
      );
      return { items: found, radiusKm: MATCH_RADIUS_KM };
    },

    matchedOwners: (post) => counterpartOwners(readDb, post, clock.now()),
    owners: (ids) => ownersOf(db, ids),
    expiringBetween: (from, to) => expiringBetween(db, from, to),

    async get(id) {
      // A post just published may not have reached the replica yet: its poster is sent straight to
      // its page, so a miss there is asked of the primary.
      const post =
        (await repo.findPublicPosts(readDb, [id])).at(0) ??
        (readDb === db ? undefined : (await repo.findPublicPosts(db, [id])).at(0));
      if (!post || post.status === 'deleted') throw new AppError('not_found', 404);
      return presentPost(post, post.items, view);
    },

    async mine(user) {
      const rows = await repo.postsOfUser(db, user.id);
      const items = await repo.findItems(
        db,
        rows.map((r) => r.id),
      );
      return rows.map((r) =>
        presentMyPost(
          r,
          items.filter((i) => i.postId === r.id),
          view,
        ),
      );
    },

    async resolve(user, id, outcome) {
      return mineOne(
        await db.transaction(async (tx) => {
          const current = await repo.findPost(tx, id);
          const fits = current?.kind === 'need' ? NEED_OUTCOMES : OFFER_OUTCOMES;
          if (outcome && current && !(fits as readonly string[]).includes(outcome)) {
            throw new AppError('validation_failed', 400, { field: 'outcome', allowed: fits });
          }
          return state.apply(tx, 'resolve', id, { ownerId: user.id, resolution: outcome });
        }),
      );
    },

    async reopen(user, id) {
      return mineOne(
        await db.transaction(async (tx) => {
          const current = await repo.findPost(tx, id);
          const now = clock.now().getTime();
          const late =
            current?.closedAt && now - current.closedAt.getTime() > REOPEN_WINDOW_MS + REOPEN_GRACE_MS;
          const givenOut =
            current?.kind === 'offer' && (await repo.findItems(tx, [id])).every((i) => i.quantity === 0);
          if (current?.userId === user.id && current.status === 'resolved' && (late || givenOut)) {
            throw new AppError('invalid_transition', 409, {
              action: 'reopen',
              status: current.status,
              reason: givenOut ? 'given_out' : 'too_late',
            });
          }
          return state.apply(tx, 'reopen', id, { ownerId: user.id });
        }),
      );
    },

    async renew(user, id) {
      return mineOne(await db.transaction((tx) => state.apply(tx, 'renew', id, { ownerId: user.id })));
    },

    async remove(user, id) {
      await db.transaction((tx) => state.apply(tx, 'delete', id, { ownerId: user.id }));
    },

    async removeDemoPosts() {
      // Deleted outright, without events: the index is told here.
      const ids = await repo.deleteDemoPosts(db);
      deps.index?.forget(ids);
      return ids.length;
    },

    // One transaction per batch, and the event loop turns between batches: on PGlite a transaction
    // holds the one connection and runs on the loop, and one sweep of every due post at once held both
    // for 1.5–1.9 s under the mixed load (issue 17, docs/benchmarks.md).
    expireDue: async (batch = EXPIRY_BATCH) => {
      const dueBy = clock.now();
      let total = 0;
      for (;;) {
        const expired = await db.transaction((tx) =>
          state.applyToMany(tx, 'expire', { dueBy, limit: batch }),
        );
        total += expired.length;
        if (expired.length < batch) return total;
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}
