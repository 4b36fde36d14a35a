// Mixed load (issue 17): 50 residents at once against one real server process, each with a live
// square stream open. The mix is the issue's: reads 90 % (86 % square pages near a city for a
// medicine, 4 % post pages), publishing 5 %, resolving an own post 5 % (`--mix contact` moves 6 % of
// the reads to messages and contact reveals on posts published in the run). Each resident starts
// with five open posts of its own (untimed), so a resolve always has one. Once during the run the
// demand-spike job runs in the server (on PGlite it shares the event loop with the requests).
//   npx tsx bench/mixed-load.bench.ts --pglite ./.data-bench/server/pgdata [--clients 50] [--duration 60]
//   npx tsx bench/mixed-load.bench.ts --database-url postgres://postgres@127.0.0.1:5432/medrelay_bench
//     [--start ready|now]  ready (default): the load starts once the square index is built;
//                          now: at once, beside the index's build (a restart under load)
//     [--profile DIR]      the server runs under --cpu-prof; each of the worst stalls is then
//                          explained by the functions sampled inside it (bench/lib/stall-recorder.ts)
// Run bench/generate.ts first (the square then has a million posts). Prints requests per second,
// errors (5xx, network errors and timeouts; 429s and other refusals are listed apart), latency
// percentiles per kind of request, the server's worst event-loop stalls (wall and CPU time, GC
// pauses inside them), and a one-line summary to paste into docs/benchmarks.md.
import { mkdirSync, readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { lastCode, startBenchServer } from './lib/server-process.ts';
import { explainStalls, type Stall } from './lib/stall-recorder.ts';
import { loadAverage, machine, ms, summarize, table } from './lib/stats.ts';
import { describeTarget, TARGET_OPTIONS, targetFrom } from './lib/store.ts';

const USAGE =
  'npx tsx bench/mixed-load.bench.ts (--database-url URL | --pglite DIR) [--clients 50] [--duration 60] [--mix issue|contact] [--start ready|now] [--profile DIR]';
const { values } = parseArgs({
  options: {
    ...TARGET_OPTIONS,
    clients: { type: 'string', default: '50' },
    duration: { type: 'string', default: '60' },
    mix: { type: 'string', default: 'issue' },
    start: { type: 'string', default: 'ready' },
    profile: { type: 'string' },
  },
});
if (!['issue', 'contact'].includes(values.mix) || !['ready', 'now'].includes(values.start)) {
  console.error(`usage: ${USAGE}`);
  process.exit(2);
}
const target = targetFrom(values, USAGE);
const CLIENTS = Number(values.clients);
const DURATION_MS = Number(values.duration) * 1000;
const PLACES = [
  { lat: 22.5431, lng: 114.0579 },
  { lat: 31.2304, lng: 121.4737 },
  { lat: 39.9087, lng: 116.3975 },
  { lat: 23.1291, lng: 113.2644 },
  { lat: 30.5728, lng: 104.0668 },
];
const MEDICINES = [
  'ibuprofen-tablet',
  'acetaminophen-tablet',
  'loratadine-tablet',
  'vitamin-c-tablet',
  'ors-iii',
];
// The mix, by weight: mostly people looking at the square.
const MIX: [string, number][] =
  values.mix === 'issue'
    ? [
        ['square', 86],
        ['post page', 4],
        ['publish', 5],
        ['resolve', 5],
      ]
    : [
        ['square', 80],
        ['post page', 4],
        ['publish', 5],
        ['resolve', 5],
        ['message', 3],
        ['reveal', 3],
      ];
const pick = () => {
  let r = Math.random() * 100;
  for (const [name, w] of MIX) if ((r -= w) < 0) return name;
  return 'square';
};
const any = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)] as T;

const profileDir = values.profile ? path.resolve(values.profile, `mixed-${Date.now()}`) : undefined;
if (profileDir) mkdirSync(profileDir, { recursive: true });
const server = await startBenchServer(
  target,
  {},
  profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
);
const loadBefore = loadAverage();
console.log(`# mixed load, ${describeTarget(target)}; ${machine()}; load average before ${loadBefore}`);
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS * 2 });

interface Reply {
  status: number;
  json: unknown;
  cookie?: string;
}
function request(method: string, path: string, ip: string, body?: unknown, cookie?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      `${server.base}${path}`,
      {
        method,
        agent,
        timeout: 30_000,
        headers: {
          'x-forwarded-for': ip,
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(cookie ? { cookie } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = text;
          }
          resolve({
            status: res.statusCode ?? 0,
            json,
            cookie: String(res.headers['set-cookie'] ?? '').split(';')[0] || undefined,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}

// Residents log in (not timed), each from an address of its own.
const run = `${Date.now() % 100000}`.padStart(5, '0');
const residents: { ip: string; cookie: string; open: string[] }[] = [];
for (let i = 0; i < CLIENTS; i++) {
  const phone = `135${run}${String(i).padStart(3, '0')}`;
  const ip = `10.88.${Math.floor(i / 250)}.${(i % 250) + 1}`;
  await request('POST', '/api/v1/auth/sms', ip, { phone });
  const login = await request('POST', '/api/v1/auth/login', ip, {
    phone,
    code: lastCode(server.dataDir, phone),
  });
  if (login.status !== 200 || !login.cookie) throw new Error(`login ${login.status}`);
  residents.push({ ip, cookie: login.cookie, open: [] });
}
const seen: string[] = []; // posts to open
// Posts published during the run, to message or reveal: the generated posts' contact numbers are
// placeholders that no key decrypts.
const fresh: string[] = [];

// One live-square stream per resident for the whole run.
let liveEvents = 0;
const streams = residents.map(
  (r) =>
    new Promise<http.ClientRequest>((resolve) => {
      const req = http.get(`${server.base}/api/v1/live`, { headers: { 'x-forwarded-for': r.ip } }, (res) => {
        res.on('data', (c: Buffer) => {
          liveEvents += (c.toString().match(/\nevent: post\./g) ?? []).length;
        });
        resolve(req);
      });
      req.on('error', () => undefined);
    }),
);
const liveReqs = await Promise.all(streams);

const samples = new Map<string, number[]>();
const outcomes = new Map<string, number>();
let errors = 0;
let total = 0;
const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
const ask = async (kind: string, f: () => Promise<Reply>): Promise<Reply | undefined> => {
  const t0 = performance.now();
  try {
    const res = await f();
    const list = samples.get(kind) ?? [];
    list.push(performance.now() - t0);
    samples.set(kind, list);
    total++;
    if (res.status >= 500) errors++;
    const code = (res.json as { error?: { code?: string } })?.error?.code;
    count(`${kind} ${res.status}${code ? ` ${code}` : ''}`);
    return res;
  } catch (err) {
    total++;
    errors++;
    count(`${kind} ${(err as Error).message}`);
    return undefined;
  }
};

type Resident = (typeof residents)[number];
async function publish(
  r: Resident,
  n: number,
  place: (typeof PLACES)[number],
  send: (f: () => Promise<Reply>) => Promise<Reply | undefined>,
) {
  const offer = n % 2 === 0;
  const res = await send(() =>
    request(
      'POST',
      '/api/v1/posts',
      r.ip,
      {
        kind: offer ? 'offer' : 'need',
        items: [
          offer
            ? { medicineId: any(MEDICINES), quantity: 2, expiresOn: '2028-06-30', unopened: true }
            : { medicineId: any(MEDICINES), quantity: 2 },
        ],
        location: {
          lat: place.lat + (Math.random() - 0.5) * 0.05,
          lng: place.lng + (Math.random() - 0.5) * 0.05,
        },
        note: offer ? '家里多的，未拆封，免费送' : '家里老人发烧，求两盒',
        consent: true,
      },
      r.cookie,
    ),
  );
  const id = (res?.json as { id?: string })?.id;
  if (res?.status === 201 && id) {
    r.open.push(id);
    seen.push(id);
    fresh.push(id);
  }
  return res;
}

async function step(r: Resident, n: number) {
  const kind = pick();
  const place = any(PLACES);
  if (kind === 'square') {
    const near = `${(place.lat + (Math.random() - 0.5) * 0.1).toFixed(4)},${(place.lng + (Math.random() - 0.5) * 0.1).toFixed(4)}`;
    const res = await ask('square', () =>
      request('GET', `/api/v1/posts?near=${near}&radiusKm=10&limit=20&medicineId=${any(MEDICINES)}`, r.ip),
    );
    const items = (res?.json as { items?: { id: string }[] })?.items ?? [];
    if (items.length) seen.push((any(items) as { id: string }).id);
    if (seen.length > 500) seen.splice(0, 250);
  } else if (kind === 'post page' && seen.length) {
    await ask('post page', () => request('GET', `/api/v1/posts/${any(seen)}`, r.ip));
  } else if (kind === 'publish') {
    await publish(r, n, place, (f) => ask('publish', f));
  } else if (kind === 'resolve' && r.open.length) {
    const id = r.open.shift() as string;
    await ask('resolve', () => request('POST', `/api/v1/posts/${id}/resolve`, r.ip, {}, r.cookie));
  } else if (kind === 'message' && fresh.length) {
    await ask('message', () =>
      request('POST', `/api/v1/posts/${any(fresh)}/messages`, r.ip, { text: '你好，请问还在吗？' }, r.cookie),
    );
  } else if (kind === 'reveal' && fresh.length) {
    await ask('reveal', () => request('POST', `/api/v1/posts/${any(fresh)}/contact`, r.ip, {}, r.cookie));
  } else {
    await ask('square', () =>
      request('GET', `/api/v1/posts?near=${place.lat},${place.lng}&radiusKm=10&limit=20`, r.ip),
    );
  }
}

// Five open posts per resident before the clock starts (untimed), so a resolve has one to take.
await Promise.all(
  residents.map(async (r) => {
    for (let n = 0, tries = 0; n < 5; ) {
      const res = await publish(r, n, any(PLACES), (f) => f());
      if (res?.status === 201) n++;
      // A server still building its index on a loaded machine may answer 503 for a moment.
      else if (res?.status === 503 && ++tries < 20) await new Promise((ok) => setTimeout(ok, 2000));
      else throw new Error(`seeding posts: ${res?.status} ${JSON.stringify(res?.json)}`);
    }
  }),
);
const indexState = () => server.ask<{ state: string; size: number }>('index');
if (values.start === 'ready') {
  const t0 = performance.now();
  while ((await indexState()).state === 'building') await new Promise((r) => setTimeout(r, 1000));
  console.log(`square index built ${((performance.now() - t0) / 1000).toFixed(1)} s after the log-ins`);
}
const indexAtStart = await indexState();
await server.ask('stall'); // reset: the stall of start-up and log-ins is not the load's
await server.ask('stalls');
const started = performance.now();
const end = started + DURATION_MS;
// The 5-minute demand-spike job, once, a third into the run.
const spikeRun = new Promise<{ ms: number; found: number }>((resolve) =>
  setTimeout(() => resolve(server.ask('spikes')), DURATION_MS / 3),
);
await Promise.all(
  residents.map(async (r) => {
    for (let n = 0; performance.now() < end; n++) await step(r, n);
  }),
);
const seconds = (performance.now() - started) / 1000;
const stall = await server.ask<{ maxMs: number; p99Ms: number; meanMs: number }>('stall');
const stalls = await server.ask<Stall[]>('stalls');
const indexAtEnd = await indexState();
const spikes = await spikeRun;
for (const req of liveReqs) req.destroy();

const all = summarize([...samples.values()].flat());
const refused = [...outcomes].filter(([k]) => / 4\d\d/.test(k)).reduce((a, [, n]) => a + n, 0);
const limited = [...outcomes].filter(([k]) => / 429/.test(k)).reduce((a, [, n]) => a + n, 0);
console.log(
  table(
    [
      'store',
      'clients',
      'req/s',
      'requests',
      'errors',
      'error rate',
      '429s',
      'other 4xx',
      'p50 ms',
      'p99 ms',
      'max ms',
      'worst stall ms',
      'spike job ms',
      'live events',
    ],
    [
      [
        target.kind,
        CLIENTS,
        (total / seconds).toFixed(0),
        total,
        errors,
        `${((errors / total) * 100).toFixed(3)} %`,
        limited,
        refused - limited,
        ms(all.p50),
        ms(all.p99),
        ms(all.max),
        ms(stall.maxMs),
        ms(spikes.ms),
        liveEvents,
      ],
    ],
  ),
);
console.log(
  table(
    ['request', 'n', 'p50 ms', 'p99 ms', 'max ms'],
    [...samples].map(([k, v]) => {
      const s = summarize(v);
      return [k, s.n, ms(s.p50), ms(s.p99), ms(s.max)];
    }),
  ),
);
console.log('outcomes:', Object.fromEntries([...outcomes].sort()));
const loadAfter = loadAverage();
console.log(`load average after ${loadAfter}`);
console.log(
  `square index at the start: ${indexAtStart.state} (${indexAtStart.size} posts); at the end: ${indexAtEnd.state}`,
);
const describe = (st: Stall) =>
  `${st.wallMs.toFixed(0)} ms (CPU ${st.cpuMs.toFixed(0)} ms, GC ${
    Object.entries(st.gc)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(' + ') || '0'
  } ms)`;
console.log(`stalls over 50 ms: ${stalls.length}${stalls.length === 20 ? '+' : ''}; the worst:`);
for (const st of stalls.slice(0, 5)) {
  console.log(`  ${describe(st)}${st.sql ? `; PGlite held by: ${st.sql.join(' | ')}` : ''}`);
}
agent.destroy();
await server.stop();
if (profileDir) {
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) console.log(`no CPU profile in ${profileDir}`);
  else {
    console.log(`CPU profile ${path.join(profileDir, file)}; inside the worst stalls:`);
    for (const line of explainStalls(path.join(profileDir, file), stalls.slice(0, 5)))
      console.log(`  ${line}`);
  }
}
// One line per run, to paste into docs/benchmarks.md.
console.log(
  `SUMMARY | ${new Date().toISOString().slice(0, 16)}Z | ${target.kind} | ${CLIENTS} clients, ${values.duration} s, mix ${values.mix}, start ${values.start} | ` +
    `load ${loadBefore.split(',')[0]} → ${loadAfter.split(',')[0]} | ${(total / seconds).toFixed(0)} req/s | ${total} requests | ` +
    `${errors} errors (${((errors / total) * 100).toFixed(3)} %), ${limited} 429s | p50/p99/max ${ms(all.p50)}/${ms(all.p99)}/${ms(all.max)} ms | ` +
    `worst stall ${stalls[0] ? describe(stalls[0]) : `${ms(stall.maxMs)} ms`} |`,
);
