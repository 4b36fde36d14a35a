// The square's in-memory index built from a benchmark database, and nothing else: how long the
// start-up read takes, where that time goes, and what the index holds in memory. bench/http.bench.ts
// prints the same build figures but also starts the whole server and a load; at 10M posts this is
// the cheaper way to see them.
//   NODE_OPTIONS=--max-old-space-size=12288 npx tsx --expose-gc bench/square-index.bench.ts \
//     --database-url postgres://postgres@127.0.0.1:5432/medrelay_bench10m
// First the SQL alone: the same statements the build runs (open posts of a kind along
// posts_open_time_idx, 5,000 at a time, then their items), rows read and thrown away. Then the real
// build (createSquareIndex().build(), as the server runs it at start), timed and measured. The
// difference between the two is the time spent inserting into the grid (and yielding to the loop).
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { KINDS } from '@medrelay/contracts';
import { createSquareIndex } from '../apps/server/src/modules/posts/index.ts';
import { Interner, squareIndexRepo } from '../apps/server/src/modules/posts/square-index/repo.ts';
import { loadAverage, machine } from './lib/stats.ts';
import { describeTarget, openTarget, TARGET_OPTIONS, targetFrom } from './lib/store.ts';

const USAGE =
  'npx tsx --expose-gc bench/square-index.bench.ts (--database-url URL | --pglite DIR) [--skip-sql]';
const { values } = parseArgs({
  options: { ...TARGET_OPTIONS, 'skip-sql': { type: 'boolean', default: false } },
});
const target = targetFrom(values, USAGE);
const BATCH = 5_000; // as square-index.ts reads at start

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20).toLocaleString('en')} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const cpuSecs = (c: NodeJS.CpuUsage) => `${((c.user + c.system) / 1e6).toFixed(1)} s`;
function memory() {
  gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

async function main() {
  const store = await openTarget(target, 2);
  console.log(`# the square's index, built from ${describeTarget(target)}`);
  console.log(
    `${machine()}; load average before: ${loadAverage()}; heap limit from NODE_OPTIONS: ${process.env.NODE_OPTIONS ?? 'default'}`,
  );
  if (!gc) console.log('(run with --expose-gc for heap figures after a collection)');

  if (!values['skip-sql']) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const intern = new Interner();
    let posts = 0;
    let postsMs = 0;
    let itemsMs = 0;
    for (const kind of KINDS) {
      let after: { created: number | string; id: string } | undefined;
      for (;;) {
        const t1 = performance.now();
        const rows = await squareIndexRepo.openPostsAfter(store.db, kind, after, BATCH);
        const t2 = performance.now();
        await squareIndexRepo.withItems(store.db, rows, intern);
        itemsMs += performance.now() - t2;
        postsMs += t2 - t1;
        posts += rows.length;
        const last = rows.at(-1);
        if (rows.length < BATCH || !last) break;
        after = { created: last.created, id: last.id };
      }
    }
    console.log(
      `SQL alone: ${posts.toLocaleString('en')} open posts in ${secs(performance.now() - t0)} ` +
        `(posts ${secs(postsMs)}, their items ${secs(itemsMs)}; one statement at a time, no overlap); ` +
        `CPU of this process ${cpuSecs(process.cpuUsage(c0))}; load average ${loadAverage()}`,
    );
  }

  const before = memory();
  const index = createSquareIndex({
    db: store.db,
    log: { info: (obj, msg) => console.log(`  ${msg} ${JSON.stringify(obj)}`) },
  });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await index.build();
  const buildMs = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const after = memory();
  console.log(
    `build: ${index.size.toLocaleString('en')} open posts ready in ${secs(buildMs)}; CPU of this process ${cpuSecs(cpu)}; ` +
      `heap ${mb(before.heap)} → ${mb(after.heap)}, RSS ${mb(before.rss)} → ${mb(after.rss)}; load average ${loadAverage()}`,
  );
  index.close();
  await store.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
