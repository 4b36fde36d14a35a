// Generates N synthetic posts (default 1,000,000) into a benchmark database and prints the load time.
//   npx tsx bench/generate.ts --database-url postgres://postgres@127.0.0.1:5432/medrelay_bench --reset
//   npx tsx bench/generate.ts --database-url postgres://postgres@127.0.0.1:5432/medrelay_bench10m --posts 10000000 --reset
//   npx tsx bench/generate.ts --pglite ./.data-bench/pglite --reset
// The database is created if missing and migrated with the project's migrate(); the catalogue is
// synced as at start-up. The load goes the way pg_restore loads a table. In one transaction: the
// primary keys of posts and post_items, every secondary index on them and the foreign keys that point
// at them are dropped; both tables are truncated, so the rows go in with COPY … FREEZE (already
// frozen and all-visible: the VACUUM afterwards has nothing to rewrite); the statements that recreate
// them are written to `bench_pending_rebuild`. Then the keys (one connection per table), the indexes
// (one sort each, not ten million random insertions into a btree much larger than shared_buffers; on
// PostgreSQL --index-connections builds at once, like pg_restore --jobs) and the foreign keys
// (validated) are recreated from their own definitions, each deleting its pending row as it commits,
// and VACUUM ANALYZE sets the statistics. Memory stays flat: one batch is generated while the previous
// one is copied. On PostgreSQL as a superuser the per-row checks of post_items' other foreign keys
// are skipped (session_replication_role = replica, as pg_restore does); the rows satisfy them by
// construction. A load that fails before its rows commit rolls back and leaves the schema as it was;
// one stopped while rebuilding leaves its pending statements, which the next run finishes first.
// --reset replaces the posts already there (TRUNCATE posts CASCADE).
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
  'npx tsx bench/generate.ts (--database-url URL | --pglite DIR) [--posts 1000000] [--seed 1] [--reset] [--batch 20000] [--workers CORES] [--index-connections 2] [--keep-indexes]';
const { values } = parseArgs({
  options: {
    ...TARGET_OPTIONS,
    posts: { type: 'string' },
    n: { type: 'string' }, // the older name of --posts
    seed: { type: 'string', default: '1' },
    batch: { type: 'string', default: '20000' },
    workers: { type: 'string', default: String(cpus().length) },
    'index-connections': { type: 'string', default: String(Math.max(2, cpus().length)) },
    reset: { type: 'boolean', default: false },
    'keep-indexes': { type: 'boolean', default: false },
  },
});
const target = targetFrom(values, USAGE);
const N = Number(values.posts ?? values.n ?? 1_000_000);
const BATCH = Number(values.batch);
const SEED = Number(values.seed);
const WORKERS = Number(values.workers);
const INDEX_CONNECTIONS = Number(values['index-connections']);
if ([N, BATCH, WORKERS, INDEX_CONNECTIONS].some((x) => !Number.isInteger(x) || x < 1)) {
  throw new Error('--posts, --batch, --workers and --index-connections must be positive integers');
}

// The tables loaded; their keys and indexes are rebuilt after the rows are in.
const TABLES = ['posts', 'post_items'];
const IN_TABLES = `(${TABLES.map((t) => `'${t}'::regclass`).join(',')})`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

interface Loader {
  exec(sql: string): Promise<void>;
  rows<T>(sql: string): Promise<T[]>;
  /** Writes one batch, COPY text of each table. */
  write(posts: Uint8Array, items: Uint8Array): Promise<void>;
}

/** A statement that recreates a key, an index or a foreign key, and the table it locks. */
interface Statement {
  table: string;
  sql: string;
}

/** What the load drops and recreates, in the order the phases run. */
interface Rebuild {
  keys: Statement[];
  indexes: Statement[];
  foreignKeys: Statement[];
}
const PHASES = ['keys', 'indexes', 'foreignKeys'] as const;

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
  // The biggest first: with several connections, the longest build starts at once.
  const indexes = await db.rows<{ name: string; def: string; rel: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def, i.tablename AS rel FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename IN (${TABLES.map((t) => `'${t}'`).join(',')})
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
     ORDER BY pg_relation_size(format('%I', i.indexname)::regclass) DESC, i.indexname`,
  );
  const alter = (c: { rel: string; name: string }) => `ALTER TABLE ${c.rel} DROP CONSTRAINT "${c.name}"`;
  for (const c of fks) await db.exec(alter(c));
  for (const c of keys) await db.exec(alter(c));
  for (const ix of indexes) await db.exec(`DROP INDEX "${ix.name}"`);
  const add = (c: { rel: string; name: string; def: string }) => ({
    table: c.rel,
    sql: `ALTER TABLE ${c.rel} ADD CONSTRAINT "${c.name}" ${c.def}`,
  });
  return {
    keys: keys.map(add),
    indexes: indexes.map((ix) => ({ table: ix.rel, sql: ix.def })),
    foreignKeys: fks.map(add),
  };
}

// The statements still to run, committed with the rows: a load stopped while rebuilding (an index
// build takes minutes at 10M) leaves them here, and the next run finishes them before anything else.
const PENDING = 'bench_pending_rebuild';

async function recordPending(db: Loader, rebuild: Rebuild) {
  await db.exec(
    `CREATE TABLE IF NOT EXISTS ${PENDING} (seq int PRIMARY KEY, phase text NOT NULL, tbl text NOT NULL, statement text NOT NULL)`,
  );
  const quote = (v: string) => `'${v.replaceAll("'", "''")}'`;
  let seq = 0;
  for (const phase of PHASES) {
    for (const st of rebuild[phase]) {
      await db.exec(
        `INSERT INTO ${PENDING} VALUES (${seq++}, ${quote(phase)}, ${quote(st.table)}, ${quote(st.sql)})`,
      );
    }
  }
}

/** A connection of the rebuild: runs one statement and deletes its pending row in one transaction. */
interface Builder {
  run(st: Statement & { seq: number }): Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs the pending statements, phase by phase: the keys one connection per table (each takes its
 * table's exclusive lock), the indexes on up to `connections` at once (CREATE INDEX takes a share
 * lock: builds on one table run side by side), the foreign keys one after another.
 */
async function runPending(
  store: Store,
  openBuilder: () => Promise<Builder>,
  connections: number,
  phases: Record<(typeof PHASES)[number], number>,
) {
  const exists = await store.db.execute(`SELECT to_regclass('${PENDING}') IS NOT NULL AS present`);
  if (!(exists as unknown as { rows: { present: boolean }[] }).rows[0]?.present) return;
  const pending = (
    (await store.db.execute(
      `SELECT seq, phase, tbl AS table, statement AS sql FROM ${PENDING} ORDER BY seq`,
    )) as unknown as { rows: (Statement & { seq: number; phase: string })[] }
  ).rows;
  const builders: Builder[] = [];
  try {
    for (const phase of PHASES) {
      const statements = pending.filter((p) => p.phase === phase);
      if (!statements.length) continue;
      const t = performance.now();
      // Queues: one per table for keys, one shared for indexes, one for foreign keys.
      const queues =
        phase === 'keys'
          ? [...new Set(statements.map((s) => s.table))].map((table) =>
              statements.filter((s) => s.table === table),
            )
          : phase === 'indexes'
            ? Array.from({ length: connections }, () => statements)
            : [statements];
      let next = 0;
      const shared = phase === 'indexes';
      const width = Math.min(queues.length, Math.max(1, connections));
      while (builders.length < width) builders.push(await openBuilder());
      const lanes = queues.slice(0, width).map(async (queue, lane) => {
        const builder = builders[lane] as Builder;
        for (let i = 0; ; i++) {
          const st = shared ? queue[next++] : queue[i];
          if (!st) return;
          const t1 = performance.now();
          await builder.run(st);
          if (N >= 1_000_000) console.log(`  ${secs(performance.now() - t1)}: ${st.sql.slice(0, 110)}`);
        }
      });
      // More tables than connections (keys): the rest after the first lanes.
      await Promise.all(lanes);
      for (const queue of queues.slice(width)) {
        for (const st of queue) await (builders[0] as Builder).run(st);
      }
      phases[phase] += performance.now() - t;
    }
    await store.db.execute(`DROP TABLE ${PENDING}`);
  } finally {
    await Promise.all(builders.map((b) => b.close()));
  }
}

/** CPU seconds of the PostgreSQL backends doing the load, when they run on this machine (Linux). */
let backendSeconds: () => number | undefined = () => undefined;

/** utime + stime of a process, in seconds; undefined when it is not on this machine or not Linux. */
function processSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // USER_HZ
  } catch {
    return undefined;
  }
}

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
  const { store, close, transaction, openBuilder, connections } = await open(target);
  // An earlier load stopped while rebuilding: its keys and indexes first, before the schema is read.
  const finished = { keys: 0, indexes: 0, foreignKeys: 0 };
  await runPending(store, openBuilder, connections, finished);
  if (finished.keys + finished.indexes + finished.foreignKeys > 0) {
    console.log("finished an earlier load's keys and indexes");
  }
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
    await recordPending(db, rebuild);
  });
  const cpu1 = cpu();
  await runPending(store, openBuilder, connections, phases);
  console.log(
    `keys, indexes, foreign keys on ${connections} connection(s): ${cpuSince(cpu1)} (parallel index workers not counted)`,
  );
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
  /** A connection for the rebuild (a new one each call on PostgreSQL). */
  openBuilder(): Promise<Builder>;
  /** How many of them may build at once. */
  connections: number;
  close(): Promise<void>;
  transaction(fn: (db: Loader) => Promise<void>): Promise<void>;
}> {
  if (t.kind === 'postgres') {
    const store = await openPostgres(t.url, 2);
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    const pidOf = async (c: pg.Client) =>
      (await c.query('SELECT pg_backend_pid() AS pid')).rows[0]?.pid as number;
    const pid = await pidOf(client);
    // The rebuild's connections end before the summary: their CPU is counted as each closes.
    let builderSeconds = 0;
    const builderPids = new Set<number>();
    backendSeconds = () => {
      const own = processSeconds(pid);
      if (own === undefined) return undefined;
      let sum = own + builderSeconds;
      for (const b of builderPids) sum += processSeconds(b) ?? 0;
      return sum;
    };
    const openBuilder = async (): Promise<Builder> => {
      const c = new pg.Client({ connectionString: t.url });
      await c.connect();
      const bpid = await pidOf(c);
      builderPids.add(bpid);
      await c.query("SET maintenance_work_mem = '1GB'");
      return {
        run: async (st) => {
          await c.query('BEGIN');
          try {
            await c.query(st.sql);
            await c.query(`DELETE FROM ${PENDING} WHERE seq = $1`, [st.seq]);
            await c.query('COMMIT');
          } catch (err) {
            await c.query('ROLLBACK');
            throw err;
          }
        },
        close: async () => {
          builderSeconds += processSeconds(bpid) ?? 0;
          builderPids.delete(bpid);
          await c.end();
        },
      };
    };
    const loader: Loader = {
      exec: async (sql) => void (await client.query(sql)),
      rows: async (sql) => (await client.query(sql)).rows,
      write: async (posts, items) => {
        await copyFrom(client, `COPY posts (${POST_COLUMNS}) FROM STDIN${FREEZE}`, posts);
        await copyFrom(client, `COPY post_items (${ITEM_COLUMNS}) FROM STDIN${FREEZE}`, items);
      },
    };
    return {
      store,
      openBuilder,
      connections: INDEX_CONNECTIONS,
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
  // PGlite is one connection: the rebuild runs its statements one after another.
  const openBuilder = async (): Promise<Builder> => ({
    run: (st) =>
      client.transaction(async (tx) => {
        await tx.exec("SET LOCAL maintenance_work_mem = '256MB'");
        await tx.exec(st.sql);
        await tx.query(`DELETE FROM ${PENDING} WHERE seq = $1`, [st.seq]);
      }),
    close: async () => {},
  });
  return {
    store,
    openBuilder,
    connections: 1,
    close: () => store.close(),
    transaction: (fn) =>
      client.transaction(async (tx) => {
        await fn({
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
