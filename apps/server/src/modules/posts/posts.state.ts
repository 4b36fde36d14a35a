import { BARE_POST_TOPICS, type BarePost, type PostEventTopic, type PostStatus } from '@medrelay/contracts';
import type { Clock } from '../../platform/clock.ts';
import { DAY, HOUR } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueueEvents, type OutboxEvent } from '../../platform/outbox.ts';
import type { Catalog } from '../catalog/index.ts';
import type { Regions } from '../regions/index.ts';
import { canApply, initialEvent, isOpenPost, POST_TRANSITIONS, type PostAction } from './posts.lifecycle.ts';
import { postStateRepo as repo, type StateTarget } from './posts.state.repo.ts';
import { type ItemRow, type PostRow, presentPost } from './posts.view.ts';
import { itemKeysOf } from './square-index/item-keys.ts';

export const POST_TTL_MS = { need: 72 * HOUR, offer: 7 * DAY } as const;

/**
 * The lifecycle API: every module that changes a post's state or its stored contact data calls this
 * (moderation, privacy, contact, partners through posts), inside its own transaction, so that the
 * change, the feed rows and the event commit together or not at all.
 */
export interface PostState {
  /** Stores a new post in its first state, open or held, with `post.created` or `post.held`. */
  publish(tx: Db, post: PostRow, items: ItemRow[]): Promise<void>;
  /**
   * One post. A missing post (or, with `ownerId`, someone else's, or a deleted one) is 404
   * `not_found`; a state the action does not start from is 409 `invalid_transition`, and nothing
   * changes.
   */
  apply(
    tx: Db,
    action: PostAction,
    postId: string,
    /** `reason`: a moderation reason code; `resolution`: how a resolved post ended. */
    opts?: { ownerId?: string; reason?: string | null; resolution?: string },
  ): Promise<PostRow>;
  /** Many posts at once (the expiry sweep, a ban, an erased account); those the action does not apply to stay as they are. */
  applyToMany(
    tx: Db,
    action: PostAction,
    target: StateTarget,
    opts?: { reason?: string | null },
  ): Promise<PostRow[]>;
  /**
   * The owner's edit of a held post, screened again by the caller: `release` when the rules now allow
   * it, `revise` when they still hold it. The note, the rules' findings and (when given) the items are
   * replaced; someone else's or a missing post is 404, a post no longer held 409, and nothing changes.
   */
  edit(
    tx: Db,
    action: 'revise' | 'release',
    postId: string,
    ownerId: string,
    change: PostEdit,
  ): Promise<PostRow>;
  /**
   * What is still on offer changed (a partial hand-off lowered an item's quantity; the caller holds
   * the post's lock): `post.updated` with the public view, so the square's index, the live square
   * and partners learn the new quantity. Nothing is written for a post that is not open (held,
   * hidden, removed, closed or past its expiry: the square does not show it, and a hidden post's
   * view must not go out).
   */
  announceUpdate(tx: Db, postId: string): Promise<void>;
  countReport(tx: Db, postId: string): Promise<void>;
  /** Returns how many reveals the post has had, this one included. */
  countReveal(tx: Db, postId: string): Promise<number>;
  /** Removes the contact data of closed posts (retention, erasure). */
  purgeContactData(tx: Db, postIds: string[]): Promise<void>;
}

export interface PostEdit {
  note: string | null;
  screening: { reasons: string[]; signals: { id: string; category: string }[]; redFlags: string[] };
  items?: {
    medicineId: string;
    category: string;
    quantity: number;
    expiresOn: string | null;
    unopened: boolean | null;
  }[];
}

export function createPostState(deps: {
  clock: Clock;
  catalog: Catalog;
  regions: Regions;
  /** Told before each write of a post's state (the square's index catches up after it). */
  onChange?: () => void;
}): PostState {
  const { clock } = deps;
  const view = { catalog: deps.catalog, regions: deps.regions };

  function changes(action: PostAction, row: PostRow, now: Date, reason: string | null | undefined) {
    const t = POST_TRANSITIONS[action];
    const set: Partial<PostRow> = { status: t.to, updatedAt: now };
    if (t.closes) set.closedAt = now;
    if (action === 'approve') set.moderationReason = null;
    if (action === 'hide') set.moderationReason = reason ?? 'reported';
    if (action === 'remove') set.moderationReason = reason ?? null;
    if (action === 'resolve') set.resolution = reason ?? null;
    if (action === 'release') set.moderationReason = null;
    if (action === 'revise') set.moderationReason = reason ?? 'review';
    if (action === 'reopen') {
      set.closedAt = null;
      set.resolution = null;
    }
    if (action === 'renew') {
      set.closedAt = null;
      set.expiresAt = new Date(now.getTime() + POST_TTL_MS[row.kind]);
      set.renewCount = row.renewCount + 1;
    }
    return set;
  }

  /** Partner webhooks see the public view only (masked phone, rounded location) or a bare reference. */
  function eventOf(
    topic: PostEventTopic,
    post: PostRow,
    items: ItemRow[],
    now: Date,
    via?: 'moderation',
  ): OutboxEvent {
    const bare = (BARE_POST_TOPICS as readonly string[]).includes(topic);
    const payload = bare
      ? { post: barePost(post, items), ...(post.moderationReason ? { reason: post.moderationReason } : {}) }
      : { post: presentPost(post, items, view), ...(via ? { via } : {}) };
    return {
      topic,
      payload,
      regionCodes: [post.provinceCode, post.cityCode, post.districtCode],
      createdAt: now,
    };
  }

  async function transition(
    tx: Db,
    action: PostAction,
    current: PostRow[],
    reason: string | null | undefined,
  ): Promise<PostRow[]> {
    if (current.length === 0) return [];
    deps.onChange?.();
    const now = clock.now();
    const fromOf = new Map(current.map((p) => [p.id, p.status]));
    // Rows that share the same changes are written together; only renewals differ per post, and
    // those come one at a time.
    const changed =
      action === 'renew'
        ? (
            await Promise.all(current.map((p) => repo.update(tx, [p.id], changes(action, p, now, reason))))
          ).flat()
        : await repo.update(
            tx,
            current.map((p) => p.id),
            changes(action, current[0] as PostRow, now, reason),
          );
    const items = await repo.items(
      tx,
      changed.map((p) => p.id),
    );
    await enqueueEvents(
      tx,
      changed.map((p) =>
        eventOf(
          POST_TRANSITIONS[action].event(fromOf.get(p.id) as PostStatus),
          p,
          items.filter((i) => i.postId === p.id),
          now,
          action === 'approve' ? 'moderation' : undefined,
        ),
      ),
    );
    return changed;
  }

  return {
    async publish(tx, post, items) {
      if (post.status !== 'open' && post.status !== 'review')
        throw new Error(`a post cannot start ${post.status}`);
      deps.onChange?.();
      await repo.insert(tx, post, items);
      await enqueueEvents(tx, [eventOf(initialEvent(post.status), post, items, post.createdAt)]);
    },

    async apply(tx, action, postId, opts = {}) {
      const current = await repo.lockOne(tx, postId);
      // Someone else's post answers exactly like a missing one.
      if (!current || current.status === 'deleted' || (opts.ownerId && current.userId !== opts.ownerId)) {
        throw new AppError('not_found', 404);
      }
      if (!canApply(action, current.status)) {
        throw new AppError('invalid_transition', 409, { action, status: current.status });
      }
      const [row] = await transition(tx, action, [current], opts.reason ?? opts.resolution);
      return row as PostRow;
    },

    async applyToMany(tx, action, target, opts = {}) {
      const current = await repo.lock(tx, target, POST_TRANSITIONS[action].from);
      return transition(tx, action, current, opts.reason);
    },

    async edit(tx, action, postId, ownerId, change) {
      const current = await repo.lockOne(tx, postId);
      if (!current || current.status === 'deleted' || current.userId !== ownerId) {
        throw new AppError('not_found', 404);
      }
      if (!canApply(action, current.status)) {
        throw new AppError('invalid_transition', 409, { action, status: current.status });
      }
      deps.onChange?.();
      const { screening } = change;
      const content: Partial<PostRow> = {
        note: change.note,
        moderationSignals: screening.signals,
        redFlags: current.kind === 'need' ? screening.redFlags : [],
      };
      if (change.items) {
        content.categories = [...new Set(change.items.map((i) => i.category))];
        const items: ItemRow[] = change.items.map((item, position) => ({
          ...item,
          postId,
          position,
          kind: current.kind,
          status: current.status,
          lat: current.lat,
          lng: current.lng,
          cell: current.cell,
          provinceCode: current.provinceCode,
          cityCode: current.cityCode,
          districtCode: current.districtCode,
          flags: current.flags,
          given: 0,
          createdAt: current.createdAt,
          expiresAt: current.expiresAt,
        }));
        // The post's own copy of its items goes with the rest of the post's update.
        content.itemKeys = itemKeysOf(items);
        await repo.replaceItems(tx, postId, items);
      }
      const [edited] = await repo.update(tx, [postId], content);
      const [row] = await transition(tx, action, [edited as PostRow], screening.reasons[0]);
      return row as PostRow;
    },

    async announceUpdate(tx, postId) {
      const post = await repo.lockOne(tx, postId);
      const now = clock.now();
      if (!post || !isOpenPost(post, now)) return;
      deps.onChange?.();
      const items = await repo.items(tx, [postId]);
      await enqueueEvents(tx, [eventOf('post.updated', post, items, now)]);
    },

    countReport: (tx, postId) => repo.countReport(tx, postId),
    countReveal: (tx, postId) => repo.countReveal(tx, postId),
    purgeContactData: (tx, postIds) => repo.purgeContact(tx, postIds, clock.now()),
  };
}

function barePost(post: PostRow, items: ItemRow[]): BarePost {
  return {
    id: post.id,
    kind: post.kind,
    status: post.status,
    medicineIds: items.map((i) => i.medicineId),
    provinceCode: post.provinceCode,
    cityCode: post.cityCode,
    districtCode: post.districtCode,
  };
}
