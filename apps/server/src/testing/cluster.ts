import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { clusterOwner, freePort, postgresBin, which } from './private-services.ts';
import { ROOT } from './server-process.ts';

// The deployment of docs/deployment.md, on one machine and in one folder: a private PostgreSQL 15
// primary and a streaming replica made from it with pg_basebackup -R (the machine's shared server is
// not touched), server processes (main.ts) on both with Redis, and Debian's nginx in front, rendered
// from deploy/nginx/medrelay.conf. Everything started is recorded in the folder (pid files, data
// directories), so that stopCluster(dir) cleans up whoever started it: the cluster drill's afterAll,
// or `bench/cluster/cluster.sh stop` after the process that started it has exited.

/** Why the cluster cannot run here (missing binaries), or undefined. */
export function clusterMissing(): string | undefined {
  const bin = postgresBin();
  if (!bin || !existsSync(path.join(bin, 'pg_basebackup')))
    return 'PostgreSQL binaries (pg_basebackup) not found';
  if (process.getuid?.() === 0 && !clusterOwner()) return 'running as root without a postgres account';
  if (!nginxBin()) return 'nginx not found (apt-get install nginx)';
  return undefined;
}

const nginxBin = () => which('nginx') ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : undefined);

function run(cmd: string, args: string[], opts: { owner?: boolean; cwd?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      ...(opts.owner ? clusterOwner() : {}),
      cwd: opts.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}: ${out}`)),
    );
  });
}

export interface ReplicatedPostgres {
  primaryUrl: string;
  replicaUrl: string;
  /** Runs SQL on the replica's medrelay database (pg_wal_replay_pause() and the like). */
  onReplica(query: string): Promise<pg.QueryResult>;
}

/** A primary (wal_level=replica) and a hot-standby replica streaming from it, in `dir`. */
export async function startReplicatedPostgres(dir: string): Promise<ReplicatedPostgres> {
  const bin = postgresBin() as string;
  const owner = clusterOwner();
  // PostgreSQL runs as its own account and nginx's workers as nobody: both pass through `dir`.
  chmodSync(dir, 0o711);
  const pgDir = path.join(dir, 'pg');
  mkdirSync(pgDir, { recursive: true, mode: 0o700 });
  if (owner) chownSync(pgDir, owner.uid, owner.gid);
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const primary = path.join(pgDir, 'primary');
  const replica = path.join(pgDir, 'replica');
  const tool = (name: string, args: string[]) => run(path.join(bin, name), args, { owner: true, cwd: pgDir });
  const ctl = (data: string, port: number, extra: string) =>
    tool('pg_ctl', [
      ...['-D', data, '-l', `${data}.log`, '-w', '-t', '60', 'start'],
      ...['-o', `-p ${port} -k ${pgDir} -c listen_addresses=127.0.0.1 ${extra}`],
    ]);
  // initdb's pg_hba.conf already lets local replication connections in (trust, like everything here).
  await tool('initdb', [
    '-D',
    primary,
    '-U',
    'postgres',
    '-A',
    'trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  writeFileSync(path.join(dir, 'pg-data-dirs'), `${primary}\n${replica}\n`);
  await ctl(primary, primaryPort, '-c wal_level=replica -c max_wal_senders=5 -c max_connections=100');
  const url = (port: number, db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  const admin = new pg.Client({ connectionString: url(primaryPort, 'postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE medrelay');
  await admin.end();
  // -R writes standby.signal and primary_conninfo: the copy starts as a streaming replica.
  await tool('pg_basebackup', [
    ...['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres'],
    ...['-D', replica, '-R', '-X', 'stream', '-c', 'fast', '--no-sync'],
  ]);
  await ctl(replica, replicaPort, '-c hot_standby=on -c max_connections=100');
  const replicaUrl = url(replicaPort, 'medrelay');
  return {
    primaryUrl: url(primaryPort, 'medrelay'),
    replicaUrl,
    async onReplica(query) {
      const c = new pg.Client({ connectionString: replicaUrl });
      await c.connect();
      try {
        return await c.query(query);
      } finally {
        await c.end();
      }
    },
  };
}

/** deploy/nginx/medrelay.conf with these upstream ports, listening on 127.0.0.1:`port`. */
export function renderSite(opts: { ports: number[]; port: number; trustForwardedFrom?: string }): string {
  const site = readFileSync(path.join(ROOT, 'deploy/nginx/medrelay.conf'), 'utf8');
  const servers = opts.ports.map((p) => `    server 127.0.0.1:${p} max_fails=3 fail_timeout=5s;\n`).join('');
  let out = site
    .replace(/(# servers:[^\n]*\n)(?:\s*server [^\n]*\n)+(\s*# end of servers)/, `$1${servers}$2`)
    .replace(/listen 80;/, `listen 127.0.0.1:${opts.port};`);
  // The load generator (or the test) stands for a load balancer in front: nginx takes the client
  // address it sends, as the site's comment says to do behind another balancer.
  if (opts.trustForwardedFrom)
    out = out.replace(
      /server_name _;\n/,
      `server_name _;\n    set_real_ip_from ${opts.trustForwardedFrom};\n    real_ip_header X-Forwarded-For;\n`,
    );
  return out;
}

export interface Nginx {
  url: string;
  /** Points nginx at other server processes (nginx -s reload). */
  reload(ports: number[]): Promise<void>;
}

export async function startNginx(dir: string, ports: number[], trustForwardedFrom?: string): Promise<Nginx> {
  const bin = nginxBin() as string;
  const prefix = path.join(dir, 'nginx');
  mkdirSync(path.join(prefix, 'tmp'), { recursive: true, mode: 0o777 });
  const port = await freePort();
  const conf = path.join(prefix, 'nginx.conf');
  const write = (p: number[]) => {
    writeFileSync(path.join(prefix, 'medrelay.conf'), renderSite({ ports: p, port, trustForwardedFrom }));
    const tmp = path.join(prefix, 'tmp');
    writeFileSync(
      conf,
      `worker_processes 1;\npid ${prefix}/nginx.pid;\nerror_log ${prefix}/error.log warn;\n` +
        `events { worker_connections 4096; }\nhttp {\n  access_log off;\n` +
        `  client_body_temp_path ${tmp}/body; proxy_temp_path ${tmp}/proxy;\n` +
        `  fastcgi_temp_path ${tmp}/fastcgi; uwsgi_temp_path ${tmp}/uwsgi; scgi_temp_path ${tmp}/scgi;\n` +
        `  include ${prefix}/medrelay.conf;\n}\n`,
    );
  };
  write(ports);
  const args = ['-p', prefix, '-e', path.join(prefix, 'error.log'), '-c', conf];
  await run(bin, [...args, '-t']);
  await run(bin, args);
  return {
    url: `http://127.0.0.1:${port}`,
    async reload(p) {
      write(p);
      await run(bin, [...args, '-s', 'reload']);
      // Old workers finish their requests; new ones take the new upstream.
      await new Promise((r) => setTimeout(r, 300));
    },
  };
}

export interface ClusterServer {
  port: number;
  base: string;
  log(): string;
}

/** Keys and folder shared by every server process of the cluster (the same keys, or phones don't decrypt). */
export function clusterEnv(
  dir: string,
  pgPair: ReplicatedPostgres,
  redisUrl?: string,
): Record<string, string> {
  const keys = path.join(dir, 'keys.json');
  if (!existsSync(keys))
    writeFileSync(
      keys,
      JSON.stringify({
        PHONE_ENC_KEY: randomBytes(32).toString('base64'),
        HASH_KEY: randomBytes(32).toString('base64'),
      }),
      { mode: 0o600 },
    );
  return {
    ...(JSON.parse(readFileSync(keys, 'utf8')) as Record<string, string>),
    DATA_DIR: path.join(dir, 'data'),
    DATABASE_URL: pgPair.primaryUrl,
    DATABASE_READ_URL: pgPair.replicaUrl,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    TRUST_PROXY: 'true',
    HOST: '127.0.0.1',
  };
}

/** Starts main.ts (or `script`) detached on a free port, its pid and log in `dir`; waits for /health. */
export async function startClusterServer(
  dir: string,
  env: Record<string, string>,
  script = 'apps/server/src/main.ts',
): Promise<ClusterServer> {
  const port = await freePort();
  const logFile = path.join(dir, `server-${port}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script)], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  child.unref();
  writeFileSync(path.join(dir, `server-${port}.pid`), String(child.pid));
  const base = `http://127.0.0.1:${port}`;
  const log = () => readFileSync(logFile, 'utf8');
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${log()}`);
    const ok = await fetch(`${base}/api/v1/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { port, base, log };
    if (Date.now() - started > 120_000) throw new Error(`server did not start in 120 s:\n${log()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Stops a server process of the cluster (SIGTERM: the graceful shutdown) and forgets it. */
export async function stopClusterServer(dir: string, port: number): Promise<void> {
  const file = path.join(dir, `server-${port}.pid`);
  if (!existsSync(file)) return;
  await killAndWait(Number(readFileSync(file, 'utf8')), 'SIGTERM', 15_000);
  rmSync(file, { force: true });
}

async function killAndWait(pid: number, signal: NodeJS.Signals, ms: number) {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!pid || !alive()) return;
  process.kill(pid, signal);
  const until = Date.now() + ms;
  while (alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  if (alive()) process.kill(pid, 'SIGKILL');
}

/**
 * Stops whatever the cluster in `dir` still runs (server processes, nginx, both PostgreSQL servers)
 * and removes the folder. Safe to call twice and after a start that failed half-way.
 */
export async function stopCluster(dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir).filter((f) => /^server-\d+\.pid$/.test(f)))
    await killAndWait(Number(readFileSync(path.join(dir, f), 'utf8')), 'SIGTERM', 10_000).catch(
      () => undefined,
    );
  const nginxPid = path.join(dir, 'nginx', 'nginx.pid');
  if (existsSync(nginxPid))
    await killAndWait(Number(readFileSync(nginxPid, 'utf8')), 'SIGQUIT', 5000).catch(() => undefined);
  const dataDirs = path.join(dir, 'pg-data-dirs');
  const bin = postgresBin();
  if (existsSync(dataDirs) && bin)
    for (const data of readFileSync(dataDirs, 'utf8').split('\n').filter(Boolean).reverse())
      if (existsSync(path.join(data, 'postmaster.pid')))
        await run(path.join(bin, 'pg_ctl'), ['-D', data, 'stop', '-m', 'immediate', '-w'], {
          owner: true,
        }).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}
