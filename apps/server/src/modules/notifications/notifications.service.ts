import { randomUUID } from 'node:crypto';
import {
  type NotificationData,
  type NotificationPrefs,
  type NotificationType,
  type NotificationView,
} from '@medrelay/contracts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { channelsFor, deliverAt, withDefaults } from './notification-prefs.ts';
import { type NotificationRow, notificationsRepo as repo } from './notifications.repo.ts';

export interface Notice {
  userId: string;
  type: NotificationType;
  /** One notification per event and person: the same key again is dropped. */
  dedupKey: string;
  data: NotificationData;
  /** About a need for an infant, an elderly or a pregnant person: may ring through quiet hours. */
  urgent?: boolean;
  /** For SMS: only a match on one of my needs may go by SMS. */
  myPostIsNeed?: boolean;
}

export interface NotificationsService {
  /**
   * The one call every module uses to reach a person, inside the caller's transaction: the inbox
   * row and its outside deliveries commit with the change that caused them, or not at all.
   * Returns the new notification's id, or null when it was a duplicate.
   */
  notify(tx: Db, notice: Notice): Promise<string | null>;
  /**
   * The same for many people at once (a new post's matches and alert subscribers): three statements
   * whatever their number, not three per person. Ids in the notices' order, null for duplicates.
   */
  notifyMany(tx: Db, notices: readonly Notice[]): Promise<(string | null)[]>;
  list(
    userId: string,
    q: { cursor?: string; limit: number },
  ): Promise<{ items: NotificationView[]; nextCursor: string | null; unread: number }>;
  /** Per person, how many notifications of `type` they received since `since` (for per-type caps). */
  receivedSince(tx: Db, userIds: string[], type: NotificationType, since: Date): Promise<Map<string, number>>;
  unread(userId: string): Promise<number>;
  markRead(userId: string, ids?: string[]): Promise<void>;
  prefs(userId: string): Promise<NotificationPrefs>;
  savePrefs(userId: string, prefs: NotificationPrefs): Promise<NotificationPrefs>;
}

export function createNotificationsService(deps: {
  db: Db;
  clock: Clock;
  /** Channels this deployment can use; a chosen channel that is not here is simply not used. */
  channels: readonly string[];
}): NotificationsService {
  const { db, clock } = deps;
  const present = (n: NotificationRow): NotificationView => ({
    id: n.id,
    type: n.type as NotificationType,
    data: n.data as NotificationData,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  });

  const service: NotificationsService = {
    async notify(tx, notice) {
      const [id] = await service.notifyMany(tx, [notice]);
      return id ?? null;
    },

    async notifyMany(tx, notices) {
      if (!notices.length) return [];
      const now = clock.now();
      const key = (userId: string, dedupKey: string) => `${userId}\u0000${dedupKey}`;
      const inserted = await repo.insertMany(
        tx,
        notices.map((notice) => ({
          id: randomUUID(),
          userId: notice.userId,
          type: notice.type,
          dedupKey: notice.dedupKey,
          data: notice.data,
          urgent: notice.urgent ?? false,
          createdAt: now,
        })),
      );
      const idOf = new Map(inserted.map((row) => [key(row.userId, row.dedupKey), row.id]));
      const saved = await repo.prefsOf(tx, [...new Set(inserted.map((row) => row.userId))]);
      // A notice repeated within one call is delivered once: the first to claim its id takes it.
      const delivered = new Set<string>();
      const deliveries = notices.flatMap((notice) => {
        const id = idOf.get(key(notice.userId, notice.dedupKey));
        if (!id || delivered.has(id)) return [];
        delivered.add(id);
        const prefs = withDefaults(saved.get(notice.userId) as Partial<NotificationPrefs> | undefined);
        const at = deliverAt(prefs, now, notice.urgent ?? false);
        return channelsFor(prefs, notice.type, { myPostIsNeed: notice.myPostIsNeed })
          .filter((channel) => deps.channels.includes(channel))
          .map((channel) => ({
            notificationId: id,
            userId: notice.userId,
            channel,
            status: 'pending' as const,
            nextAttemptAt: at,
            createdAt: now,
          }));
      });
      await repo.insertDeliveries(tx, deliveries);
      const seen = new Set<string>();
      return notices.map((notice) => {
        const id = idOf.get(key(notice.userId, notice.dedupKey));
        if (!id || seen.has(id)) return null;
        seen.add(id);
        return id;
      });
    },

    async list(userId, q) {
      const before = q.cursor ? decodeCursor(q.cursor) : undefined;
      const rows = await repo.page(db, userId, q.limit + 1, before);
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return {
        items: page.map(present),
        nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null,
        unread: await repo.unread(db, userId),
      };
    },
    receivedSince: (tx, userIds, type, since) => repo.countSince(tx, userIds, type, since),
    unread: (userId) => repo.unread(db, userId),
    markRead: (userId, ids) => repo.markRead(db, userId, ids, clock.now()),
    async prefs(userId) {
      return withDefaults((await repo.prefs(db, userId)) as Partial<NotificationPrefs>);
    },
    async savePrefs(userId, prefs) {
      await repo.savePrefs(db, userId, prefs, clock.now());
      return withDefaults(prefs);
    },
  };
  return service;
}

const encodeCursor = (n: NotificationRow) =>
  Buffer.from(JSON.stringify([n.createdAt.getTime(), n.id])).toString('base64url');

function decodeCursor(raw: string): { at: Date; id: string } {
  try {
    const [ms, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown];
    if (
      typeof ms === 'number' &&
      Number.isSafeInteger(ms) &&
      ms > 0 &&
      ms < 8.64e15 &&
      typeof id === 'string' &&
      /^[0-9a-f-]{36}$/.test(id)
    ) {
      return { at: new Date(ms), id };
    }
  } catch {
    // fall through
  }
  throw new AppError('bad_cursor', 400, { field: 'cursor' });
}
