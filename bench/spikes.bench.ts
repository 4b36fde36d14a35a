// Demand-spike detection on the 1M-post data: how long one run of the 5-minute job takes.
//   npx tsx bench/spikes.bench.ts --database-url postgres://postgres@127.0.0.1:5432/medrelay_bench
//   npx tsx bench/spikes.bench.ts --pglite ./.data-bench/pglite
// The clock is pinned to the newest post, so "the last hour" is the data's busiest. Detection runs
// inside a transaction that is rolled back: the marks and outbox events it writes do not stay.
// "worst stall" is the longest the event loop went without a turn during a run (a 1 ms heartbeat):
// on PGlite every statement runs on the event loop, so that is how long requests to the same
// process would wait behind the job. On a loaded machine it includes time the OS gave to others.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createCatalog, readCatalog } from '../apps/server/src/modules/catalog/index.ts';
import { createRegions } from '../apps/server/src/modules/regions/index.ts';
import { createDemandSpikeDetector } from '../apps/server/src/modules/stats/index.ts';
import { type Db, selectRows } from '../apps/server/src/platform/db/index.ts';
import { stallMeter } from './lib/stall.ts';
import { loadAverage, machine, ms, summarize } from './lib/stats.ts';
import { describeTarget, openTarget, TARGET_OPTIONS, targetFrom } from './lib/store.ts';

const { values } = parseArgs({ options: { ...TARGET_OPTIONS, runs: { type: 'string', default: '10' } } });
const target = targetFrom(
  values,
  'npx tsx bench/spikes.bench.ts (--database-url URL | --pglite DIR) [--runs 10]',
);
const store = await openTarget(target, 1);
const [meta] = await selectRows<{ now: string | Date }>(
  store.db,
  sql`SELECT max(created_at) AS now FROM posts`,
);
if (!meta) throw new Error('no posts: run bench/generate.ts first');
const now = new Date(meta.now);
console.log(
  `# demand-spike detection, ${describeTarget(target)}; ${machine()}; load average ${loadAverage()}`,
);
const times: number[] = [];
const stalls: number[] = [];
const meter = stallMeter();
let found = 0;
const rollback = new Error('rollback');
for (let i = 0; i < Number(values.runs); i++) {
  await store.db
    .transaction(async (tx) => {
      const detector = createDemandSpikeDetector({
        db: tx as unknown as Db,
        clock: { now: () => now },
        catalog: createCatalog(readCatalog()),
        regions: createRegions(),
      });
      meter.reset();
      const t0 = performance.now();
      found = (await detector.detect()).length;
      times.push(performance.now() - t0);
      stalls.push(await meter.worst());
      throw rollback;
    })
    .catch((err) => {
      if (err !== rollback) throw err;
    });
}
meter.stop();
const s = summarize(times);
const stall = summarize(stalls);
console.log(
  `${times.length} runs: p50 ${ms(s.p50)} ms, max ${ms(s.max)} ms; worst event-loop stall p50 ${ms(stall.p50)} ms, max ${ms(stall.max)} ms; cities announced per run: ${found}; load average after ${loadAverage()}`,
);
await store.close();
