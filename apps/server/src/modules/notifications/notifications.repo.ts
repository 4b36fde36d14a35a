import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { type Db, schema, selectRows } from '../../platform/db/index.ts';

const { notifications, notificationPrefs, notificationDeliveries, pushSubscriptions } = schema;

export type NotificationRow = typeof notifications.$inferSelect;
export interface DueDelivery {
  id: number;
  notificationId: string;
  userId: string;
  channel: string;
  attempts: number;
  type: string;
  data: Record<string, unknown>;
}

export const notificationsRepo = {
  /**
   * The rows that were new: one already there for its person and event is left out (de-duplication).
   * The rows travel as one JSON parameter expanded by jsonb_to_recordset: a morning's thousand dose
   * reminders are one short statement instead of eight thousand bound parameters to build and parse.
   */
  async insertMany(
    db: Db,
    rows: (typeof notifications.$inferInsert & { createdAt: Date })[],
  ): Promise<{ id: string; userId: string; dedupKey: string }[]> {
    if (!rows.length) return [];
    const json = JSON.stringify(
      rows.map((r) => ({
        id: r.id,
        user_id: r.userId,
        type: r.type,
        dedup_key: r.dedupKey,
        data: r.data,
        urgent: r.urgent ?? false,
        created_at: r.createdAt.toISOString(),
      })),
    );
    const inserted = await selectRows<{ id: string; user_id: string; dedup_key: string }>(
      db,
      sql`INSERT INTO notifications (id, user_id, type, dedup_key, data, urgent, created_at)
          SELECT id, user_id, type, dedup_key, data, urgent, created_at
            FROM jsonb_to_recordset(${json}::jsonb)
              AS x(id uuid, user_id uuid, type text, dedup_key text, data jsonb, urgent boolean, created_at timestamptz)
          ON CONFLICT DO NOTHING
          RETURNING id, user_id, dedup_key`,
    );
    return inserted.map((r) => ({ id: r.id, userId: r.user_id, dedupKey: r.dedup_key }));
  },
  async insertDeliveries(db: Db, rows: (typeof notificationDeliveries.$inferInsert & { createdAt: Date })[]) {
    if (!rows.length) return;
    const json = JSON.stringify(
      rows.map((r) => ({
        notification_id: r.notificationId,
        user_id: r.userId,
        channel: r.channel,
        status: r.status,
        next_attempt_at: r.nextAttemptAt.toISOString(),
        created_at: r.createdAt.toISOString(),
      })),
    );
    await db.execute(
      sql`INSERT INTO notification_deliveries (notification_id, user_id, channel, status, next_attempt_at, created_at)
          SELECT notification_id, user_id, channel, status, next_attempt_at, created_at
            FROM jsonb_to_recordset(${json}::jsonb)
              AS x(notification_id uuid, user_id uuid, channel text, status text, next_attempt_at timestamptz, created_at timestamptz)
          ON CONFLICT DO NOTHING`,
    );
  },
  async page(db: Db, userId: string, limit: number, before?: { at: Date; id: string }) {
    return db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, userId),
          before
            ? or(
                lt(notifications.createdAt, before.at),
                and(eq(notifications.createdAt, before.at), lt(notifications.id, before.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(limit);
  },
  async unread(db: Db, userId: string) {
    const [row] = await selectRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${userId} AND read_at IS NULL`,
    );
    return row?.n ?? 0;
  },
  async markRead(db: Db, userId: string, ids: string[] | undefined, now: Date) {
    await db
      .update(notifications)
      .set({ readAt: now })
      .where(
        and(
          eq(notifications.userId, userId),
          isNull(notifications.readAt),
          ids ? inArray(notifications.id, ids) : undefined,
        ),
      );
  },
  async prefs(db: Db, userId: string) {
    const [row] = await db.select().from(notificationPrefs).where(eq(notificationPrefs.userId, userId));
    return row?.prefs;
  },
  /** Saved preferences of several people at once; someone who never saved any is absent. */
  async prefsOf(db: Db, userIds: string[]) {
    if (!userIds.length) return new Map<string, unknown>();
    // One JSON parameter for the list, however many people a batch notifies.
    const rows = await selectRows<{ user_id: string; prefs: unknown }>(
      db,
      sql`SELECT user_id, prefs FROM notification_prefs
           WHERE user_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(userIds)}::jsonb)::uuid)`,
    );
    return new Map<string, unknown>(
      rows.map((r) => [r.user_id, typeof r.prefs === 'string' ? JSON.parse(r.prefs) : r.prefs]),
    );
  },
  async savePrefs(db: Db, userId: string, prefs: Record<string, unknown>, now: Date) {
    await db
      .insert(notificationPrefs)
      .values({ userId, prefs, updatedAt: now })
      .onConflictDoUpdate({ target: notificationPrefs.userId, set: { prefs, updatedAt: now } });
  },

  /**
   * Claims due deliveries for a lease: their next attempt moves past the lease, so another process
   * (or this one after a crash) takes them again only if this one never reports back.
   */
  async claimDue(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<DueDelivery[]> {
    const rows = await selectRows<{
      id: string | number;
      notification_id: string;
      user_id: string;
      channel: string;
      attempts: number;
      type: string;
      data: Record<string, unknown> | string;
    }>(
      db,
      sql`WITH due AS (
            SELECT id FROM notification_deliveries
             WHERE status = 'pending' AND next_attempt_at <= ${now.toISOString()}::timestamptz
             ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
          UPDATE notification_deliveries d
             SET attempts = d.attempts + 1, next_attempt_at = ${leaseUntil.toISOString()}::timestamptz
            FROM due, notifications n
           WHERE d.id = due.id AND n.id = d.notification_id
       RETURNING d.id, d.notification_id, d.user_id, d.channel, d.attempts, n.type, n.data`,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      notificationId: r.notification_id,
      userId: r.user_id,
      channel: r.channel,
      attempts: r.attempts,
      type: r.type,
      data: typeof r.data === 'string' ? JSON.parse(r.data) : r.data,
    }));
  },
  /** Per person, how many notifications of a type they got since a time (walks notifications_user_idx). */
  async countSince(db: Db, userIds: string[], type: string, since: Date): Promise<Map<string, number>> {
    if (!userIds.length) return new Map();
    const rows = await selectRows<{ user_id: string; n: number }>(
      db,
      sql`SELECT user_id, count(*)::int AS n FROM notifications
           WHERE user_id = ANY(${`{${userIds.join(',')}}`}::uuid[]) AND type = ${type}
             AND created_at > ${since.toISOString()}::timestamptz
           GROUP BY user_id`,
    );
    return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
  },
  async sentSince(db: Db, userId: string, channel: string, since: Date) {
    const [row] = await selectRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM notification_deliveries
           WHERE user_id = ${userId} AND channel = ${channel} AND status = 'sent'
             AND sent_at > ${since.toISOString()}::timestamptz`,
    );
    return row?.n ?? 0;
  },
  async finish(
    db: Db,
    id: number,
    outcome: { status: 'sent' | 'failed' | 'skipped' | 'pending'; at: Date; error?: string; retryAt?: Date },
  ) {
    await db
      .update(notificationDeliveries)
      .set({
        status: outcome.status,
        lastError: outcome.error ?? null,
        sentAt: outcome.status === 'sent' ? outcome.at : null,
        ...(outcome.retryAt ? { nextAttemptAt: outcome.retryAt } : {}),
      })
      .where(eq(notificationDeliveries.id, id));
  },
  async deliveries(db: Db, notificationIds: string[]) {
    if (notificationIds.length === 0) return [];
    return db
      .select()
      .from(notificationDeliveries)
      .where(inArray(notificationDeliveries.notificationId, notificationIds));
  },

  async savePushSubscription(db: Db, row: typeof pushSubscriptions.$inferInsert) {
    await db
      .insert(pushSubscriptions)
      .values(row)
      .onConflictDoUpdate({
        target: pushSubscriptions.endpoint,
        set: { userId: row.userId, p256dh: row.p256dh, auth: row.auth },
      });
  },
  async deletePushSubscription(db: Db, userId: string, endpoint: string) {
    await db
      .delete(pushSubscriptions)
      .where(and(eq(pushSubscriptions.userId, userId), eq(pushSubscriptions.endpoint, endpoint)));
  },
  async pushSubscriptionsOf(db: Db, userId: string) {
    return db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, userId));
  },
  async deletePushEndpoint(db: Db, endpoint: string) {
    await db.delete(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint));
  },
};

/** Keeps a person's newest push subscriptions (browsers and phones), dropping the oldest beyond `keep`. */
export async function trimPushSubscriptions(db: Db, userId: string, keep: number): Promise<void> {
  await db.execute(
    sql`DELETE FROM push_subscriptions WHERE id IN (
          SELECT id FROM push_subscriptions WHERE user_id = ${userId}
           ORDER BY created_at DESC, id DESC OFFSET ${keep})`,
  );
}
