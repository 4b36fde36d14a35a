// The square's in-memory index built from a benchmark database, and nothing else: how long the
// start-up read takes, where that time goes, and what the index holds in memory. bench/http.bench.ts
// prints the same build figures but also starts the whole server and a load; at 10M posts this is
// the cheaper way to see them.
//   NODE_OPTIONS=--max-old-space-size=12288 npx tsx --expose-gc bench/square-index.bench.ts \
//     --database-url postgres://postgres@127.0.0.1:5432/medrelay_bench10m
// First the SQL alone: the build's own read (squareIndexRepo.readOpen: on PostgreSQL one statement per
// kind through a cursor, on PGlite keyset batches along posts_open_time_idx, each post with its items),
// rows converted and thrown away. Then the real build (createSquareIndex().build(), as the server runs
// it at start), timed and measured. The difference between the two is the time spent inserting into
// the grid (and yielding to the loop), less the overlap of the two kinds' reads.
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
    const batch = squareIndexRepo.readBatch(store.db); // as the build reads
    let posts = 0;
    // The build's own read (squareIndexRepo.readOpen), one kind after the other, the rows converted
    // and dropped.
    for (const kind of KINDS) {
      await squareIndexRepo.readOpen(store.db, kind, batch, intern, async (rows) => {
        posts += rows.length;
        return true;
      });
    }
    console.log(
      `SQL alone: ${posts.toLocaleString('en')} open posts with their items in ${secs(performance.now() - t0)} ` +
        `(one kind after the other, ${batch.toLocaleString('en')} rows a statement); ` +
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
