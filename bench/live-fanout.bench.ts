// The live square at scale (issue 10): one server process holds N open `GET /api/v1/live` streams
// (default 5,000), then a resident publishes; how long until every stream has the post.created event.
//   npx tsx bench/live-fanout.bench.ts --database-url postgres://postgres@127.0.0.1:5432/medrelay_bench [--streams 5000] [--posts 5]
//   npx tsx bench/live-fanout.bench.ts --pglite ./.data-bench/server/pgdata
// Each stream comes from an address of its own (X-Forwarded-For, as behind the reverse proxy), so
// the per-address limit of 6 streams applies as in production; the process needs `ulimit -n` above
// the stream count (each stream is a socket at both ends when the client runs on the same machine).
// Two figures per post: from the 201 to the last stream (what a resident sees: it includes the
// reach consumer's 1-second poll of the outbox), and from the first stream to the last (the
// fan-out itself, once the event is on the bus).
import { execSync } from 'node:child_process';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { lastCode, startBenchServer } from './lib/server-process.ts';
import { loadAverage, machine, ms, summarize, table } from './lib/stats.ts';
import { describeTarget, TARGET_OPTIONS, targetFrom } from './lib/store.ts';

const USAGE =
  'npx tsx bench/live-fanout.bench.ts (--database-url URL | --pglite DIR) [--streams 5000] [--posts 5]';
const { values } = parseArgs({
  options: {
    ...TARGET_OPTIONS,
    streams: { type: 'string', default: '5000' },
    posts: { type: 'string', default: '5' },
  },
});
const target = targetFrom(values, USAGE);
const STREAMS = Number(values.streams);
const ulimit = execSync('ulimit -n', { shell: '/bin/sh', encoding: 'utf8' }).trim();
const server = await startBenchServer(target);
console.log(
  `# live fan-out, ${describeTarget(target)}; ${STREAMS} streams; ulimit -n ${ulimit}; ${machine()}; load average before ${loadAverage()}`,
);

const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
const arrivals = new Map<string, number[]>(); // post id → arrival times
const opened: http.ClientRequest[] = [];
const address = (i: number) => `10.${100 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
const open = (i: number) =>
  new Promise<void>((resolve, reject) => {
    const req = http.get(
      `${server.base}/api/v1/live?kind=offer`,
      { agent, headers: { 'x-forwarded-for': address(i), accept: 'text/event-stream' } },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream ${i}: ${res.statusCode}`));
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (!block.includes('event: post.created')) continue;
            const data = block.split('\n').find((l) => l.startsWith('data:'));
            const id = (JSON.parse(data?.slice(5) ?? '{}') as { post?: { id?: string } }).post?.id;
            if (!id) continue;
            const list = arrivals.get(id) ?? [];
            list.push(performance.now());
            arrivals.set(id, list);
          }
        });
        resolve();
      },
    );
    req.on('error', reject);
    opened.push(req);
  });
const t0 = performance.now();
for (let i = 0; i < STREAMS; i += 200) {
  await Promise.all(Array.from({ length: Math.min(200, STREAMS - i) }, (_, j) => open(i + j)));
}
console.log(`${STREAMS} streams open in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const post = (path: string, ip: string, body: unknown, cookie?: string) =>
  fetch(`${server.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
// One resident per post, each a different medicine and place: the rules hold a resident's near-identical
// posts for review, and a held post is not public, so it never reaches the live square.
const MEDICINES = [
  'ibuprofen-tablet',
  'acetaminophen-tablet',
  'loratadine-tablet',
  'vitamin-c-tablet',
  'ors-iii',
];
const posters: { ip: string; cookie: string }[] = [];
for (let n = 0; n < Number(values.posts); n++) {
  const phone = `134${`${Date.now() % 100000}`.padStart(5, '0')}${String(n).padStart(3, '0')}`;
  const ip = `10.99.0.${n + 1}`;
  await post('/api/v1/auth/sms', ip, { phone });
  const login = await post('/api/v1/auth/login', ip, { phone, code: lastCode(server.dataDir, phone) });
  posters.push({ ip, cookie: String(login.headers.get('set-cookie')).split(';')[0] as string });
}

const rows: (string | number)[][] = [];
const toLast: number[] = [];
for (let n = 0; n < Number(values.posts); n++) {
  await server.ask('stall');
  const sent = performance.now();
  const poster = posters[n] as (typeof posters)[number];
  const res = await post(
    '/api/v1/posts',
    poster.ip,
    {
      kind: 'offer',
      items: [
        { medicineId: MEDICINES[n % MEDICINES.length], quantity: 1, expiresOn: '2028-06-30', unopened: true },
      ],
      location: { lat: 22.5431 + n * 0.01, lng: 114.0579 },
      consent: true,
    },
    poster.cookie,
  );
  const created = performance.now();
  const { id, status } = (await res.json()) as { id: string; status: string };
  if (res.status !== 201 || status !== 'open') console.error(`post ${n + 1}: ${res.status} ${status}`);
  const deadline = created + 30_000;
  while ((arrivals.get(id)?.length ?? 0) < STREAMS && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5));
  }
  const got = arrivals.get(id) ?? [];
  const first = Math.min(...got);
  const last = Math.max(...got);
  const stall = await server.ask<{ maxMs: number }>('stall');
  toLast.push(last - created);
  rows.push([
    n + 1,
    `${got.length}/${STREAMS}`,
    ms(created - sent),
    ms(last - created),
    ms(last - first),
    ms(stall.maxMs),
  ]);
  await new Promise((r) => setTimeout(r, 1000));
}
console.log(
  table(
    [
      'post',
      'streams reached',
      'publish ms',
      '201 → last stream ms',
      'first → last stream ms',
      'server worst stall ms',
    ],
    rows,
  ),
);
const s = summarize(toLast);
console.log(
  `201 → every stream: p50 ${ms(s.p50)} ms, max ${ms(s.max)} ms; load average after ${loadAverage()}`,
);
for (const r of opened) r.destroy();
await server.stop();
