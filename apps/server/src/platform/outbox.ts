import type { Db } from './db/index.ts';
import { schema } from './db/index.ts';

export type OutboxTopic = 'post.created' | 'post.resolved' | 'post.expired' | 'demand.spike';

/**
 * Writes an event in the caller's transaction: it exists exactly when the change it describes was
 * committed, and the webhook dispatcher picks it up from there (DESIGN.md "Jobs").
 */
export async function enqueueEvent(
  db: Db,
  event: { topic: OutboxTopic; payload: Record<string, unknown>; regionCodes: string[]; createdAt: Date },
): Promise<void> {
  await db.insert(schema.outbox).values(event);
}
