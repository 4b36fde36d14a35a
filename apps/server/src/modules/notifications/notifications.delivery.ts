import type { NotificationChannel, NotificationData, NotificationType } from '@medrelay/contracts';
import type { Clock } from '../../platform/clock.ts';
import { DAY, MINUTE } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { type ChannelSender, DAILY_CAPS } from './channels.ts';
import { notificationsRepo as repo } from './notifications.repo.ts';

// A claimed delivery that is not reported back within this time (the process died) is sent again.
export const DELIVERY_LEASE_MS = MINUTE;
const MAX_ATTEMPTS = 6;
// 30 s, 1 min, 2 min, 4 min, 8 min between attempts.
const backoff = (attempt: number) => 30_000 * 2 ** (attempt - 1);

export interface NotificationDelivery {
  /** Sends what is due on every channel; returns how many were sent. */
  runOnce(): Promise<{ sent: number; skipped: number; failed: number }>;
}

/**
 * The delivery job, run from the database: due deliveries are claimed for a lease in one statement,
 * sent outside any transaction (a slow vendor must not hold a lock or, on PGlite, the only
 * connection), then marked. Caps are counted from the delivery log itself.
 */
export function createNotificationDelivery(deps: {
  db: Db;
  clock: Clock;
  senders: ChannelSender[];
  onError?: (err: unknown, channel: string) => void;
}): NotificationDelivery {
  const { db, clock } = deps;
  const senders = new Map(deps.senders.map((s) => [s.channel as string, s]));
  return {
    async runOnce() {
      const now = clock.now();
      const due = await repo.claimDue(db, now, new Date(now.getTime() + DELIVERY_LEASE_MS), 50);
      const tally = { sent: 0, skipped: 0, failed: 0 };
      for (const d of due) {
        const sender = senders.get(d.channel);
        const at = clock.now();
        if (!sender) {
          await repo.finish(db, d.id, { status: 'skipped', at, error: 'channel_off' });
          tally.skipped++;
          continue;
        }
        const cap = DAILY_CAPS[d.channel as NotificationChannel] ?? 0;
        if ((await repo.sentSince(db, d.userId, d.channel, new Date(at.getTime() - DAY))) >= cap) {
          await repo.finish(db, d.id, { status: 'skipped', at, error: 'daily_cap' });
          tally.skipped++;
          continue;
        }
        try {
          const outcome = await sender.send({
            id: d.notificationId,
            userId: d.userId,
            type: d.type as NotificationType,
            data: d.data as NotificationData,
          });
          await repo.finish(db, d.id, {
            status: outcome === 'sent' ? 'sent' : 'skipped',
            at: clock.now(),
            error: outcome === 'sent' ? undefined : 'unreachable',
          });
          if (outcome === 'sent') tally.sent++;
          else tally.skipped++;
        } catch (err) {
          deps.onError?.(err, d.channel);
          const last = d.attempts >= MAX_ATTEMPTS;
          await repo.finish(db, d.id, {
            status: last ? 'failed' : 'pending',
            at: clock.now(),
            // The error class only: vendor messages may echo a phone number or an endpoint.
            error: err instanceof Error ? err.name : 'error',
            retryAt: last ? undefined : new Date(clock.now().getTime() + backoff(d.attempts)),
          });
          tally.failed++;
        }
      }
      return tally;
    },
  };
}
