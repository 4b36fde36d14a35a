import { sql } from 'drizzle-orm';
import type { Store } from './client.ts';

/**
 * Whether the store answers `select 1` within `timeoutMs`. Bounded, so that a database that hangs
 * (a network partition rather than a refused connection) cannot hang the health check with it.
 */
export async function storeAnswers(store: Store, timeoutMs = 1500): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([store.db.execute(sql`select 1`).then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
