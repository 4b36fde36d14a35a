// Dose reminders and the measurements chart (issue 13):
// 1. 100,000 active reminders; the scheduler (the job bootstrap runs) finds and sends the doses due in
//    one minute: a busy minute (10 % of reminders at 08:00, ~10,000 doses) and an ordinary one (~70).
//    Each run records the dose rows and sends the notifications through notifyMany, as in production.
// 2. 1,000,000 measurements (10,000 people × 100 readings): one person's chart query (one kind, 30
//    days, the health record's index), p50/p99 over 2,000 queries on random people.
// The database is created for the run and dropped after it (--keep keeps it).
//   npx tsx bench/reminders.bench.ts --database-url postgres://postgres@127.0.0.1:5432/bench_reminders
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createReminderJob } from '../apps/server/src/modules/care/index.ts';
import { readCatalog, syncCatalog } from '../apps/server/src/modules/catalog/index.ts';
import { createNotificationsService } from '../apps/server/src/modules/notifications/index.ts';
import { ManualClock } from '../apps/server/src/platform/clock.ts';
import { migrate, selectRows } from '../apps/server/src/platform/db/index.ts';
import { loadAverage, machine, ms, summarize, table } from './lib/stats.ts';
import { ensureDatabase, openTarget, TARGET_OPTIONS, targetFrom } from './lib/store.ts';

const USAGE =
  'npx tsx bench/reminders.bench.ts --database-url URL [--reminders 100000] [--measurements 1000000] [--keep]';
const { values } = parseArgs({
  options: {
    ...TARGET_OPTIONS,
    reminders: { type: 'string', default: '100000' },
    measurements: { type: 'string', default: '1000000' },
    keep: { type: 'boolean', default: false },
  },
});
const target = targetFrom(values, USAGE);
if (target.kind !== 'postgres')
  throw new Error('this benchmark creates and drops its own PostgreSQL database');
const REMINDERS = Number(values.reminders);
const MEASUREMENTS = Number(values.measurements);

async function dropDatabase(url: string) {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  u.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
  await admin.end();
}

await dropDatabase(target.url);
await ensureDatabase(target.url);
const store = await openTarget(target, 4);
await migrate(store);
await syncCatalog(store.db, readCatalog());
const { db } = store;
console.log(`# reminders and chart, PostgreSQL; ${machine()}; load average before ${loadAverage()}`);

// People: one per 5 reminders, and the measurement subjects.
const PEOPLE = Math.max(REMINDERS / 5, MEASUREMENTS / 100);
let t0 = performance.now();
await db.execute(sql`INSERT INTO users (id, phone_hash, phone_enc, phone_masked, created_at)
  SELECT md5('u' || g)::uuid, 'h' || g, 'e' || g, '139****0000', now() FROM generate_series(1, ${PEOPLE}) g`);

// D = a China day; "now" is D 07:59:30 China time (D-1 23:59:30 UTC). Each reminder has one time a
// day: 10 % at 08:00, the rest spread over the day's minutes; next_due_at is its next occurrence.
const D = '2026-12-01';
const NOW = new Date(`${D}T00:00:00+08:00`).getTime() - 30_000 + 8 * 3_600_000;
await db.execute(sql`INSERT INTO care_reminders (id, user_id, medicine_id, dose_units, times, meal, starts_on, ends_on,
    quantity_left, status, next_due_at, created_at, updated_at)
  SELECT md5('r' || g)::uuid, md5('u' || (1 + g % ${REMINDERS / 5}))::uuid, 'ibuprofen-tablet', 1,
    ARRAY[to_char(make_time(m / 60, m % 60, 0), 'HH24:MI')], 'after', ${D}::date - 3, ${D}::date + 30, 100, 'active',
    CASE WHEN m >= 480 THEN (${D}::date + make_time(m / 60, m % 60, 0)) AT TIME ZONE 'Asia/Shanghai'
         ELSE (${D}::date + 1 + make_time(m / 60, m % 60, 0)) AT TIME ZONE 'Asia/Shanghai' END,
    now(), now()
  FROM (SELECT g, CASE WHEN g % 10 = 0 THEN 480 ELSE (hashtext('m' || g) & 2147483647) % 1440 END AS m
        FROM generate_series(1, ${REMINDERS}) g) s`);
await db.execute(sql`ANALYZE care_reminders`);
console.log(
  `setup: ${PEOPLE} people, ${REMINDERS} active reminders in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

const clock = new ManualClock(new Date(NOW));
const notifications = createNotificationsService({ db, clock, channels: ['push'] });
const job = createReminderJob({ db, clock, notifyMany: (tx, n) => notifications.notifyMany(tx, n) });

const [{ pending } = { pending: 0 }] = await selectRows<{ pending: number }>(
  db,
  sql`SELECT count(*)::int AS pending FROM care_reminders WHERE next_due_at <= ${new Date(NOW)}`,
);
const rows: (string | number)[][] = [];
// The minute 08:00 (busy), then 14:37 and 21:05 (ordinary): each run sends what came due since the last.
for (const [label, at] of [
  ['08:00, busy minute', `${D}T08:00:30+08:00`],
  ['14:37, ordinary minute', `${D}T14:37:30+08:00`],
  ['21:05, ordinary minute', `${D}T21:05:30+08:00`],
] as const) {
  // Catch up to one minute before, untimed, so the timed run holds one minute's doses.
  clock.set(new Date(new Date(at).getTime() - 60_000));
  await job.runOnce();
  clock.set(new Date(at));
  const before = loadAverage();
  t0 = performance.now();
  const sent = await job.runOnce();
  const took = performance.now() - t0;
  rows.push([label, sent.sent, ms(took), before]);
}
console.log(`\n## scheduler, ${REMINDERS} active reminders (${pending} due before the first minute)\n`);
console.log(table(['minute', 'doses sent', 'runOnce ms', 'load average'], rows));

// Measurements: MEASUREMENTS rows, 100 per person over 60 days, kinds in turn.
t0 = performance.now();
const SUBJECTS = MEASUREMENTS / 100;
await db.execute(sql`INSERT INTO health_measurements (id, user_id, kind, measured_at, value_enc, created_at)
  SELECT md5('m' || g)::uuid, md5('u' || (1 + g % ${SUBJECTS}))::uuid,
    (ARRAY['temperature','spo2','blood_pressure','blood_glucose'])[1 + (g / ${SUBJECTS}) % 4],
    now() - ((g % 86400) * interval '1 minute'), repeat('x', 60), now()
  FROM generate_series(1, ${MEASUREMENTS}) g`);
await db.execute(sql`ANALYZE health_measurements`);
console.log(
  `\nsetup: ${MEASUREMENTS} measurements for ${SUBJECTS} people in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

// The chart query as the health record's repo runs it: one person, one kind, a 30-day window.
const samples: number[] = [];
const from = new Date(Date.now() - 30 * 86_400_000);
const to = new Date();
const loadBefore = loadAverage();
for (let i = 0; i < 2000; i += 1) {
  const person = 1 + Math.floor(Math.random() * SUBJECTS);
  const s = performance.now();
  await selectRows(
    db,
    sql`SELECT id, measured_at, value_enc FROM health_measurements
      WHERE user_id = md5('u' || ${person}::text)::uuid AND kind = 'temperature'
        AND measured_at >= ${from} AND measured_at <= ${to}
      ORDER BY measured_at LIMIT 500`,
  );
  samples.push(performance.now() - s);
}
const chart = summarize(samples);
console.log(`\n## chart query, ${MEASUREMENTS} measurements, 2,000 queries (load average ${loadBefore})\n`);
console.log(table(['p50 ms', 'p99 ms', 'max ms'], [[ms(chart.p50), ms(chart.p99), ms(chart.max)]]));
console.log(`\nload average after ${loadAverage()}`);

await store.close();
if (!values.keep) await dropDatabase(target.url);
