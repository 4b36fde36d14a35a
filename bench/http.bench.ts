// HTTP feed benchmark: starts the real app with bootstrap() on PostgreSQL or PGlite and drives
//   GET /api/v1/posts?kind=need&medicineId=…&near=…&radiusKm=10&sort=distance&limit=20
// (then the same with sort=time) with autocannon, 50 connections, from a separate process. Reference
// scenarios with --scenarios: city-by-time (a cheap feed query: what the request costs around the
// query), health (GET /api/v1/health: the app's floor) and bare (one route on a plain Fastify in the
// same process: the framework's ceiling). The square's index is on unless --index off; the run
// starts once it is built, and prints its build time and memory. --processes N runs the server as
// SERVER_PROCESSES=N does (N workers on one port, node:cluster) in child processes.
//   npx tsx bench/http.bench.ts --database-url postgres://postgres@127.0.0.1:5432/medrelay_bench
//   npx tsx bench/http.bench.ts --pglite .data-bench/square/pgdata
// Run bench/generate.ts first. The server's clock is pinned to the data (the newest post's creation
// time, then running forward) so that the square looks as it did when the data was generated.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { bootstrap } from '../apps/server/src/bootstrap.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { selectRows } from '../apps/server/src/platform/db/index.ts';
import { freePort } from '../apps/server/src/testing/private-services.ts';
import { machineCpu, postgresTicks, processTreeTicks, ticksSeconds } from './lib/cpu.ts';
import { loadMedicines, loadPlaces, type Rand, rng } from './lib/model.ts';
import { loadAverage, machine, table } from './lib/stats.ts';
import { openTarget, TARGET_OPTIONS, targetFrom } from './lib/store.ts';
import { runWrk } from './lib/wrk.ts';

const USAGE =
  'npx tsx bench/http.bench.ts (--database-url URL | --pglite DIR/pgdata) [--index on|off] [--processes 1] [--client autocannon|wrk] [--redis-url URL] [--connections 50] [--duration 20] [--warmup 5] [--scenarios near-medicine,near-medicine-by-time,city-by-time,health,bare]';
const { values } = parseArgs({
  options: {
    ...TARGET_OPTIONS,
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    scenarios: { type: 'string', default: 'near-medicine,near-medicine-by-time' },
    paths: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '11' },
    // The square's in-memory index (SQUARE_INDEX); off: every page with SQL.
    index: { type: 'string', default: 'on' },
    // SQUARE_BODY_CACHE: the peer design keeps every open post's body in Redis; 800000 does too.
    'body-cache': { type: 'string', default: '200000' },
    // SERVER_PROCESSES: more than 1 runs the server as production does with several workers on one
    // port (PostgreSQL only), in child processes; the bare route stays in this process.
    processes: { type: 'string', default: '1' },
    // REDIS_URL for the server: rate limits counted in Redis, shared by the processes, as production
    // runs several; unset, each process counts for itself.
    'redis-url': { type: 'string' },
    // The load generator: autocannon (Node, as the peer's drive.mjs) or wrk (bench/lib/wrk.ts).
    client: { type: 'string', default: 'autocannon' },
    // Writes a CPU profile of the server (this process) per measured run: DIR/<scenario>.cpuprofile.
    profile: { type: 'string' },
  },
});
const target = targetFrom(values, USAGE);
if (values.client !== 'autocannon' && values.client !== 'wrk') throw new Error(USAGE);
// On PGlite the server opens DATA_DIR/pgdata: generate into that (e.g. --pglite .data-bench/sq/pgdata).
const DATA_DIR =
  target.kind === 'postgres' ? path.resolve('.data-bench/http') : path.dirname(path.resolve(target.dir));
const database =
  target.kind === 'postgres' ? decodeURIComponent(new URL(target.url).pathname.slice(1)) : undefined;

// Many residents, not one: the server trusts X-Forwarded-For as it does behind its reverse proxy, and
// each request carries one of USERS addresses, so per-address rate limits apply per simulated user as
// in production. The addresses are from the IPv6 documentation prefix (RFC 3849), one /64 each; they
// are header values only, never contacted.
const USERS = 10_000;
const userAddress = (i: number) => `2001:db8:${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}::1`;

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}

/**
 * Runs the load generator in a child process — autocannon (same tsx loader) or wrk (--client) — and
 * measures who used the CPU meanwhile. `serverPid`: the server is that process tree (--processes);
 * otherwise it is this process.
 */
async function load(url: string, pathsFile: string, seconds: number, serverPid?: number) {
  const server0 = process.cpuUsage();
  const tree0 = serverPid ? processTreeTicks(serverPid) : undefined;
  const machine0 = machineCpu();
  const pg0 = database ? postgresTicks(database) : new Map<string, number>();
  const { result, clientSeconds } =
    values.client === 'wrk'
      ? await wrkLoad(url, pathsFile, seconds)
      : await autocannonLoad(url, pathsFile, seconds);
  const server = process.cpuUsage(server0);
  const serverSeconds = tree0
    ? ticksSeconds(tree0, processTreeTicks(serverPid as number))
    : (server.user + server.system) / 1e6;
  const machine1 = machineCpu();
  const pgCores = database ? ticksSeconds(pg0, postgresTicks(database)) / seconds : 0;
  return {
    result,
    serverCores: serverSeconds / seconds,
    clientCores: clientSeconds / seconds,
    pgCores,
    machineCores: ((machine1.busy - machine0.busy) / (machine1.total - machine0.total)) * cpus().length,
  };
}

async function autocannonLoad(url: string, pathsFile: string, seconds: number) {
  const client = new URL('./lib/http-client.ts', import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    [...process.execArgv, client, url, pathsFile, String(values.connections), String(seconds)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`autocannon exited with ${code}`)),
    );
  });
  const { result, cpu } = JSON.parse(out.trim().split('\n').at(-1) as string) as {
    result: Result;
    cpu: NodeJS.CpuUsage;
  };
  return { result, clientSeconds: (cpu.user + cpu.system) / 1e6 };
}

async function wrkLoad(url: string, pathsFile: string, seconds: number) {
  const requests = JSON.parse(readFileSync(pathsFile, 'utf8')) as { path: string; ip: string }[];
  const r = await runWrk(url, requests, Number(values.connections), seconds);
  const result: Result = {
    requests: { average: r.requestsPerSecond, total: r.total },
    latency: { ...r.latencyMs, mean: Number.NaN },
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: 0,
    duration: seconds,
  };
  return { result, clientSeconds: r.cpuSeconds };
}

/** The server's CPU profile over one run, through the inspector (the load generator is not in it). */
async function startProfile() {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file: string) {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`CPU profile: ${file}`);
    },
  };
}

const mb = (n: number) => `${Math.round(n / 1048576)} MB`;

/** The server in this process (bootstrap()), started and waited for until its square is warm. */
async function startInProcess(env: Record<string, string>, offset: number): Promise<Server> {
  const memory0 = process.memoryUsage();
  const started = performance.now();
  const running = await bootstrap(loadConfig(env), { now: () => new Date(Date.now() - offset) });
  const address = await running.app.listen({ host: '127.0.0.1', port: 0 });
  // The figures are for the index's steady state: until it is built, pages are read with SQL.
  const index = running.squareIndex;
  while (index && index.state !== 'ready') await new Promise((r) => setTimeout(r, 200));
  if (index) {
    const ready = performance.now();
    global.gc?.();
    const memory1 = process.memoryUsage();
    console.log(
      `square index: ${index.size.toLocaleString('en')} open posts, ready ${((ready - started) / 1000).toFixed(1)} s after start; ` +
        `memory: heap ${mb(memory0.heapUsed)} → ${mb(memory1.heapUsed)}, rss ${mb(memory0.rss)} → ${mb(memory1.rss)}`,
    );
    // Then the newest posts' bodies are serialised (SQUARE_BODY_CACHE of them), as the peer's are in Redis.
    await running.squareWarm;
    global.gc?.();
    const memory2 = process.memoryUsage();
    console.log(
      `square bodies cached ${((performance.now() - ready) / 1000).toFixed(1)} s later; ` +
        `memory: heap ${mb(memory2.heapUsed)}, external ${mb(memory2.external)}, rss ${mb(memory2.rss)}`,
    );
  } else {
    console.log('square index: off (SQUARE_INDEX=false), every page with SQL');
  }
  return { address, stop: () => running.stop() };
}

/**
 * SERVER_PROCESSES=count as production runs it (a primary and `count` workers on one port, each with
 * its own index), in a child process tree: bench/cluster/cluster-server.ts, which pins the clock as
 * startInProcess does. Waits until every worker's square is warm.
 */
async function startServerProcesses(count: number, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [...process.execArgv, new URL('./cluster/cluster-server.ts', import.meta.url).pathname],
    {
      env: { ...process.env, ...env, PORT: String(port), SERVER_PROCESSES: String(count) },
      stdio: ['ignore', 'inherit', 'pipe'],
    },
  );
  let log = '';
  child.stderr.on('data', (d) => {
    log += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (const deadline = Date.now() + 15 * 60_000; ; ) {
    const ready = log.match(/square index ready/g)?.length ?? 0;
    if (ready >= count) break;
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`the server processes did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const workers = [...processTreeTicks(child.pid as number).keys()].filter((p) => p !== String(child.pid));
  const rss = workers.map(
    (p) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1]) * 1024,
  );
  console.log(
    `${count} server processes (SERVER_PROCESSES, node:cluster): every square index built and its bodies cached ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s after start; rss ${rss.map(mb).join(', ')}`,
  );
  return {
    address: `http://127.0.0.1:${port}`,
    cpuPid: child.pid,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

interface Server {
  address: string;
  /** The root of the server's process tree when it runs outside this process. */
  cpuPid?: number;
  stop: () => Promise<void>;
}

async function main() {
  mkdirSync(DATA_DIR, { recursive: true });
  const processes = Number(values.processes);
  if (!(processes >= 1)) throw new Error(`--processes ${values.processes}: a whole number ≥ 1`);
  if (processes > 1 && target.kind !== 'postgres') throw new Error('--processes > 1 needs --database-url');
  if (processes > 1 && values.profile) throw new Error('--profile profiles this process: --processes 1');
  const serverEnv = {
    ...(target.kind === 'postgres' ? { DATABASE_URL: target.url } : {}),
    ...(values['redis-url'] ? { REDIS_URL: values['redis-url'] } : {}),
    SQUARE_INDEX: values.index === 'off' ? 'false' : 'true',
    SQUARE_BODY_CACHE: values['body-cache'] as string,
    PHONE_ENC_KEY: randomBytes(32).toString('base64'),
    HASH_KEY: randomBytes(32).toString('base64'),
    DATA_DIR,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    TRUST_PROXY: 'true',
    // The API alone: the built web app is not part of this benchmark.
    WEB_DIST: path.join(DATA_DIR, 'no-web-app'),
    NODE_ENV: 'production',
  };
  const probe = await openTarget(target, 1);
  const [meta] = await selectRows<{ now: string | Date | null; version: string; posts: number }>(
    probe.db,
    sql`SELECT max(created_at) AS now, version() AS version, count(*)::int AS posts FROM posts`,
  );
  await probe.close();
  if (!meta?.now) throw new Error('no posts: run bench/generate.ts first');
  const offset = Date.now() - new Date(meta.now).getTime();
  const server =
    processes > 1
      ? await startServerProcesses(processes, { ...serverEnv, BENCH_CLOCK_OFFSET_MS: String(offset) })
      : await startInProcess(serverEnv, offset);
  const { address } = server;
  // The framework's ceiling in the same process and minutes: one route, no plugins.
  const bare = Fastify();
  bare.get('/bare', async () => ({ ok: true }));
  const bareAddress = await bare.listen({ host: '127.0.0.1', port: 0 });

  console.log(
    `# feed benchmark through HTTP (bootstrap() on ${target.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ` +
      `${processes > 1 ? `SERVER_PROCESSES=${processes}` : 'in this process'}, ` +
      `rate limits ${values['redis-url'] ? 'in Redis' : 'in process'}, ${values.client} in a child process)`,
  );
  console.log(
    `${meta.version.split(' on ')[0]}; ${meta.posts.toLocaleString('en')} posts; server ${address}`,
  );
  console.log(`${machine()}; load average before: ${loadAverage()}`);
  console.log(
    `${values.connections} connections, ${values.duration} s per run after a ${values.warmup} s warm-up; ` +
      `${values.paths} distinct requests per run from ${USERS.toLocaleString('en')} simulated users\n`,
  );

  const places = loadPlaces();
  const medicines = loadMedicines();
  const rows: (string | number)[][] = [];
  try {
    const near = (r: Rand) => {
      const p = places.draw('need', r);
      return `near=${p.lat.toFixed(5)},${p.lng.toFixed(5)}`;
    };
    const medicine = (r: Rand) => `medicineId=${medicines.draw('need', r).id}`;
    const SCENARIOS: Record<string, (r: Rand) => string> = {
      'near-medicine': (r) =>
        `/api/v1/posts?kind=need&${medicine(r)}&${near(r)}&radiusKm=10&sort=distance&limit=20`,
      'near-medicine-by-time': (r) =>
        `/api/v1/posts?kind=need&${medicine(r)}&${near(r)}&radiusKm=10&sort=time&limit=20`,
      'city-by-time': (r) => `/api/v1/posts?kind=need&region=${places.drawCity(r)}&sort=time&limit=20`,
      health: () => '/api/v1/health',
      bare: () => '/bare',
    };
    for (const name of (values.scenarios ?? '').split(',')) {
      const make = SCENARIOS[name];
      if (!make) throw new Error(`unknown scenario ${name}; one of ${Object.keys(SCENARIOS).join(', ')}`);
      const r = rng(Number(values.seed));
      const paths = Array.from({ length: Number(values.paths) }, (_, i) => ({
        path: make(r),
        ip: userAddress(i % USERS),
      }));
      const [sample] = paths as [{ path: string; ip: string }];
      const base = name === 'bare' ? bareAddress : address;
      const first = await fetch(`${base}${sample.path}`, { headers: { 'x-forwarded-for': sample.ip } });
      if (first.status !== 200)
        throw new Error(`GET ${sample.path} → ${first.status}: ${await first.text()}`);
      const pathsFile = path.join(DATA_DIR, `paths-${name}.json`);
      writeFileSync(pathsFile, JSON.stringify(paths));
      await load(base, pathsFile, Number(values.warmup));
      const profiler = values.profile ? await startProfile() : undefined;
      const { result, serverCores, clientCores, pgCores, machineCores } = await load(
        base,
        pathsFile,
        Number(values.duration),
        name === 'bare' ? undefined : server.cpuPid,
      );
      if (profiler) await profiler.stop(path.join(values.profile as string, `${name}.cpuprofile`));
      const bad = result.non2xx + result.errors + result.timeouts;
      rows.push([
        name,
        Math.round(result.requests.average),
        result.latency.p50,
        result.latency.p90,
        result.latency.p99,
        result.latency.max,
        result.requests.total,
        bad,
        serverCores.toFixed(2),
        clientCores.toFixed(2),
        pgCores.toFixed(2),
        (machineCores - serverCores - clientCores - pgCores).toFixed(2),
      ]);
      console.log(
        `${name}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, ` +
          `p99 ${result.latency.p99} ms, ${bad} failed`,
      );
    }
  } finally {
    // autocannon's exit drops its sockets while the server still answers their last requests: let
    // those finish before the pool closes.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await bare.close();
    await server.stop();
  }
  console.log(
    `\n${table(
      [
        'scenario',
        'req/s',
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'max ms',
        'requests',
        'non-2xx/errors',
        'CPU: server',
        'CPU: load generator',
        'CPU: PostgreSQL',
        'CPU: other',
      ],
      rows,
    )}`,
  );
  console.log(`\nload average after: ${loadAverage()}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
