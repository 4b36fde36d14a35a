import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';

/**
 * Transaction-scoped locks on names ("post:<user>", "reveal:ip:<hash>"): two transactions that take
 * the same name run one after the other, and the lock goes with the commit or rollback. Names are
 * taken in the order given, so callers that take several must agree on the order.
 */
export async function lockNames(db: Db, ...names: string[]): Promise<void> {
  for (const name of names) await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${name}))`);
}
