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
  list(
    userId: string,
    q: { cursor?: string; limit: number },
  ): Promise<{ items: NotificationView[]; nextCursor: string | null; unread: number }>;
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

  return {
    async notify(tx, notice) {
      const now = clock.now();
      const row = await repo.insert(tx, {
        id: randomUUID(),
        userId: notice.userId,
        type: notice.type,
        dedupKey: notice.dedupKey,
        data: notice.data,
        urgent: notice.urgent ?? false,
        createdAt: now,
      });
      if (!row) return null;
      const prefs = withDefaults((await repo.prefs(tx, notice.userId)) as Partial<NotificationPrefs>);
      const at = deliverAt(prefs, now, notice.urgent ?? false);
      const channels = channelsFor(prefs, notice.type, { myPostIsNeed: notice.myPostIsNeed }).filter((c) =>
        deps.channels.includes(c),
      );
      await repo.insertDeliveries(
        tx,
        channels.map((channel) => ({
          notificationId: row.id,
          userId: notice.userId,
          channel,
          status: 'pending' as const,
          nextAttemptAt: at,
          createdAt: now,
        })),
      );
      return row.id;
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
