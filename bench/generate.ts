// Generates N synthetic posts (default 1,000,000) into a benchmark database and prints the load time.
//   npx tsx bench/generate.ts --database-url postgres://postgres@127.0.0.1:5432/medrelay_bench --reset
//   npx tsx bench/generate.ts --database-url postgres://postgres@127.0.0.1:5432/medrelay_bench10m --posts 10000000 --reset
//   npx tsx bench/generate.ts --pglite ./.data-bench/pglite --reset
// The database is created if missing and migrated with the project's migrate(); the catalogue is
// synced as at start-up. The load runs in one transaction, the way pg_restore loads a table: the
// primary keys of posts and post_items, every secondary index on them and the foreign keys that point
// at them are dropped; both tables are truncated, so the rows go in with COPY … FREEZE (already
// frozen and all-visible: the VACUUM afterwards has nothing to rewrite); then the keys, the indexes
// (one sort each, not ten million random insertions into a btree much larger than shared_buffers)
// and the foreign keys (validated) are recreated from their own definitions, and VACUUM ANALYZE sets
// the statistics. Memory stays flat: one batch is generated while the previous one is copied. On
// PostgreSQL as a superuser the per-row checks of post_items' other foreign keys are skipped
// (session_replication_role = replica, as pg_restore does); the rows satisfy them by construction. A
// failed load rolls back and leaves the schema as it was. --reset replaces the posts already there
// (TRUNCATE posts CASCADE).
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { readCatalog, syncCatalog } from '../apps/server/src/modules/catalog/index.ts';
import { migrate, openPostgres, type Store } from '../apps/server/src/platform/db/index.ts';
import { ITEM_COLUMNS, POST_COLUMNS } from './lib/bulk.ts';
import { copyFrom } from './lib/copy.ts';
import type { BatchReply, BatchRequest, WorkerSetup } from './lib/generate-worker.ts';
import { loadAverage } from './lib/stats.ts';
import {
  describeTarget,
  ensureDatabase,
  openPgliteRaw,
  TARGET_OPTIONS,
  type Target,
  targetFrom,
} from './lib/store.ts';

const USAGE =
  'npx tsx bench/generate.ts (--database-url URL | --pglite DIR) [--posts 1000000] [--seed 1] [--reset] [--batch 20000] [--workers CORES] [--keep-indexes]';
const { values } = parseArgs({
  options: {
    ...TARGET_OPTIONS,
    posts: { type: 'string' },
    n: { type: 'string' }, // the older name of --posts
    seed: { type: 'string', default: '1' },
    batch: { type: 'string', default: '20000' },
    workers: { type: 'string', default: String(cpus().length) },
    reset: { type: 'boolean', default: false },
    'keep-indexes': { type: 'boolean', default: false },
  },
});
const target = targetFrom(values, USAGE);
const N = Number(values.posts ?? values.n ?? 1_000_000);
const BATCH = Number(values.batch);
const SEED = Number(values.seed);
const WORKERS = Number(values.workers);
if ([N, BATCH, WORKERS].some((x) => !Number.isInteger(x) || x < 1)) {
  throw new Error('--posts, --batch and --workers must be positive integers');
}

// The tables loaded; their keys and indexes are rebuilt after the rows are in.
const TABLES = ['posts', 'post_items'];
const IN_TABLES = `(${TABLES.map((t) => `'${t}'::regclass`).join(',')})`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

interface Loader {
  /** maintenance_work_mem for the index builds: PGlite's heap is WASM memory, PostgreSQL's is not. */
  sortMemory: string;
  exec(sql: string): Promise<void>;
  rows<T>(sql: string): Promise<T[]>;
  /** Writes one batch, COPY text of each table. */
  write(posts: Uint8Array, items: Uint8Array): Promise<void>;
}

/** What the load drops and recreates, each with the statement that recreates it. */
interface Rebuild {
  keys: string[];
  indexes: string[];
  foreignKeys: string[];
}

async function dropKeysAndIndexes(db: Loader): Promise<Rebuild> {
  const constraint = (kind: string, where: string) =>
    db.rows<{ rel: string; name: string; def: string }>(
      `SELECT conrelid::regclass::text AS rel, conname AS name, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE contype IN (${kind}) AND ${where} ORDER BY conname`,
    );
  // Foreign keys that point at posts or post_items (post_items' own, reports', handoffs', relayed_from …)
  // depend on the primary keys; the ones from post_items to other tables stay.
  const fks = await constraint(`'f'`, `confrelid IN ${IN_TABLES}`);
  const keys = await constraint(`'p','u'`, `conrelid IN ${IN_TABLES}`);
  const indexes = await db.rows<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename IN (${TABLES.map((t) => `'${t}'`).join(',')})
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  const alter = (c: { rel: string; name: string }) => `ALTER TABLE ${c.rel} DROP CONSTRAINT "${c.name}"`;
  for (const c of fks) await db.exec(alter(c));
  for (const c of keys) await db.exec(alter(c));
  for (const ix of indexes) await db.exec(`DROP INDEX "${ix.name}"`);
  const add = (c: { rel: string; name: string; def: string }) =>
    `ALTER TABLE ${c.rel} ADD CONSTRAINT "${c.name}" ${c.def}`;
  return { keys: keys.map(add), indexes: indexes.map((ix) => ix.def), foreignKeys: fks.map(add) };
}

/** CPU seconds of the PostgreSQL backend doing the load, when it runs on this machine (Linux). */
let backendSeconds: () => number | undefined = () => undefined;

// Rows copied into tables truncated in the same transaction may be written frozen and all-visible.
const FREEZE = values['keep-indexes'] ? '' : ' WITH (FREEZE)';

/**
 * The N posts as COPY text, batch after batch in order, made by WORKERS threads. Each worker has at
 * most two batches asked of it, so memory holds a few batches whatever N is.
 */
async function* batches(setup: WorkerSetup): AsyncGenerator<BatchReply & { size: number }> {
  // A worker thread does not inherit tsx's loader: it registers it, then loads the TypeScript.
  const url = new URL('./lib/generate-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); })`;
  const workers = Array.from({ length: WORKERS }, () => new Worker(boot, { eval: true, workerData: setup }));
  const waiting = new Map<number, (reply: BatchReply) => void>();
  for (const w of workers) {
    w.on('message', (reply: BatchReply) => waiting.get(reply.batch)?.(reply));
    w.on('error', (err) => {
      throw err;
    });
  }
  const count = Math.ceil(N / BATCH);
  const sizeOf = (b: number) => Math.min(BATCH, N - b * BATCH);
  const ask = (b: number) =>
    new Promise<BatchReply>((resolve) => {
      waiting.set(b, resolve);
      const request: BatchRequest = { batch: b, size: sizeOf(b) };
      (workers[b % WORKERS] as Worker).postMessage(request);
    });
  const queue: Promise<BatchReply>[] = [];
  let next = 0;
  try {
    for (let b = 0; b < count; b++) {
      while (next < count && next < b + 2 * WORKERS) queue.push(ask(next++));
      const reply = await (queue.shift() as Promise<BatchReply>);
      waiting.delete(b);
      yield { ...reply, size: sizeOf(b) };
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
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

  const now = Date.now();
  console.log(
    `${describeTarget(target)}: ${N.toLocaleString('en')} posts, seed ${SEED}, ${WORKERS} worker threads, ` +
      `now ${new Date(now).toISOString()}`,
  );

  const tLoad = performance.now();
  const phases = { rows: 0, keys: 0, indexes: 0, foreignKeys: 0 };
  // CPU seconds of this process (all its threads) and of the database's backend, per phase.
  const cpu = () => ({ node: process.cpuUsage(), db: backendSeconds() });
  const cpuSince = (c0: ReturnType<typeof cpu>) => {
    const n = process.cpuUsage(c0.node);
    const db = backendSeconds();
    return `CPU node ${((n.user + n.system) / 1e6).toFixed(1)} s, database backend ${db === undefined || c0.db === undefined ? '–' : `${(db - c0.db).toFixed(1)} s`}`;
  };
  const cpu0 = cpu();
  let inserted = 0;
  await transaction(async (db) => {
    const [{ count }] = (await db.rows<{ count: string }>('SELECT count(*)::text AS count FROM posts')) as [
      { count: string },
    ];
    if (count !== '0') {
      if (!values.reset) throw new Error(`posts already holds ${count} rows; pass --reset to replace them`);
      await db.exec('TRUNCATE posts CASCADE');
    }
    const rebuild: Rebuild = values['keep-indexes']
      ? { keys: [], indexes: [], foreignKeys: [] }
      : await dropKeysAndIndexes(db);
    // Truncated in this transaction (nothing points at them now), so COPY may write frozen rows.
    if (!values['keep-indexes']) await db.exec(`TRUNCATE ${TABLES.join(', ')}`);

    // The workers generate the next batches while the database writes this one.
    let pending: Promise<void> = Promise.resolve();
    let lastReport = performance.now();
    for await (const { posts, items, size } of batches({ seed: SEED, now })) {
      await pending;
      pending = db.write(posts, items);
      inserted += size;
      if (performance.now() - lastReport > 5000) {
        lastReport = performance.now();
        const t = lastReport - tLoad;
        console.log(
          `  ${inserted.toLocaleString('en')} posts, ${secs(t)}, ${Math.round(inserted / (t / 1000)).toLocaleString('en')} posts/s, ` +
            `rss ${mb(process.memoryUsage.rss())}, load ${loadAverage()}`,
        );
      }
    }
    await pending;
    phases.rows = performance.now() - tLoad;
    console.log(`rows in: ${secs(phases.rows)}, ${cpuSince(cpu0)}`);
    const cpu1 = cpu();
    await db.exec(`SET LOCAL maintenance_work_mem = '${db.sortMemory}'`);
    for (const [phase, statements] of [
      ['keys', rebuild.keys],
      ['indexes', rebuild.indexes],
      ['foreignKeys', rebuild.foreignKeys],
    ] as const) {
      const t = performance.now();
      for (const statement of statements) {
        const t1 = performance.now();
        await db.exec(statement);
        if (N >= 1_000_000) console.log(`  ${secs(performance.now() - t1)}: ${statement.slice(0, 110)}`);
      }
      phases[phase] = performance.now() - t;
    }
    console.log(`keys, indexes, foreign keys: ${cpuSince(cpu1)} (parallel index workers not counted)`);
  });
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
    `load time: ${secs(loadMs)} (rows ${secs(phases.rows)}, primary keys ${secs(phases.keys)}, ` +
      `indexes ${secs(phases.indexes)}, foreign keys ${secs(phases.foreignKeys)}, vacuum+analyze ${secs(vacuumMs)}); ` +
      `whole run ${secs(performance.now() - t0)}; load average ${loadAverage()}`,
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
    const pid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0]?.pid as number;
    backendSeconds = () => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, USER_HZ
      } catch {
        return undefined; // not on this machine, or not Linux
      }
    };
    const loader: Loader = {
      sortMemory: '1GB',
      exec: async (sql) => void (await client.query(sql)),
      rows: async (sql) => (await client.query(sql)).rows,
      write: async (posts, items) => {
        await copyFrom(client, `COPY posts (${POST_COLUMNS}) FROM STDIN${FREEZE}`, posts);
        await copyFrom(client, `COPY post_items (${ITEM_COLUMNS}) FROM STDIN${FREEZE}`, items);
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
        // post_items' foreign key to medicines holds by construction (ids come from the catalogue just
        // synced): skip its per-row check, as pg_restore does.
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
          sortMemory: '256MB',
          exec: async (sql) => void (await tx.exec(sql)),
          rows: async <T>(sql: string) => (await tx.query<T>(sql)).rows,
          write: async (posts, items) => {
            const blob = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);
            await tx.query(`COPY posts (${POST_COLUMNS}) FROM '/dev/blob'${FREEZE}`, [], {
              blob: blob(posts),
            });
            await tx.query(`COPY post_items (${ITEM_COLUMNS}) FROM '/dev/blob'${FREEZE}`, [], {
              blob: blob(items),
            });
          },
        });
      }),
  };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
