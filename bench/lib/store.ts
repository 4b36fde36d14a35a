// Which database a benchmark talks to: `--database-url postgres://…/medrelay_bench` or
// `--pglite ./.data-bench/pglite`. Opened through the project's own store code.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import {
  openPglite,
  openPostgres,
  pgliteStore,
  type Store,
} from '../../apps/server/src/platform/db/index.ts';

export type Target = { kind: 'postgres'; url: string } | { kind: 'pglite'; dir: string };

/** The options every bench script takes; spread them into its own parseArgs options. */
export const TARGET_OPTIONS = {
  'database-url': { type: 'string' },
  pglite: { type: 'string' },
  help: { type: 'boolean' },
} as const;

/** The target named on the command line; exits with the usage line when it is missing or unsafe. */
export function targetFrom(
  values: { 'database-url'?: string; pglite?: string; help?: boolean },
  usage: string,
): Target {
  const url = values['database-url'];
  const dir = values.pglite;
  if (values.help || !!url === !!dir) {
    console.error(`usage: ${usage}\n  exactly one of --database-url postgres://… or --pglite DIR`);
    process.exit(values.help ? 0 : 2);
  }
  if (url) {
    const name = new URL(url).pathname.slice(1);
    // The test suite owns `test`; a benchmark must never load a million rows into it.
    if (!name || name === 'test' || name === 'postgres' || name.startsWith('template')) {
      console.error(`bench: refusing database "${name}"; use a database of its own, e.g. medrelay_bench`);
      process.exit(2);
    }
    return { kind: 'postgres', url };
  }
  return { kind: 'pglite', dir: path.resolve(dir as string) };
}

export const describeTarget = (t: Target) =>
  t.kind === 'postgres' ? `PostgreSQL ${new URL(t.url).pathname.slice(1)}` : `PGlite ${t.dir}`;

/** Creates the PostgreSQL database if it does not exist yet (connecting to `postgres` to do it). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  u.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    return true;
  } finally {
    await admin.end();
  }
}

/** The project's store, as the server opens it. */
export async function openTarget(t: Target, poolSize?: number): Promise<Store> {
  return t.kind === 'postgres' ? openPostgres(t.url, poolSize) : openPglite(t.dir);
}

/** The raw PGlite handle as well, for COPY from a blob (the project's Store hides it). */
export async function openPgliteRaw(dir: string): Promise<{ client: PGlite; store: Store }> {
  mkdirSync(path.dirname(dir), { recursive: true });
  const client = new PGlite(dir);
  await client.waitReady;
  return { client, store: pgliteStore(client) };
}
