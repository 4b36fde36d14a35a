// Alert fan-out: how long a newly visible post takes to find the saved alerts it concerns, with
// 100,000 alerts saved around ten cities (the reach consumer runs this for every new post).
//   npx tsx bench/alerts.bench.ts --pglite ./.data-bench/alerts
//   npx tsx bench/alerts.bench.ts --database-url postgres://postgres@127.0.0.1:5432/medrelay_bench
// The alerts are written once into a store of their own (table `alerts` emptied first); the posts
// are synthetic points, so the figure is the SQL look-up plus the exact-distance check, nothing else.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createCatalog, readCatalog } from '../apps/server/src/modules/catalog/index.ts';
import { createAlertsService } from '../apps/server/src/modules/reach/index.ts';
import { createRegions } from '../apps/server/src/modules/regions/index.ts';
import { migrate } from '../apps/server/src/platform/db/index.ts';
import { loadAverage, machine, ms, summarize } from './lib/stats.ts';
import { describeTarget, ensureDatabase, openTarget, TARGET_OPTIONS, targetFrom } from './lib/store.ts';

const { values } = parseArgs({
  options: {
    ...TARGET_OPTIONS,
    alerts: { type: 'string', default: '100000' },
    lookups: { type: 'string', default: '2000' },
  },
});
const target = targetFrom(values, 'npx tsx bench/alerts.bench.ts (--database-url URL | --pglite DIR)');
if (target.kind === 'postgres') await ensureDatabase(target.url);
const store = await openTarget(target, 1);
await migrate(store);
const catalog = createCatalog(readCatalog());
const medicines = readCatalog().medicines.map((m) => m.id);
const categories = catalog.categories.map((c) => c.id);
// Ten busy cities (WGS-84 centres), alerts scattered within about 30 km of each.
const CITIES = [
  [39.9, 116.4],
  [31.23, 121.47],
  [22.54, 114.06],
  [23.13, 113.26],
  [30.57, 104.07],
  [30.59, 114.3],
  [34.34, 108.94],
  [29.56, 106.55],
  [36.07, 120.38],
  [41.8, 123.43],
] as const;
const rand = (n: number) => Math.floor(Math.random() * n);
const around = () => {
  const [lat, lng] = CITIES[rand(CITIES.length)] as readonly [number, number];
  return { lat: lat + (Math.random() - 0.5) * 0.5, lng: lng + (Math.random() - 0.5) * 0.5 };
};

const total = Number(values.alerts);
const now = new Date();
await store.db.execute(sql`DELETE FROM alerts`);
const users = Array.from({ length: 5000 }, () => randomUUID());
for (let i = 0; i < users.length; i += 1000) {
  const chunk = users.slice(i, i + 1000);
  await store.db.execute(
    sql`INSERT INTO users (id, phone_hash, phone_enc, phone_masked, created_at)
        SELECT u, 'bench-' || u, 'x', '138****0000', now() FROM unnest(${`{${chunk.join(',')}}`}::uuid[]) AS u
        ON CONFLICT DO NOTHING`,
  );
}
const t0 = performance.now();
for (let i = 0; i < total; i += 2000) {
  const rows = Array.from({ length: Math.min(2000, total - i) }, () => {
    const p = around();
    const byCategory = Math.random() < 0.2;
    return sql`(${randomUUID()}, ${users[rand(users.length)]}, ${Math.random() < 0.5 ? 'need' : 'offer'},
      ${byCategory ? null : medicines[rand(medicines.length)]}, ${byCategory ? categories[rand(categories.length)] : null},
      ${p.lat}, ${p.lng}, ${[1, 3, 5, 10, 20][rand(5)]}, ${now.toISOString()}::timestamptz,
      ${new Date(now.getTime() + 14 * 86_400_000).toISOString()}::timestamptz)`;
  });
  await store.db.execute(
    sql`INSERT INTO alerts (id, user_id, kind, medicine_id, category, lat, lng, radius_km, created_at, expires_at)
        VALUES ${sql.join(rows, sql`, `)}`,
  );
}
await store.db.execute(sql`ANALYZE alerts`);
console.log(
  `# alert fan-out, ${describeTarget(target)}; ${total} alerts written in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${machine()}; load average ${loadAverage()}`,
);

const alerts = createAlertsService({
  db: store.db,
  clock: { now: () => now },
  catalog,
  regions: createRegions(),
});
const times: number[] = [];
let found = 0;
for (let i = 0; i < Number(values.lookups); i++) {
  const p = around();
  const medicineId = medicines[rand(medicines.length)] as string;
  const t = performance.now();
  const hits = await alerts.matching(
    store.db,
    {
      kind: Math.random() < 0.5 ? 'need' : 'offer',
      medicineIds: [medicineId],
      categories: [catalog.get(medicineId)?.category ?? 'other'],
      lat: p.lat,
      lng: p.lng,
    },
    null,
  );
  times.push(performance.now() - t);
  found += hits.length;
}
const s = summarize(times);
console.log(
  `subscribers of one new post: p50 ${ms(s.p50)} ms, p99 ${ms(s.p99)} ms, max ${ms(s.max)} ms over ${s.n} look-ups; ${(found / s.n).toFixed(1)} alerts notified per post on average`,
);
await store.close();
