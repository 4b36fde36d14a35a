import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

// Fault drills stop and restart databases. The machine's PostgreSQL and Redis are shared, so each
// drill starts its own: a PostgreSQL cluster made with initdb in a temporary folder and a Redis
// server without persistence, each on a free port, removed afterwards.

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export const which = (name: string): string | undefined => {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const file = path.join(dir, name);
    if (dir && existsSync(file)) return file;
  }
  return undefined;
};

/** The folder with PostgreSQL's initdb and pg_ctl: PG_BIN, Debian's versioned folder, or PATH. */
export function postgresBin(): string | undefined {
  const candidates = [process.env.PG_BIN, '/usr/lib/postgresql/15/bin', path.dirname(which('initdb') ?? '/')];
  return candidates.find(
    (dir) => dir && existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl')),
  );
}

/** initdb refuses to run as root: as root the cluster belongs to the `postgres` account. */
export function clusterOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** Why a private PostgreSQL cannot be started here, or undefined when it can. */
export function privatePostgresMissing(): string | undefined {
  if (!postgresBin()) return 'PostgreSQL binaries (initdb, pg_ctl) not found; set PG_BIN';
  if (process.getuid?.() === 0 && !clusterOwner()) return 'running as root without a postgres account';
  return undefined;
}

export interface PrivatePostgres {
  /** postgres://…/medrelay on the private cluster. */
  url: string;
  /** `pg_ctl restart -m fast`: every connection is terminated, the server is back when it returns. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBin() as string;
  const owner = clusterOwner();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'medrelay-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const run = (tool: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(path.join(bin, tool), args, {
        ...owner,
        stdio: ['ignore', 'pipe', 'pipe'],
        cwd: dir,
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
        code === 0 ? resolve() : reject(new Error(`${tool} exited ${code}: ${out}`)),
      );
    });
  await run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const ctl = (...args: string[]) =>
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-o', options, '-w', '-t', '60', ...args]);
  await ctl('start');
  const url = `postgres://postgres@127.0.0.1:${port}/medrelay`;
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE medrelay');
  await admin.end();
  return {
    url,
    restart: () => ctl('restart', '-m', 'fast'),
    async stop() {
      await ctl('stop', '-m', 'immediate').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Why a private Redis cannot be started here, or undefined when it can. */
export const privateRedisMissing = (): string | undefined =>
  which('redis-server') ? undefined : 'redis-server not found on PATH';

export interface PrivateRedis {
  url: string;
  /** Stops the server (SIGKILL: the counters go with it, as when Redis is lost). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const c = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = c;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 20_000);
      c.stdout?.on('data', (d) => {
        out += d;
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      c.once('exit', (code) => reject(new Error(`redis-server exited ${code}: ${out}`)));
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop: () =>
      new Promise<void>((resolve) => {
        const c = child;
        if (!c || c.exitCode !== null || c.signalCode !== null) return resolve();
        c.once('exit', () => resolve());
        c.kill('SIGKILL');
      }),
  };
}
