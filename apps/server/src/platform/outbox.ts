import type { EventTopic } from '@medrelay/contracts';
import type { Db } from './db/index.ts';
import { schema } from './db/index.ts';

/**
 * The channel PostgreSQL NOTIFYs (empty payload) when a post event is written to the outbox, in the
 * writing transaction (migration 0030); every server process LISTENs on it.
 */
export const POST_CHANGES_CHANNEL = 'post_changes';

/** The topics are the contracts' event catalogue (packages/contracts/src/events.ts). */
export type OutboxTopic = EventTopic;

/**
 * Writes an event in the caller's transaction: it exists exactly when the change it describes was
 * committed, and the webhook dispatcher picks it up from there (DESIGN.md "Jobs").
 */
export interface OutboxEvent {
  topic: OutboxTopic;
  payload: Record<string, unknown>;
  regionCodes: string[];
  createdAt: Date;
}

export const enqueueEvent = (db: Db, event: OutboxEvent): Promise<void> => enqueueEvents(db, [event]);

/** Several events in one statement, in the caller's transaction. */
export async function enqueueEvents(db: Db, events: OutboxEvent[]): Promise<void> {
  if (events.length) await db.insert(schema.outbox).values(events);
}
