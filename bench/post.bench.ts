// Posting benchmark: what one published post costs the server and PostgreSQL, on the 1M-post data.
//   npx tsx bench/post.bench.ts --database-url postgres://postgres@127.0.0.1:5432/medrelay_bench
// Residents log in with the SMS code and verify (not timed), then each publishes its day's quota
// (3 needs and 2 offers, different medicines) through the real routes with app.inject(), several at
// a time: rules screening, quotas, consent, encryption, the insert of post and items and the outbox
// event, all in the route's transaction. The posts are deleted at the end.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { bootstrap } from '../apps/server/src/bootstrap.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { selectRows } from '../apps/server/src/platform/db/index.ts';
import { checkCharacter } from '../apps/server/src/platform/id-number.ts';
import { postgresTicks, ticksSeconds } from './lib/cpu.ts';
import { loadAverage, machine, ms, summarize, table } from './lib/stats.ts';
import { TARGET_OPTIONS, targetFrom } from './lib/store.ts';

const USAGE = 'npx tsx bench/post.bench.ts --database-url URL [--residents 200] [--concurrency 8]';
const { values } = parseArgs({
  options: {
    ...TARGET_OPTIONS,
    residents: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '8' },
  },
});
const target = targetFrom(values, USAGE);
if (target.kind !== 'postgres') {
  console.error('bench/post.bench.ts runs on PostgreSQL');
  process.exit(2);
}
const url = (target as { url: string }).url;
const database = decodeURIComponent(new URL(url).pathname.slice(1));
const DATA_DIR = path.resolve('.data-bench/post');
const RESIDENTS = Number(values.residents);
const CONCURRENCY = Number(values.concurrency);

// Big-city points and a plan of five different medicines per resident (the same medicine only once a day).
const PLACES = [
  { lat: 22.5431, lng: 114.0579 },
  { lat: 30.2741, lng: 120.1551 },
  { lat: 31.2304, lng: 121.4737 },
  { lat: 23.1291, lng: 113.2644 },
  { lat: 39.9087, lng: 116.3975 },
];
const PLAN: { kind: 'need' | 'offer'; medicineId: string }[] = [
  { kind: 'need', medicineId: 'ibuprofen-tablet' },
  { kind: 'need', medicineId: 'antigen-test-single' },
  { kind: 'need', medicineId: 'acetaminophen-tablet' },
  { kind: 'offer', medicineId: 'ibuprofen-sr-capsule' },
  { kind: 'offer', medicineId: 'acetaminophen-drops' },
];

const idNumber = (i: number) => {
  const day = String((Math.floor(i / 1000) % 28) + 1).padStart(2, '0');
  const first17 = `440305198406${day}${String(i % 1000).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};

async function main() {
  mkdirSync(DATA_DIR, { recursive: true });
  const outbox = path.join(DATA_DIR, `sms-${Date.now()}.jsonl`);
  const config = loadConfig({
    DATABASE_URL: url,
    PHONE_ENC_KEY: randomBytes(32).toString('base64'),
    HASH_KEY: randomBytes(32).toString('base64'),
    DATA_DIR,
    SMS_OUTBOX: outbox,
    LOG_LEVEL: 'warn',
    WEB_DIST: path.join(DATA_DIR, 'no-web-app'),
    NODE_ENV: 'production',
  });
  const running = await bootstrap(config);
  const { app } = running;
  const run = `${Date.now() % 100000}`.padStart(5, '0');
  const residents: { cookie: string; ip: string; phone: string }[] = [];
  console.log('# posting benchmark (bootstrap() on PostgreSQL, app.inject(), no sockets)');
  console.log(`${machine()}; load average before: ${loadAverage()}`);
  try {
    for (let i = 0; i < RESIDENTS; i++) {
      const phone = `137${run}${String(i).padStart(3, '0')}`;
      const ip = `10.77.${Math.floor(i / 250)}.${(i % 250) + 1}`;
      const sms = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sms',
        payload: { phone },
        remoteAddress: ip,
      });
      if (sms.statusCode !== 200) throw new Error(`sms ${sms.statusCode} ${sms.body}`);
      const line = readFileSync(outbox, 'utf8').trim().split('\n').at(-1) as string;
      const { code } = JSON.parse(line) as { code: string };
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { phone, code },
        remoteAddress: ip,
      });
      const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
      const verify = await app.inject({
        method: 'POST',
        url: '/api/v1/me/verification',
        payload: { name: '李四', idNumber: idNumber(Number(run) * 7 + i) },
        headers: { cookie },
        remoteAddress: ip,
      });
      if (verify.statusCode !== 200) throw new Error(`verify ${verify.statusCode} ${verify.body}`);
      residents.push({ cookie, ip, phone });
    }

    const jobs = residents.flatMap((r, i) =>
      PLAN.map((p, j) => ({ r, body: { ...p, place: PLACES[(i + j) % PLACES.length] } })),
    );
    const latencies: number[] = [];
    let failed = 0;
    let next = 0;
    const cpu0 = process.cpuUsage();
    const pg0 = postgresTicks(database);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++] as (typeof jobs)[number];
          const t0 = performance.now();
          const res = await app.inject({
            method: 'POST',
            url: '/api/v1/posts',
            headers: { cookie: job.r.cookie },
            remoteAddress: job.r.ip,
            payload: {
              kind: job.body.kind,
              items: [
                job.body.kind === 'need'
                  ? { medicineId: job.body.medicineId, quantity: 2 }
                  : { medicineId: job.body.medicineId, quantity: 2, expiresOn: '2027-06-30', unopened: true },
              ],
              location: job.body.place,
              note: job.body.kind === 'need' ? '家里老人发烧，求两盒' : '家里多的，未拆封，免费送',
              consent: true,
            },
          });
          latencies.push(performance.now() - t0);
          if (res.statusCode !== 201) {
            failed++;
            if (failed <= 3) console.error(`post ${res.statusCode} ${res.body}`);
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const pg = ticksSeconds(pg0, postgresTicks(database));
    const s = summarize(latencies);
    const posts = jobs.length - failed;
    console.log(
      `\n${posts} posts by ${RESIDENTS} residents, ${CONCURRENCY} at a time, in ${seconds.toFixed(1)} s; ${failed} failed\n`,
    );
    console.log(
      table(
        ['posts/s', 'p50 ms', 'p95 ms', 'p99 ms', 'server CPU ms/post', 'PostgreSQL CPU ms/post'],
        [
          [
            (posts / seconds).toFixed(0),
            ms(s.p50),
            ms(s.p95),
            ms(s.p99),
            ms((cpu.user + cpu.system) / 1000 / posts),
            ms((pg * 1000) / posts),
          ],
        ],
      ),
    );
    console.log(`\nload average after: ${loadAverage()}`);
  } finally {
    // Leave the benchmark data as generate.ts made it.
    const ids = await selectRows<{ id: string }>(
      running.store.db,
      sql`SELECT id FROM users WHERE created_at > now() - interval '1 hour' AND phone_masked LIKE ${'137%'}`,
    );
    if (ids.length) {
      const list = sql`(SELECT jsonb_array_elements_text(${JSON.stringify(ids.map((u) => u.id))}::jsonb)::uuid)`;
      await running.store.db.execute(
        sql`DELETE FROM post_items WHERE post_id IN (SELECT id FROM posts WHERE user_id IN ${list})`,
      );
      await running.store.db.execute(sql`DELETE FROM posts WHERE user_id IN ${list}`);
    }
    await running.stop();
  }
}

await main();
