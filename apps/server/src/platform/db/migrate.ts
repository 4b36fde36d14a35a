import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { Store } from './client.ts';

const MIGRATIONS_DIR = new URL('../../../migrations/', import.meta.url);

export interface Migration {
  version: string;
  checksum: string;
  sql: string;
}

export function readMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8');
      return {
        version: file.replace(/\.sql$/, ''),
        checksum: createHash('sha256').update(text).digest('hex'),
        sql: text,
      };
    });
}

/**
 * Applies the plain-SQL migrations not yet recorded, all in one transaction. Safe to run on every
 * start and from several processes at once (an advisory lock serialises them on PostgreSQL).
 * A changed file that was already applied is refused: migrations are append-only.
 */
export async function migrate(store: Store): Promise<string[]> {
  return store.scriptTransaction(async (run) => {
    await run('SELECT pg_advisory_xact_lock(72390001)');
    await run(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = (await run('SELECT version, checksum FROM schema_migrations')) as {
      version: string;
      checksum: string;
    }[];
    const known = new Map(done.map((r) => [r.version, r.checksum]));
    const applied: string[] = [];
    for (const m of readMigrations()) {
      const checksum = known.get(m.version);
      if (checksum && checksum !== m.checksum) {
        throw new Error(`Migration ${m.version} changed after it was applied; add a new migration instead.`);
      }
      if (checksum) continue;
      await run(m.sql);
      // version and checksum come from our own file names and hex digests, never from input.
      await run(`INSERT INTO schema_migrations (version, checksum) VALUES ('${m.version}', '${m.checksum}')`);
      applied.push(m.version);
    }
    return applied;
  });
}
