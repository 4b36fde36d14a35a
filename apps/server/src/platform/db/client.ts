import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { backupPglite, backupPostgres } from './backup.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { releaseBrokenClients, retryReadsOnce, waitForDatabase } from './faults.ts';
import { type Listener, type ListenHandlers, listen } from './listen.ts';

export type Db = PgDatabase<PgQueryResultHKT>;
export type StoreKind = 'pglite' | 'postgres';

/** Rows of a hand-written SQL query (both drivers answer `{ rows }`). */
export async function selectRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

type Row = Record<string, unknown>;
/** Runs a multi-statement SQL script and returns the rows of its last statement. */
export type ScriptRunner = (sqlText: string) => Promise<Row[]>;

/** A connected store: the Drizzle handle, a raw script transaction for migrations, and close(). */
export interface Store {
  kind: StoreKind;
  db: Db;
  scriptTransaction<T>(fn: (run: ScriptRunner) => Promise<T>): Promise<T>;
  /** Writes a backup of the whole database to `file` (see backup.ts for the formats). */
  backup(file: string): Promise<void>;
  /**
   * PostgreSQL only: LISTEN on a channel over a connection of its own, reconnecting (listen.ts).
   * PGlite has no other process to hear from.
   */
  listen?(channel: string, handlers: ListenHandlers): Listener;
  close(): Promise<void>;
}

// node-postgres returns `date` columns as local-time Date objects; keep them as 'YYYY-MM-DD' strings
// like PGlite does so both stores answer the same.
pg.types.setTypeParser(1082, (v) => v);

export interface PostgresOptions {
  /** Pool size. */
  max?: number;
  /** Wait this long for the server at start-up (back-off between tries); 0 = one try. */
  waitMs?: number;
  /** Told about connection faults: never the URL (it may hold a password), only what happened. */
  onFault?: (event: string, info: Record<string, unknown>) => void;
}

export async function openPostgres(url: string, opts: number | PostgresOptions = {}): Promise<Store> {
  const { max = 10, waitMs = 0, onFault } = typeof opts === 'number' ? { max: opts } : opts;
  // A checkout that cannot connect fails after 5 s instead of queueing requests forever.
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
  const report = (event: string) => (err: Error & { code?: string }) =>
    onFault?.(event, { code: err.code ?? 'disconnected', message: err.message });
  // An idle pooled connection that the server closes (restart, failover, a dropped test database) must
  // not crash the process: the pool discards it and the next query opens a new one (pg docs).
  pool.on('error', report('idle connection lost'));
  // The pool listens only to idle clients. A client checked out by a transaction that is between two
  // statements when the server goes away emits 'error' with nobody listening, which kills the process
  // (issue 17). This listener stays for the client's life; its next query fails, the transaction
  // rejects, and release() discards the broken client.
  pool.on('connect', (client) => client.on('error', report('connection lost')));
  retryReadsOnce(pool);
  releaseBrokenClients(pool);
  try {
    await waitForDatabase(() => pool.query('select 1'), {
      timeoutMs: waitMs,
      onRetry: ({ attempt, delayMs, code }) =>
        onFault?.('database not reachable yet', { attempt, retryInMs: delayMs, code }),
    });
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return {
    kind: 'postgres',
    db: drizzlePg(pool) as unknown as Db,
    scriptTransaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(async (text) => {
          // A multi-statement simple query returns one result per statement.
          const res = (await client.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
          return (Array.isArray(res) ? (res.at(-1)?.rows ?? []) : res.rows) as Row[];
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    },
    backup: (file) => backupPostgres(url, file),
    listen: (channel, handlers) => listen(url, channel, handlers),
    close: () => pool.end(),
  };
}

export function pgliteStore(client: PGlite): Store {
  return {
    kind: 'pglite',
    db: drizzlePglite(client) as unknown as Db,
    scriptTransaction: (fn) =>
      client.transaction((tx) => fn(async (text) => ((await tx.exec(text)).at(-1)?.rows ?? []) as Row[])),
    backup: (file) => backupPglite(client, file),
    close: () => client.close(),
  };
}

/** The embedded default: PostgreSQL compiled to WASM, persisted in `dataDir`, one process at a time. */
export async function openPglite(dataDir: string | undefined): Promise<Store> {
  if (!dataDir) {
    const client = new PGlite();
    await client.waitReady;
    return pgliteStore(client);
  }
  mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o700 });
  const lock = acquireDataDirLock(dataDir);
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const client = new PGlite(dataDir);
    await client.waitReady;
    const store = pgliteStore(client);
    return {
      ...store,
      async close() {
        try {
          await store.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}

/** A unique-constraint violation (SQLSTATE 23505), as either driver reports it. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code === '23505' || e?.cause?.code === '23505';
}
