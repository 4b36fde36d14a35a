import { sql } from 'drizzle-orm';
import { type Db, selectRows } from '../../platform/db/index.ts';

export interface StoredEvent {
  id: number;
  topic: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

type RawEvent = { id: string | number; topic: string; payload: unknown; created_at: string | Date };
const toEvent = (r: RawEvent): StoredEvent => ({
  id: Number(r.id),
  topic: r.topic,
  payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
  createdAt: new Date(r.created_at),
});

export const reachRepo = {
  /** Starts a consumer at the newest event: it reaches people about what happens from now on. */
  async startCursor(db: Db, consumer: string) {
    await db.execute(
      sql`INSERT INTO event_cursors (consumer, last_id)
          SELECT ${consumer}, coalesce(max(id), 0) FROM outbox
          ON CONFLICT (consumer) DO NOTHING`,
    );
  },
  /**
   * Moves the cursor and drops the receipts below it in one transaction, so that a reader's
   * snapshot holds either the old cursor with its receipts or the new one without them: never an
   * old cursor with the receipts gone (which would make handled events look pending).
   */
  async setCursor(db: Db, consumer: string, lastId: number) {
    await db.transaction(async (tx) => {
      await tx.execute(
        sql`UPDATE event_cursors SET last_id = greatest(last_id, ${lastId}) WHERE consumer = ${consumer}`,
      );
      await tx.execute(
        sql`DELETE FROM event_receipts WHERE consumer = ${consumer} AND event_id <= ${lastId}`,
      );
    });
  },
  /**
   * Events after the cursor this consumer has not handled yet, oldest first. The cursor is read in
   * the same statement (one round trip, one snapshot with the receipts).
   */
  async pending(db: Db, consumer: string, limit: number): Promise<StoredEvent[]> {
    const rows = await selectRows<RawEvent>(
      db,
      sql`SELECT o.id, o.topic, o.payload, o.created_at FROM outbox o
           WHERE o.id > coalesce((SELECT last_id FROM event_cursors WHERE consumer = ${consumer}), 0)
             AND NOT EXISTS (SELECT 1 FROM event_receipts r WHERE r.consumer = ${consumer} AND r.event_id = o.id)
           ORDER BY o.id LIMIT ${limit}`,
    );
    return rows.map(toEvent);
  },
  /**
   * Claims an event for this consumer inside the caller's transaction; false if already handled.
   *
   * The transaction commits without waiting for its WAL flush (synchronous_commit off, for this
   * transaction only, set in the same statement). What it writes is derived from an event that is
   * already durable, and the receipt goes with it: if the database itself crashes in the fraction of
   * a second before the flush, the receipt is lost with the notifications and the event is handled
   * again after the restart. Any later durable commit (the delivery job's claim of these rows, the
   * cursor's move) flushes the WAL up to it first, so nothing is sent or skipped on the strength of
   * a lost row. It saves the fan-out one disk flush per post.
   */
  async claim(db: Db, consumer: string, eventId: number): Promise<boolean> {
    const rows = await selectRows<{ event_id: string | number }>(
      db,
      sql`WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true))
          INSERT INTO event_receipts (consumer, event_id) SELECT ${consumer}, ${eventId} FROM relaxed
          ON CONFLICT DO NOTHING RETURNING event_id`,
    );
    return rows.length > 0;
  },
  /**
   * Where the cursor may move: the highest event id below which every event is older than
   * `settledBefore` and handled (a transaction that took an id but committed later than that would
   * be missed; none runs that long). Undefined when it may not move.
   */
  async settledUpTo(db: Db, consumer: string, settledBefore: Date): Promise<number | undefined> {
    const before = settledBefore.toISOString();
    const [row] = await selectRows<{ after: string | number; upto: string | number | null }>(
      db,
      sql`WITH c AS (SELECT coalesce((SELECT last_id FROM event_cursors WHERE consumer = ${consumer}), 0) AS after)
          SELECT c.after,
                 coalesce(
                   (SELECT min(o.id) - 1 FROM outbox o
                     WHERE o.id > c.after AND o.created_at < ${before}::timestamptz
                       AND NOT EXISTS (SELECT 1 FROM event_receipts r WHERE r.consumer = ${consumer} AND r.event_id = o.id)),
                   (SELECT max(id) FROM outbox WHERE id > c.after AND created_at < ${before}::timestamptz)
                 ) AS upto
            FROM c`,
    );
    if (!row || row.upto == null) return undefined;
    return Number(row.upto) > Number(row.after) ? Number(row.upto) : undefined;
  },
  /** Public post events after an id, for a live stream resuming with Last-Event-ID. */
  async publicEventsAfter(db: Db, after: number, topics: readonly string[], limit: number) {
    const rows = await selectRows<RawEvent>(
      db,
      sql`SELECT id, topic, payload, created_at FROM outbox
           WHERE id > ${after} AND topic = ANY(${`{${topics.join(',')}}`}::text[])
           ORDER BY id LIMIT ${limit}`,
    );
    return rows.map(toEvent);
  },
};
