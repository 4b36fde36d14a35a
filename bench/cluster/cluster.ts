// Several server processes, a real replica and nginx on this machine (issue 11; docs/deployment.md).
//   npx tsx bench/cluster/cluster.ts start [--processes 2] [--dir /tmp/medrelay-cluster]
//   npx tsx bench/cluster/cluster.ts stop [--dir /tmp/medrelay-cluster]
//   npx tsx bench/cluster/cluster.ts bench (--database-url URL | --posts N) [--duration 20] [--connections 50]
// start: a private PostgreSQL 15 primary and a streaming replica of it (pg_basebackup -R; the machine's
// shared server is not touched), N processes of main.ts with DATABASE_URL, DATABASE_READ_URL and
// REDIS_URL, and nginx from deploy/nginx/medrelay.conf in front; prints the address and leaves it
// running until `stop`, which stops everything recorded in --dir and removes it.
// bench: the same with the data of a benchmark database (--database-url, made by bench/generate.ts,
// copied into the private primary with pg_dump/pg_restore and streamed to the replica) or N posts
// generated straight into it (--posts), then the square through nginx with autocannon
// (bench/lib/http-client.ts) in front of 1 and of 2 processes; appends the figures to docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  clusterEnv,
  clusterMissing,
  startClusterServer,
  startNginx,
  startReplicatedPostgres,
  stopCluster,
  stopClusterServer,
} from '../../apps/server/src/testing/cluster.ts';
import { postgresBin } from '../../apps/server/src/testing/private-services.ts';
import { loadMedicines, loadPlaces, rng } from '../lib/model.ts';
import { loadAverage, machine, table } from '../lib/stats.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    dir: { type: 'string', default: path.join(os.tmpdir(), 'medrelay-cluster') },
    processes: { type: 'string', default: '2' },
    'database-url': { type: 'string' },
    posts: { type: 'string' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    record: { type: 'string', default: 'docs/benchmarks.md' },
  },
});
const ROOT = new URL('../../', import.meta.url).pathname;
const command = positionals[0];

const sh = (cmd: string, args: string[], env: Record<string, string | undefined> = {}) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}`))));
  });

async function start(dir: string) {
  const why = clusterMissing();
  if (why) throw new Error(why);
  mkdirSync(dir, { recursive: true });
  const pgPair = await startReplicatedPostgres(dir);
  const env = clusterEnv(dir, pgPair, values.redis);
  const servers = [];
  for (let i = 0; i < Number(values.processes); i++) servers.push(await startClusterServer(dir, env));
  const nginx = await startNginx(
    dir,
    servers.map((s) => s.port),
  );
  console.log(`primary ${pgPair.primaryUrl}\nreplica ${pgPair.replicaUrl}`);
  for (const s of servers) console.log(`server ${s.base} (log ${dir}/server-${s.port}.log)`);
  console.log(`nginx ${nginx.url}\nstop with: npx tsx bench/cluster/cluster.ts stop --dir ${dir}`);
}

/** Loads the benchmark's posts into the private primary; returns the newest post's time. */
async function loadData(dir: string, primaryUrl: string): Promise<{ newest: Date; posts: number }> {
  const started = Date.now();
  if (values['database-url']) {
    const bin = postgresBin() as string;
    const dump = path.join(dir, 'dump');
    // Directory format, two jobs each way; no compression: the dump is read once, right away.
    await sh(path.join(bin, 'pg_dump'), ['-Fd', '-Z0', '-j2', '-f', dump, values['database-url']]);
    await sh(path.join(bin, 'pg_restore'), ['-j2', '--no-owner', '-d', primaryUrl, dump]);
  } else if (values.posts) {
    await sh('npx', [
      'tsx',
      'bench/generate.ts',
      '--database-url',
      primaryUrl,
      '--posts',
      values.posts,
      '--reset',
    ]);
  } else
    throw new Error('bench needs --database-url URL (a database made by bench/generate.ts) or --posts N');
  const c = new pg.Client({ connectionString: primaryUrl });
  await c.connect();
  // pg_restore brings no planner statistics: without them the square index's start-up read (one
  // statement per kind through a cursor) was planned as a nested loop and ran for many minutes.
  await c.query('VACUUM (ANALYZE)');
  const { rows } = await c.query('SELECT max(created_at) AS newest, count(*)::int AS posts FROM posts');
  await c.end();
  console.log(`data loaded in ${Math.round((Date.now() - started) / 1000)} s`);
  return { newest: new Date(rows[0].newest), posts: rows[0].posts };
}

async function waitForIndex(log: () => string) {
  const until = Date.now() + 600_000;
  while (!/square index ready/.test(log())) {
    if (Date.now() > until) throw new Error('square index not ready in 10 min');
    await new Promise((r) => setTimeout(r, 500));
  }
}

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function autocannon(url: string, pathsFile: string, seconds: number) {
  const client = path.join(ROOT, 'bench/lib/http-client.ts');
  let out = '';
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', client, url, pathsFile, values.connections ?? '50', String(seconds)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  child.stdout.on('data', (d) => {
    out += d;
  });
  await new Promise<void>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`autocannon exited ${code}`)))),
  );
  return (JSON.parse(out.trim().split('\n').at(-1) as string) as { result: Result }).result;
}

async function bench(dir: string) {
  const why = clusterMissing();
  if (why) throw new Error(why);
  mkdirSync(dir, { recursive: true });
  try {
    const pgPair = await startReplicatedPostgres(dir);
    const { newest, posts } = await loadData(dir, pgPair.primaryUrl);
    const env = {
      ...clusterEnv(dir, pgPair, values.redis),
      LOG_LEVEL: 'warn',
      // Every open post's body cached, as bench/http.bench.ts and the peer design do.
      SQUARE_BODY_CACHE: '800000',
      WEB_DIST: '/nonexistent',
      BENCH_CLOCK_OFFSET_MS: String(Date.now() - newest.getTime()),
    };
    const script = 'bench/cluster/cluster-server.ts';
    const a = await startClusterServer(dir, env, script);
    const b = await startClusterServer(dir, env, script);
    await Promise.all([waitForIndex(a.log), waitForIndex(b.log)]);
    const nginx = await startNginx(dir, [a.port], '127.0.0.1');

    const places = loadPlaces();
    const medicines = loadMedicines();
    const r = rng(11);
    const paths = Array.from({ length: 20_000 }, (_, i) => {
      const p = places.draw('need', r);
      const m = medicines.draw('need', r).id;
      return {
        path: `/api/v1/posts?kind=need&medicineId=${m}&near=${p.lat.toFixed(5)},${p.lng.toFixed(5)}&radiusKm=10&sort=distance&limit=20`,
        ip: `2001:db8:${(i >> 16).toString(16)}:${(i % 10_000).toString(16)}::1`,
      };
    });
    const pathsFile = path.join(dir, 'paths.json');
    writeFileSync(pathsFile, JSON.stringify(paths));
    const before = loadAverage();
    const rows: (string | number)[][] = [];
    for (const ports of [[a.port], [a.port, b.port]]) {
      await nginx.reload(ports);
      await autocannon(nginx.url, pathsFile, Number(values.warmup));
      const res = await autocannon(nginx.url, pathsFile, Number(values.duration));
      const bad = res.non2xx + res.errors + res.timeouts;
      rows.push([
        ports.length,
        Math.round(res.requests.average),
        res.latency.p50,
        res.latency.p99,
        res.requests.total,
        bad,
      ]);
      console.log(
        `${ports.length} process(es): ${Math.round(res.requests.average)} req/s, p99 ${res.latency.p99} ms, ${bad} failed`,
      );
    }
    const ratio = (Number(rows[1]?.[1]) / Number(rows[0]?.[1])).toFixed(2);
    const text =
      `\n## Several processes behind nginx (bench/cluster/cluster.ts), ${new Date().toISOString().slice(0, 16)} UTC\n\n` +
      `\`npx tsx bench/cluster/cluster.ts bench ${values['database-url'] ? `--database-url ${values['database-url']}` : `--posts ${values.posts}`} --duration ${values.duration} --connections ${values.connections}\`\n\n` +
      `${machine()}; load average before: ${before}, after: ${loadAverage()}. ${posts.toLocaleString('en')} posts on a private ` +
      `PostgreSQL 15 primary with a streaming replica (the index and its page bodies from the primary, SQL and post pages from the replica), Redis, ` +
      `nginx 1 worker; the square "20 nearest open needs for medicine X within 10 km", ${values.connections} connections, ` +
      `${values.duration} s after a ${values.warmup} s warm-up, through nginx.\n\n` +
      `${table(['processes', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx/errors'], rows)}\n\n` +
      `Two processes / one: ${ratio}×.\n`;
    console.log(text);
    if (values.record) appendFileSync(path.resolve(ROOT, values.record), text);
    await stopClusterServer(dir, a.port);
    await stopClusterServer(dir, b.port);
  } finally {
    await stopCluster(dir);
  }
}

if (command === 'start') await start(values.dir as string);
else if (command === 'stop') await stopCluster(values.dir as string);
else if (command === 'bench') await bench(mkdtempSync(path.join(os.tmpdir(), 'medrelay-cluster-bench-')));
else {
  console.error(
    readFileSync(new URL(import.meta.url), 'utf8')
      .split('\n')
      .slice(0, 4)
      .join('\n'),
  );
  process.exit(2);
}
