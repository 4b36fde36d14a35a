// Publishing with matching and alert fan-out (issue 10): at 1M posts and 100,000 saved alerts, what
// the reach work adds to each published post. The app is built in this process without its timers:
// each post is published through `POST /api/v1/posts` (app.inject: the route's screening, quotas and
// transaction — "publishing without"), then the reach consumer is run once by hand for that post's
// event ("the fan-out": counterpart matches, alert subscribers, one notification per person in one
// transaction, the live event). The overhead is the second figure.
//   npx tsx bench/alerts.bench.ts --database-url URL     # writes the 100,000 alerts first
//   npx tsx bench/publish-fanout.bench.ts --database-url postgres://postgres@127.0.0.1:5432/medrelay_bench [--posts 300]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { buildApp } from '../apps/server/src/app.ts';
import { createCatalog, readCatalog } from '../apps/server/src/modules/catalog/index.ts';
import { rulesEngine } from '../apps/server/src/modules/moderation/index.ts';
import { createRegions } from '../apps/server/src/modules/regions/index.ts';
import { selectRows } from '../apps/server/src/platform/db/index.ts';
import { FormatVerifier } from '../apps/server/src/platform/format-verifier.ts';
import { PersonalData } from '../apps/server/src/platform/personal-data.ts';
import { ConsoleSmsProvider } from '../apps/server/src/platform/sms.ts';
import { loadAverage, machine, ms, summarize, table } from './lib/stats.ts';
import { describeTarget, openTarget, TARGET_OPTIONS, targetFrom } from './lib/store.ts';

const USAGE = 'npx tsx bench/publish-fanout.bench.ts (--database-url URL | --pglite DIR) [--posts 300]';
const { values } = parseArgs({ options: { ...TARGET_OPTIONS, posts: { type: 'string', default: '300' } } });
const target = targetFrom(values, USAGE);
const store = await openTarget(target, 4);
const [alerts] = await selectRows<{ n: string | number }>(store.db, sql`SELECT count(*) AS n FROM alerts`);
console.log(
  `# publish with fan-out, ${describeTarget(target)}; ${Number(alerts?.n)} alerts; ${machine()}; load average before ${loadAverage()}`,
);
const dir = mkdtempSync(path.join(os.tmpdir(), 'medrelay-bench-'));
const outbox = path.join(dir, 'sms.jsonl');
const built = await buildApp({
  store,
  clock: { now: () => new Date() },
  sms: new ConsoleSmsProvider(outbox),
  personal: new PersonalData({ encKeyId: 'bench', encKey: randomBytes(32), hashKey: randomBytes(32) }),
  catalog: createCatalog(readCatalog()),
  regions: createRegions(),
  logger: pino({ level: 'warn' }),
  statsMinCount: 3,
  verifier: new FormatVerifier(),
  rulesEngine,
  requireVerification: false,
  rateLimitFactor: 1000,
  quotas: { openPerKind: 1_000_000, newPerDay: 1_000_000, sameMedicineHours: 0 },
});
const { app, reach, posts } = built;
// Drain what is pending (earlier runs), so each timed run handles one post.
while ((await reach.runOnce()) > 0);

// Where the alerts are (bench/alerts.bench.ts): ten busy cities.
const CITIES = [
  [39.9, 116.4],
  [31.23, 121.47],
  [22.54, 114.06],
  [23.13, 113.26],
  [30.57, 104.07],
] as const;
const medicines = readCatalog().medicines.map((m) => m.id);
const any = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)] as T;

const residents: string[] = [];
for (let i = 0; i < 20; i++) {
  const phone = `133${`${Date.now() % 100000}`.padStart(5, '0')}${String(i).padStart(3, '0')}`;
  const ip = `10.66.0.${i + 1}`;
  await app.inject({ method: 'POST', url: '/api/v1/auth/sms', payload: { phone }, remoteAddress: ip });
  const line = readFileSync(outbox, 'utf8').trim().split('\n').at(-1) as string;
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { phone, code: (JSON.parse(line) as { code: string }).code },
    remoteAddress: ip,
  });
  residents.push(String(login.headers['set-cookie']).split(';')[0] as string);
}

const publish: number[] = [];
const fanout: number[] = [];
const both: number[] = [];
const matching: number[] = [];
let notified = 0;
const created: string[] = [];
for (let n = 0; n < Number(values.posts); n++) {
  const [lat, lng] = any(CITIES);
  const offer = n % 2 === 0;
  const medicineId = any(medicines);
  const t0 = performance.now();
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/posts',
    headers: { cookie: any(residents) },
    remoteAddress: '10.66.1.1',
    payload: {
      kind: offer ? 'offer' : 'need',
      items: [
        offer
          ? { medicineId, quantity: 1, expiresOn: '2028-06-30', unopened: true }
          : { medicineId, quantity: 1 },
      ],
      location: { lat: lat + (Math.random() - 0.5) * 0.3, lng: lng + (Math.random() - 0.5) * 0.3 },
      consent: true,
    },
  });
  const t1 = performance.now();
  if (res.statusCode !== 201) {
    console.error(`post ${res.statusCode} ${res.body}`);
    continue;
  }
  created.push((res.json() as { id: string }).id);
  const [before] = await selectRows<{ n: string | number }>(
    store.db,
    sql`SELECT count(*) AS n FROM notifications`,
  );
  const t2 = performance.now();
  const handled = await reach.runOnce();
  const t3 = performance.now();
  const [after] = await selectRows<{ n: string | number }>(
    store.db,
    sql`SELECT count(*) AS n FROM notifications`,
  );
  if (handled !== 1) console.error(`reach handled ${handled} events`);
  notified += Number(after?.n) - Number(before?.n);
  // The counterpart-matching query alone, once more (a read): its share of the fan-out.
  const t4 = performance.now();
  await posts.matches(created.at(-1) as string);
  matching.push(performance.now() - t4);
  publish.push(t1 - t0);
  fanout.push(t3 - t2);
  both.push(t1 - t0 + (t3 - t2));
}
const p = summarize(publish);
const f = summarize(fanout);
const b = summarize(both);
const m = summarize(matching);
console.log(
  table(
    ['', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
    [
      ['publish (route, without fan-out)', p.n, ms(p.p50), ms(p.p95), ms(p.p99), ms(p.max)],
      ['fan-out for that post (reach consumer)', f.n, ms(f.p50), ms(f.p95), ms(f.p99), ms(f.max)],
      ['publish + fan-out', b.n, ms(b.p50), ms(b.p95), ms(b.p99), ms(b.max)],
      ['of which: counterpart matches (run again alone)', m.n, ms(m.p50), ms(m.p95), ms(m.p99), ms(m.max)],
    ],
  ),
);
console.log(
  `p99 overhead (p99 of publish + fan-out minus p99 of publish): ${ms(b.p99 - p.p99)} ms; notifications per post ${(notified / Math.max(1, f.n)).toFixed(1)}; load average after ${loadAverage()}`,
);
// The bench's posts and what they caused are removed again.
await store.db.execute(
  sql`DELETE FROM posts WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(created)}::jsonb)::uuid)`,
);
// Vacuumed too: the deleted rows sit exactly where the next run's posts look for counterparts (the
// same five cities), and until autovacuum comes by (it waits for a fifth of a table to change) each
// run would find its matches among more dead index entries than the one before.
await store.db.execute(sql`VACUUM ANALYZE posts, post_items, notifications, notification_deliveries`);
await app.close();
await store.close();
