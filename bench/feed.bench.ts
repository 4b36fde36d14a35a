// SQL-level feed benchmark: calls the project's own queryFeed() with the project's Db, one query at a
// time, and prints latency percentiles per scenario.
//   npx tsx bench/feed.bench.ts --database-url postgres://postgres@127.0.0.1:5432/medrelay_bench
//   npx tsx bench/feed.bench.ts --pglite ./.data-bench/pglite
// Run bench/generate.ts first. Query points and medicines come from the generator's distributions.
// `now` is the newest post's creation time, so the data looks as it did when it was generated however
// much later the benchmark runs. --explain prints EXPLAIN (ANALYZE, BUFFERS) of each scenario's
// slowest query.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { type FeedFilter, queryFeed } from '../apps/server/src/modules/posts/posts.feed.ts';
import { type Db, selectRows } from '../apps/server/src/platform/db/index.ts';
import { loadMedicines, loadPlaces, type Rand, rng } from './lib/model.ts';
import { loadAverage, machine, ms, summarize, table } from './lib/stats.ts';
import { describeTarget, openTarget, TARGET_OPTIONS, targetFrom } from './lib/store.ts';

const USAGE =
  'npx tsx bench/feed.bench.ts (--database-url URL | --pglite DIR) [--queries 1000] [--warmup 100] [--seed 7] [--only name,…] [--explain]';
const { values } = parseArgs({
  options: {
    ...TARGET_OPTIONS,
    queries: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '100' },
    seed: { type: 'string', default: '7' },
    only: { type: 'string' },
    explain: { type: 'boolean', default: false },
  },
});
const target = targetFrom(values, USAGE);
const QUERIES = Number(values.queries);
const WARMUP = Number(values.warmup);
const RADIUS_KM = 10;
const LIMIT = 20;

const places = loadPlaces();
const medicines = loadMedicines();

interface Scenario {
  name: string;
  what: string;
  make(r: Rand): FeedFilter;
}

const near = (r: Rand) => {
  const p = places.draw('need', r);
  return { lat: p.lat, lng: p.lng };
};
const SCENARIOS: Scenario[] = [
  {
    name: 'near-medicine',
    what: '20 nearest open needs for medicine X within 10 km',
    make: (r) => ({
      kind: 'need',
      medicineId: medicines.draw('need', r).id,
      near: near(r),
      radiusKm: RADIUS_KM,
      sort: 'distance',
      limit: LIMIT,
    }),
  },
  {
    name: 'near-medicine-by-time',
    what: '20 newest open needs for medicine X within 10 km',
    make: (r) => ({
      kind: 'need',
      medicineId: medicines.draw('need', r).id,
      near: near(r),
      radiusKm: RADIUS_KM,
      sort: 'time',
      limit: LIMIT,
    }),
  },
  {
    name: 'city-by-time',
    what: '20 newest open needs in a city (region filter)',
    make: (r) => ({
      kind: 'need',
      region: { level: 'city', code: places.drawCity(r) },
      sort: 'time',
      limit: LIMIT,
    }),
  },
  {
    name: 'near-any',
    what: '20 nearest open needs within 10 km, any medicine',
    make: (r) => ({ kind: 'need', near: near(r), radiusKm: RADIUS_KM, sort: 'distance', limit: LIMIT }),
  },
];

/** A Db whose execute() prints the plan of each query instead of its rows. */
function explaining(db: Db, out: string[]): Db {
  return new Proxy(db, {
    get(t, prop, receiver) {
      if (prop !== 'execute') return Reflect.get(t, prop, receiver);
      return async (query: Parameters<Db['execute']>[0]) => {
        const plan = await selectRows<Record<string, string>>(
          t,
          sql`EXPLAIN (ANALYZE, BUFFERS) ${query as ReturnType<typeof sql>}`,
        );
        out.push(plan.map((row) => Object.values(row)[0]).join('\n'));
        return { rows: [] };
      };
    },
  });
}

async function main() {
  const store = await openTarget(target, 2);
  const { db } = store;
  const [meta] = await selectRows<{ now: string | Date | null; version: string; posts: number }>(
    db,
    sql`SELECT max(created_at) AS now, version() AS version, count(*)::int AS posts FROM posts`,
  );
  if (!meta?.now) throw new Error('no posts: run bench/generate.ts first');
  const now = new Date(meta.now);
  console.log(`# feed benchmark (SQL level, queryFeed) on ${describeTarget(target)}`);
  console.log(
    `${meta.version.split(' on ')[0]}; ${meta.posts.toLocaleString('en')} posts; now = ${now.toISOString()}`,
  );
  console.log(`${machine()}; load average before: ${loadAverage()}`);
  console.log(`${QUERIES} queries per scenario after ${WARMUP} warm-up queries, one at a time\n`);

  const only = values.only?.split(',');
  const rows: (string | number)[][] = [];
  const plans: string[] = [];
  for (const s of SCENARIOS.filter((x) => !only || only.includes(x.name))) {
    const r = rng(Number(values.seed));
    for (let i = 0; i < WARMUP; i++) await queryFeed(db, s.make(r), now);
    const times: number[] = [];
    let results = 0;
    let full = 0;
    let slowest = { t: -1, f: undefined as FeedFilter | undefined };
    for (let i = 0; i < QUERIES; i++) {
      const f = s.make(r);
      const t0 = performance.now();
      const page = await queryFeed(db, f, now);
      const t = performance.now() - t0;
      times.push(t);
      results += page.ids.length;
      if (page.ids.length === LIMIT) full++;
      if (t > slowest.t) slowest = { t, f };
    }
    const m = summarize(times);
    rows.push([
      s.name,
      ms(m.p50),
      ms(m.p95),
      ms(m.p99),
      ms(m.max),
      ms(m.mean),
      (results / QUERIES).toFixed(1),
      `${((100 * full) / QUERIES).toFixed(0)}%`,
    ]);
    console.log(`${s.name}: ${s.what}: p50 ${ms(m.p50)} ms, p99 ${ms(m.p99)} ms`);
    if (values.explain && slowest.f) {
      const out: string[] = [];
      await queryFeed(explaining(db, out), slowest.f, now);
      plans.push(
        `## ${s.name}: slowest query (${ms(slowest.t)} ms)\n${JSON.stringify(slowest.f)}\n${out.join('\n')}`,
      );
    }
  }
  console.log(
    `\n${table(['scenario', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'mean ms', 'rows/query', 'full pages'], rows)}`,
  );
  console.log(`\nload average after: ${loadAverage()}`);
  for (const p of plans) console.log(`\n${p}`);
  await store.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
