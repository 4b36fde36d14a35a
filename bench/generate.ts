// Generates N synthetic posts (default 1,000,000) into a benchmark database and prints the load time.
//   npx tsx bench/generate.ts --database-url postgres://postgres@127.0.0.1:5432/medrelay_bench --reset
//   npx tsx bench/generate.ts --pglite ./.data-bench/pglite --reset
// The database is created if missing and migrated with the project's migrate(); the catalogue is
// synced as at start-up. The load runs in one transaction: secondary indexes are dropped, rows go in
// in large batches (PostgreSQL: INSERT … SELECT FROM unnest($1::uuid[], …); PGlite: COPY from a
// blob), the indexes are rebuilt from their own definitions, then VACUUM ANALYZE. On PostgreSQL as a
// superuser the per-row foreign-key checks are skipped (session_replication_role = replica, as
// pg_restore does); the rows satisfy them by construction. A failed load rolls back and leaves the
// schema as it was. --reset replaces the posts already there (TRUNCATE posts CASCADE).
import { parseArgs } from 'node:util';
import pg from 'pg';
import { readCatalog, syncCatalog } from '../apps/server/src/modules/catalog/index.ts';
import { migrate, openPostgres, type Store } from '../apps/server/src/platform/db/index.ts';
import { copyBlobs, INSERT_ITEMS, INSERT_POSTS, ITEM_COLUMNS, POST_COLUMNS, pgBatch } from './lib/bulk.ts';
import { loadMedicines, loadPlaces, makePost, type PostRow, rng } from './lib/model.ts';
import {
  describeTarget,
  ensureDatabase,
  openPgliteRaw,
  TARGET_OPTIONS,
  type Target,
  targetFrom,
} from './lib/store.ts';

const USAGE =
  'npx tsx bench/generate.ts (--database-url URL | --pglite DIR) [--n 1000000] [--seed 1] [--reset] [--batch 20000] [--keep-indexes]';
const { values } = parseArgs({
  options: {
    ...TARGET_OPTIONS,
    n: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    batch: { type: 'string', default: '20000' },
    reset: { type: 'boolean', default: false },
    'keep-indexes': { type: 'boolean', default: false },
  },
});
const target = targetFrom(values, USAGE);
const N = Number(values.n);
const BATCH = Number(values.batch);
const SEED = Number(values.seed);
if (!Number.isInteger(N) || N < 1 || !Number.isInteger(BATCH) || BATCH < 1) {
  throw new Error('--n and --batch must be positive integers');
}

// Tables the load indexes are rebuilt for; primary keys stay (the FK and the load need them).
const TABLES = ['posts', 'post_items'];
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Loader {
  exec(sql: string): Promise<void>;
  rows<T>(sql: string): Promise<T[]>;
  /** Turns a batch into the store's input now (while the previous batch is being written), writes later. */
  prepare(batch: PostRow[]): () => Promise<void>;
}

async function main() {
  const t0 = performance.now();
  if (target.kind === 'postgres' && (await ensureDatabase(target.url))) {
    console.log(`created database ${new URL(target.url).pathname.slice(1)}`);
  }
  const { store, close, transaction } = await open(target);
  const applied = await migrate(store);
  if (applied.length) console.log(`migrated: ${applied.join(', ')}`);
  await syncCatalog(store.db, readCatalog());

  const places = loadPlaces();
  const medicines = loadMedicines();
  const r = rng(SEED);
  const now = Date.now();
  console.log(
    `${describeTarget(target)}: ${N.toLocaleString('en')} posts, seed ${SEED}, now ${new Date(now).toISOString()}`,
  );

  const tLoad = performance.now();
  let indexMs = 0;
  let inserted = 0;
  await transaction(async (db) => {
    const [{ count }] = (await db.rows<{ count: string }>('SELECT count(*)::text AS count FROM posts')) as [
      { count: string },
    ];
    if (count !== '0') {
      if (!values.reset) throw new Error(`posts already holds ${count} rows; pass --reset to replace them`);
      await db.exec('TRUNCATE posts CASCADE');
    }
    const indexes = values['keep-indexes']
      ? []
      : await db.rows<{ name: string; def: string }>(
          `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
           WHERE i.schemaname = current_schema() AND i.tablename IN (${TABLES.map((t) => `'${t}'`).join(',')})
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
        );
    for (const ix of indexes) await db.exec(`DROP INDEX "${ix.name}"`);

    // Generation overlaps the database's work on the previous batch.
    let pending: Promise<void> = Promise.resolve();
    let lastReport = performance.now();
    while (inserted < N) {
      const size = Math.min(BATCH, N - inserted);
      const batch: PostRow[] = [];
      for (let i = 0; i < size; i++) batch.push(makePost(now, places, medicines, r));
      const write = db.prepare(batch);
      await pending;
      pending = write();
      inserted += size;
      if (performance.now() - lastReport > 5000) {
        lastReport = performance.now();
        console.log(`  ${inserted.toLocaleString('en')} posts, ${secs(lastReport - tLoad)}`);
      }
    }
    await pending;
    const tIndex = performance.now();
    await db.exec("SET LOCAL maintenance_work_mem = '256MB'");
    for (const ix of indexes) await db.exec(ix.def);
    indexMs = performance.now() - tIndex;
  });
  const insertMs = performance.now() - tLoad - indexMs;
  const tVacuum = performance.now();
  // VACUUM sets the visibility map, so index-only scans skip the heap as they do on a settled table.
  await store.db.execute('VACUUM (ANALYZE) posts');
  await store.db.execute('VACUUM (ANALYZE) post_items');
  const vacuumMs = performance.now() - tVacuum;
  const loadMs = performance.now() - tLoad;

  const summary = (await store.db.execute(`
    SELECT (SELECT count(*) FROM posts)::int AS posts, (SELECT count(*) FROM post_items)::int AS items,
      (SELECT count(*) FROM posts WHERE status = 'open')::int AS open,
      (SELECT count(*) FROM posts WHERE kind = 'need')::int AS needs,
      (SELECT count(*) FROM posts WHERE flags <> 0)::int AS flagged,
      pg_size_pretty(pg_database_size(current_database())) AS size`)) as unknown as {
    rows: unknown[];
  };
  const s = summary.rows[0] as {
    posts: number;
    items: number;
    open: number;
    needs: number;
    flagged: number;
    size: string;
  };
  const pct = (x: number) => `${((100 * x) / s.posts).toFixed(1)}%`;
  console.log(
    `loaded ${s.posts.toLocaleString('en')} posts and ${s.items.toLocaleString('en')} items ` +
      `(needs ${pct(s.needs)}, open ${pct(s.open)}, flagged ${pct(s.flagged)}; database ${s.size})`,
  );
  console.log(
    `load time: ${secs(loadMs)} (rows ${secs(insertMs)}, indexes ${secs(indexMs)}, vacuum+analyze ${secs(vacuumMs)}); ` +
      `whole run ${secs(performance.now() - t0)}`,
  );
  await close();
}

async function open(t: Target): Promise<{
  store: Store;
  close(): Promise<void>;
  transaction(fn: (db: Loader) => Promise<void>): Promise<void>;
}> {
  if (t.kind === 'postgres') {
    const store = await openPostgres(t.url, 2);
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    const loader: Loader = {
      exec: async (sql) => void (await client.query(sql)),
      rows: async (sql) => (await client.query(sql)).rows,
      prepare: (batch) => {
        const { posts, items } = pgBatch(batch);
        return async () => {
          await client.query(INSERT_POSTS, posts);
          await client.query(INSERT_ITEMS, items);
        };
      },
    };
    return {
      store,
      close: async () => {
        await client.end();
        await store.close();
      },
      transaction: async (fn) => {
        await client.query('BEGIN');
        // The foreign keys of post_items hold by construction (each batch inserts its posts first, and
        // medicine ids come from the catalogue just synced): skip their per-row checks, as pg_restore does.
        const su = await client.query('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
        if (su.rows[0]?.rolsuper) await client.query('SET LOCAL session_replication_role = replica');
        try {
          await fn(loader);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      },
    };
  }
  const { client, store } = await openPgliteRaw(t.dir);
  return {
    store,
    close: () => store.close(),
    transaction: (fn) =>
      client.transaction(async (tx) => {
        await fn({
          exec: async (sql) => void (await tx.exec(sql)),
          rows: async <T>(sql: string) => (await tx.query<T>(sql)).rows,
          prepare: (batch) => {
            const { posts, items } = copyBlobs(batch);
            return async () => {
              await tx.query(`COPY posts (${POST_COLUMNS}) FROM '/dev/blob'`, [], { blob: posts });
              await tx.query(`COPY post_items (${ITEM_COLUMNS}) FROM '/dev/blob'`, [], { blob: items });
            };
          },
        });
      }),
  };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
