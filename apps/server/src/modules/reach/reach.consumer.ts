import { type BarePost, LIVE_TOPICS, type PostView, type VulnerableFlag } from '@medrelay/contracts';
import type { Clock } from '../../platform/clock.ts';
import { HOUR, MINUTE } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { LiveBus } from '../../platform/realtime.ts';
import type { Notice, NotificationsService } from '../notifications/index.ts';
import type { PostOwner, PostsService } from '../posts/index.ts';
import type { AlertsService } from './alerts.service.ts';
import { reachRepo as repo, type StoredEvent } from './reach.repo.ts';

const CONSUMER = 'reach';
// Events this recent may still have a concurrent transaction with a lower id behind them.
const SETTLE_MS = MINUTE;
/** How often a process tries to move the consumer's cursor. */
const CURSOR_EVERY_MS = 5_000;
export const EXPIRY_REMINDER_MS = 12 * HOUR;
/** Needs for these people may ring through quiet hours, if the person allowed it. */
const URGENT_FLAGS: readonly VulnerableFlag[] = ['infant', 'elderly', 'pregnant'];

export interface ReachConsumer {
  /** Starts at the newest event the first time (earlier events reached nobody, and never will). */
  init(): Promise<void>;
  /** Handles what happened since the last run: matches, alerts, owners' notices, the live square. */
  runOnce(): Promise<number>;
  /** "Your post expires in 12 h": once per post and expiry time. */
  remindExpiring(): Promise<number>;
}

/**
 * Reach consumes the posts module's events: it never changes a post. Each event is handled once
 * (a receipt in the same transaction as the notifications it writes), then published to the live
 * square of every process.
 */
export function createReachConsumer(deps: {
  db: Db;
  clock: Clock;
  posts: PostsService;
  alerts: AlertsService;
  notifications: NotificationsService;
  bus: LiveBus;
  onError?: (err: unknown) => void;
}): ReachConsumer {
  const { db, clock, posts, alerts, notifications, bus } = deps;
  let lastSettle = Number.NEGATIVE_INFINITY;

  /**
   * Who is to be told what about an event. Everything here reads outside the transaction that
   * records the notices: on PGlite a read on the pool while a transaction is open would wait for it.
   */
  async function noticesFor(event: StoredEvent): Promise<Notice[]> {
    const payload = event.payload as { post?: PostView | BarePost; via?: string; reason?: string };
    const post = payload.post;
    if (!post) return [];
    const [owner] = await posts.owners([post.id]);
    const toOwner = (type: Notice['type'], dedupKey: string, reason?: boolean): Notice[] =>
      owner?.userId
        ? [
            {
              userId: owner.userId,
              type,
              dedupKey,
              // The reason code as it was when the event happened (the post may have moved on since).
              data: { postId: post.id, ...(reason && payload.reason ? { reason: payload.reason } : {}) },
            },
          ]
        : [];
    switch (event.topic) {
      case 'post.created':
        return [
          // Matches only while the post is still open (it may have closed since the event).
          ...(owner?.status === 'open' ? await matchNotices(post as PostView, owner) : []),
          ...(payload.via === 'moderation'
            ? toOwner('post_approved', `approved:${post.id}:${event.id}`)
            : []),
        ];
      case 'post.restored':
        // A moderator's approval is news to the owner; the owner's own undo of 已解决 is not.
        return payload.via === 'moderation'
          ? toOwner('post_approved', `approved:${post.id}:${event.id}`)
          : [];
      case 'post.updated':
        // Less of an offer left after a hand-off: not a new post, so no matches or alerts (the
        // live square and partners still get it).
        return [];
      case 'post.held':
        return toOwner('post_held', `held:${post.id}`, true);
      case 'post.removed':
        return toOwner('post_removed', `removed:${post.id}`, true);
      default:
        return [];
    }
  }

  /** Counterpart posters and alert holders of a post that just became visible. */
  async function matchNotices(post: PostView, owner: PostOwner): Promise<Notice[]> {
    const ownerId = owner.userId;
    const medicineIds = post.items.map((i) => i.medicineId);
    const urgent = post.kind === 'need' && post.flags.some((f) => URGENT_FLAGS.includes(f));
    // The two look-ups are independent: on PostgreSQL they run at once on two pool connections.
    const [matched, subscribers] = await Promise.all([
      posts.matchedOwners({
        id: post.id,
        kind: post.kind,
        // The stored point, not the event's public (rounded) copy: as the matches view measures.
        lat: owner.lat,
        lng: owner.lng,
        medicineIds,
      }),
      alerts.matching(
        db,
        {
          kind: post.kind,
          medicineIds,
          categories: [...new Set(post.items.map((i) => i.category))],
          lat: post.location.lat,
          lng: post.location.lng,
        },
        ownerId,
      ),
    ]);
    const notices: Notice[] = [];
    for (const other of matched) {
      if (!other.userId || other.userId === ownerId) continue;
      notices.push({
        userId: other.userId,
        type: 'match',
        dedupKey: `match:${other.id}:${post.id}`,
        data: {
          postId: post.id,
          myPostId: other.id,
          kind: post.kind,
          medicineIds,
          distanceKm: other.distanceKm,
        },
        urgent,
        myPostIsNeed: other.kind === 'need',
      });
    }
    for (const s of subscribers) {
      notices.push({
        userId: s.userId,
        type: 'alert',
        dedupKey: `alert:${s.alertId}:${post.id}`,
        data: { postId: post.id, alertId: s.alertId, kind: post.kind, medicineIds, distanceKm: s.distanceKm },
        urgent,
      });
    }
    return notices;
  }

  return {
    init: () => repo.startCursor(db, CONSUMER),

    async runOnce() {
      const events = await repo.pending(db, CONSUMER, 100);
      let handled = 0;
      for (const event of events) {
        try {
          const notices = await noticesFor(event);
          const claimed = await db.transaction(async (tx) => {
            if (!(await repo.claim(tx, CONSUMER, event.id))) return false;
            await notifications.notifyMany(tx, notices);
            return true;
          });
          if (!claimed) continue;
          handled++;
          if ((LIVE_TOPICS as readonly string[]).includes(event.topic)) {
            await bus.publish({ id: event.id, topic: event.topic, payload: event.payload });
          }
        } catch (err) {
          // Left unclaimed: the next run tries it again.
          deps.onError?.(err);
        }
      }
      // Moving the cursor is housekeeping (it keeps the pending scan and the receipts short), so it
      // runs every few seconds rather than after every event: a new post's fan-out stays a few
      // statements long however often the consumer is kicked.
      const now = clock.now().getTime();
      if (now - lastSettle >= CURSOR_EVERY_MS || now < lastSettle) {
        lastSettle = now;
        const settled = await repo.settledUpTo(db, CONSUMER, new Date(now - SETTLE_MS));
        if (settled !== undefined) await repo.setCursor(db, CONSUMER, settled);
      }
      return handled;
    },

    async remindExpiring() {
      const now = clock.now();
      const due = await posts.expiringBetween(now, new Date(now.getTime() + EXPIRY_REMINDER_MS));
      let sent = 0;
      await db.transaction(async (tx) => {
        for (const p of due) {
          if (!p.userId) continue;
          const id = await notifications.notify(tx, {
            userId: p.userId,
            type: 'post_expiring',
            dedupKey: `expiring:${p.id}:${p.expiresAt.getTime()}`,
            data: { postId: p.id, expiresAt: p.expiresAt.toISOString() },
          });
          if (id) sent++;
        }
      });
      return sent;
    },
  };
}
