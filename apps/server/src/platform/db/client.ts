import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';

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
  close(): Promise<void>;
}

// node-postgres returns `date` columns as local-time Date objects; keep them as 'YYYY-MM-DD' strings
// like PGlite does so both stores answer the same.
pg.types.setTypeParser(1082, (v) => v);

export async function openPostgres(url: string, max = 10): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle pooled connection that the server closes (restart, failover, a dropped test database) must
  // not crash the process: the pool discards it and the next query opens a new one (pg docs).
  pool.on('error', () => undefined);
  await pool.query('select 1');
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
    close: () => pool.end(),
  };
}

export function pgliteStore(client: PGlite): Store {
  return {
    kind: 'pglite',
    db: drizzlePglite(client) as unknown as Db,
    scriptTransaction: (fn) =>
      client.transaction((tx) => fn(async (text) => ((await tx.exec(text)).at(-1)?.rows ?? []) as Row[])),
    close: () => client.close(),
  };
}

/** The embedded default: PostgreSQL compiled to WASM, persisted in `dataDir`. */
export async function openPglite(dataDir: string | undefined): Promise<Store> {
  if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  return pgliteStore(client);
}

/** A unique-constraint violation (SQLSTATE 23505), as either driver reports it. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code === '23505' || e?.cause?.code === '23505';
}
