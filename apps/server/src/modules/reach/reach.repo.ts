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
  async cursor(db: Db, consumer: string): Promise<number | undefined> {
    const [row] = await selectRows<{ last_id: string | number }>(
      db,
      sql`SELECT last_id FROM event_cursors WHERE consumer = ${consumer}`,
    );
    return row ? Number(row.last_id) : undefined;
  },
  /** Starts a consumer at the newest event: it reaches people about what happens from now on. */
  async startCursor(db: Db, consumer: string) {
    await db.execute(
      sql`INSERT INTO event_cursors (consumer, last_id)
          SELECT ${consumer}, coalesce(max(id), 0) FROM outbox
          ON CONFLICT (consumer) DO NOTHING`,
    );
  },
  async setCursor(db: Db, consumer: string, lastId: number) {
    await db.execute(
      sql`UPDATE event_cursors SET last_id = greatest(last_id, ${lastId}) WHERE consumer = ${consumer}`,
    );
    // Receipts below the cursor are no longer looked at.
    await db.execute(sql`DELETE FROM event_receipts WHERE consumer = ${consumer} AND event_id <= ${lastId}`);
  },
  /** Events after the cursor this consumer has not handled yet, oldest first. */
  async pending(db: Db, consumer: string, after: number, limit: number): Promise<StoredEvent[]> {
    const rows = await selectRows<RawEvent>(
      db,
      sql`SELECT o.id, o.topic, o.payload, o.created_at FROM outbox o
           WHERE o.id > ${after}
             AND NOT EXISTS (SELECT 1 FROM event_receipts r WHERE r.consumer = ${consumer} AND r.event_id = o.id)
           ORDER BY o.id LIMIT ${limit}`,
    );
    return rows.map(toEvent);
  },
  /** Claims an event for this consumer inside the caller's transaction; false if already handled. */
  async claim(db: Db, consumer: string, eventId: number): Promise<boolean> {
    const rows = await selectRows<{ event_id: string | number }>(
      db,
      sql`INSERT INTO event_receipts (consumer, event_id) VALUES (${consumer}, ${eventId})
          ON CONFLICT DO NOTHING RETURNING event_id`,
    );
    return rows.length > 0;
  },
  /**
   * The highest event id below which every event is older than `settledBefore` and handled: the
   * cursor may move there. (A transaction that took an id but committed later than that would be
   * missed; none runs that long.)
   */
  async settledUpTo(db: Db, consumer: string, after: number, settledBefore: Date): Promise<number> {
    const [row] = await selectRows<{ upto: string | number | null }>(
      db,
      sql`SELECT coalesce(min(o.id) - 1, (SELECT max(id) FROM outbox WHERE id > ${after} AND created_at < ${settledBefore.toISOString()}::timestamptz)) AS upto
            FROM outbox o
           WHERE o.id > ${after}
             AND o.created_at < ${settledBefore.toISOString()}::timestamptz
             AND NOT EXISTS (SELECT 1 FROM event_receipts r WHERE r.consumer = ${consumer} AND r.event_id = o.id)`,
    );
    return row?.upto == null ? after : Number(row.upto);
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
