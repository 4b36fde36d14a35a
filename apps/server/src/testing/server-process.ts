import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TemplateRef } from './template-db.ts';

// Fault drills need the server as an operator runs it: a process of its own, killed with signals,
// restarted on the same data. This starts one on a fresh copy of the suite's migrated template
// (PGlite: the dumped data folder unpacked into DATA_DIR, so no initdb; PostgreSQL: a database made
// from the template database) and speaks to it over HTTP.

export const ROOT = new URL('../../../../', import.meta.url).pathname;

/** A fresh store for server processes: the environment that names it, and a way to remove it. */
export interface ProcessStore {
  dataDir: string;
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function processStore(template: TemplateRef): Promise<ProcessStore> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'medrelay-drill-'));
  if (template.kind === 'pglite') {
    const client = new PGlite(path.join(dataDir, 'pgdata'), {
      loadDataDir: new Blob([await readFile(template.ref)]),
    });
    await client.waitReady;
    await client.close();
    return {
      dataDir,
      env: { DATA_DIR: dataDir },
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `medrelay_t_${template.ref.split('_').at(-1)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: template.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template.ref}`);
  await admin.end();
  const url = new URL(template.url as string);
  url.pathname = `/${name}`;
  return {
    dataDir,
    env: {
      DATA_DIR: dataDir,
      DATABASE_URL: url.toString(),
      PHONE_ENC_KEY: randomBytes(32).toString('base64'),
      HASH_KEY: randomBytes(32).toString('base64'),
    },
    async drop() {
      const a = new pg.Client({ connectionString: template.url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ServerProcess {
  base: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  log(): string;
  /** SIGKILL: no shutdown hook, no flush. Resolves when the process is gone. */
  kill(): Promise<void>;
}

const running = new Set<ChildProcess>();
/** Kills every server process still running (an afterAll for drills that fail half-way). */
export function killAll() {
  for (const c of running) c.kill('SIGKILL');
  running.clear();
}

/**
 * Starts `script` (the real `main.ts` unless a drill needs `drill-server.ts`) and waits until it
 * listens. Requests may carry X-Forwarded-For (TRUST_PROXY is on) so that simulated residents get
 * per-address budgets as behind the reverse proxy.
 */
export async function startServer(
  env: Record<string, string>,
  script = 'apps/server/src/main.ts',
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script)], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      TRUST_PROXY: 'true',
      REQUIRE_VERIFICATION: 'false',
      WEB_DIST: '/nonexistent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let text = '';
  const onData = (d: Buffer) => {
    text += d;
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 90 s:\n${text}`)), 90_000);
    const check = () => {
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (!m) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      resolve(m[1] as string);
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code}:\n${text}`));
    });
  });
  return {
    base,
    child,
    log: () => text,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

export interface Reply {
  status: number;
  json: unknown;
  headers: Headers;
}

/** A resident of a server process: a session cookie and an address of their own. */
export interface Resident {
  phone: string;
  address: string;
  call(method: string, p: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
}

/** Logs in over HTTP with the code the console SMS provider wrote to DATA_DIR/sms-outbox.jsonl. */
export async function residentOf(
  server: () => string,
  dataDir: string,
  phone: string,
  address: string,
): Promise<Resident> {
  let cookie: string | undefined;
  const call = async (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server()}${p}`, {
      method,
      headers: {
        'x-forwarded-for': address,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(cookie ? { cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  const sms = await call('POST', '/api/v1/auth/sms', { phone });
  if (sms.status !== 200 && sms.status !== 204) throw new Error(`sms: ${sms.status}`);
  const lines = readFileSync(path.join(dataDir, 'sms-outbox.jsonl'), 'utf8').trim().split('\n');
  const code = lines
    .map((l) => JSON.parse(l) as { to: string; code?: string })
    .filter((m) => m.to === phone && m.code)
    .at(-1)?.code;
  const res = await fetch(`${server()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ phone, code }),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  cookie = res.headers.get('set-cookie')?.split(';')[0];
  return { phone, address, call };
}
