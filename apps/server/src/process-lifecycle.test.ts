import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, expect, inject, test } from 'vitest';
import { acquireDataDirLock } from './platform/db/index.ts';

// Issue 17 as an operator meets it, with real processes because signals and locks are about
// processes: `npm run admin:grant` on a data folder that another process holds is refused with one
// clear line; SIGTERM stops a serving process with exit 0.

const ROOT = new URL('../../../', import.meta.url).pathname;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'medrelay-proc-'));
const baseEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NODE_ENV: 'test',
  DATA_DIR: dataDir,
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'info',
  WEB_DIST: path.join(dataDir, 'no-web-build'),
};
// With DATABASE_URL the server needs its keys given (on the embedded store it generates them).
const KEYS = {
  PHONE_ENC_KEY: randomBytes(32).toString('base64'),
  HASH_KEY: randomBytes(32).toString('base64'),
};
const tsx = (script: string, args: string[], env: Record<string, string | undefined>) =>
  spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], { cwd: ROOT, env });
const output = (child: ChildProcess) => {
  let text = '';
  child.stdout?.on('data', (d) => {
    text += d;
  });
  child.stderr?.on('data', (d) => {
    text += d;
  });
  return () => text;
};
const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

test('admin:grant on a data folder held by a running process is refused in one clear line', async () => {
  // This test process plays the running server: it holds the lock the server takes at start-up.
  const lock = acquireDataDirLock(path.join(dataDir, 'pgdata'));
  try {
    const cli = tsx('apps/server/src/cli/grant-role.ts', ['13800000000', 'admin'], baseEnv);
    children.push(cli);
    const out = output(cli);
    expect(await exitOf(cli)).toBe(1);
    expect(out()).toContain(
      `admin:grant: The data folder ${path.join(dataDir, 'pgdata')} is in use by process ${process.pid}`,
    );
    expect(out()).not.toMatch(/\n\s+at /); // no stack trace
  } finally {
    lock.release();
  }
}, 60_000);

// On PostgreSQL the server starts in a second or two; the embedded store's first start runs initdb,
// which takes minutes on a loaded two-core machine, so this drill runs with the PostgreSQL suite.
const template = inject('dbTemplate');

/** A database of its own from the suite's migrated template (PostgreSQL suite only). */
async function freshDatabase() {
  const name = `medrelay_t_${template.ref.split('_').at(-1)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: template.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template.ref}`);
  const url = new URL(template.url as string);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

test.runIf(template.kind === 'postgres')(
  'SIGTERM: the server stops accepting, finishes, and exits 0',
  async () => {
    const db = await freshDatabase();
    try {
      const server = tsx('apps/server/src/main.ts', [], {
        ...baseEnv,
        ...KEYS,
        DATABASE_URL: db.url,
      });
      children.push(server);
      const log = output(server);
      const exited = exitOf(server);
      let base: string | undefined;
      for (const deadline = Date.now() + 60_000; !base && Date.now() < deadline; ) {
        base = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(log())?.[1];
        if (!base) await new Promise((r) => setTimeout(r, 200));
      }
      expect(base, log()).toBeDefined();
      expect((await fetch(`${base}/api/v1/health`)).status).toBe(200);
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(log()).toContain('shutting down');
      expect(log()).toContain('"msg":"stopped"');
    } finally {
      await db.drop();
    }
  },
  120_000,
);

// SERVER_PROCESSES (docs/scaling.md): a primary that serves nothing and keeps that many workers on one
// port. A worker that cannot start stops the service instead of being restarted for ever.
test('SERVER_PROCESSES=2 whose workers cannot start: the primary stops and exits 1', async () => {
  const server = tsx('apps/server/src/main.ts', [], {
    ...baseEnv,
    SERVER_PROCESSES: '2',
    // Nothing listens on port 1, and the workers do not wait for it.
    DATABASE_URL: 'postgres://postgres@127.0.0.1:1/medrelay',
    DATABASE_WAIT_SECONDS: '0',
    ...KEYS,
  });
  children.push(server);
  const log = output(server);
  expect(await exitOf(server)).toBe(1);
  expect(log()).toContain('"msg":"starting server processes"');
  // No REDIS_URL here: the operator is told that each process counts rate limits on its own.
  expect(log()).toContain('rate limits are counted by each server process: set REDIS_URL to share them');
  expect(log()).toContain('"msg":"server process failed at start: stopping"');
}, 60_000);

test.runIf(template.kind === 'postgres')(
  'SERVER_PROCESSES=2: two workers serve one port, a killed one is replaced, SIGTERM stops all with exit 0',
  async () => {
    const db = await freshDatabase();
    try {
      const server = tsx('apps/server/src/main.ts', [], {
        ...baseEnv,
        SERVER_PROCESSES: '2',
        DATABASE_URL: db.url,
        ...KEYS,
      });
      children.push(server);
      const log = output(server);
      const exited = exitOf(server);
      const lines = (msg: string) =>
        log()
          .split('\n')
          .filter((l) => l.includes(`"msg":"${msg}`))
          .map((l) => JSON.parse(l) as Record<string, unknown>);
      const waitFor = async (what: () => boolean) => {
        for (const deadline = Date.now() + 60_000; !what() && Date.now() < deadline; )
          await new Promise((r) => setTimeout(r, 200));
        expect(what(), log()).toBe(true);
      };
      await waitFor(() => lines('Server listening at').length === 2);
      // listen(0) in node:cluster workers: one port, chosen once by the primary.
      const bases = new Set(
        lines('Server listening at').map((l) => /http:\/\/[\d.:]+/.exec(String(l.msg))?.[0]),
      );
      expect(bases.size).toBe(1);
      const base = [...bases][0] as string;
      const workerPids = lines('server process started').map((l) => Number(l.pid));
      expect(workerPids).toHaveLength(2);
      expect(workerPids).not.toContain(server.pid);
      const health = () => fetch(`${base}/api/v1/health`, { headers: { connection: 'close' } });
      expect((await health()).status).toBe(200);

      // A worker that dies after it started is replaced; the other serves meanwhile.
      const forked = Number(lines('server process started')[0]?.time);
      await new Promise((r) => setTimeout(r, Math.max(0, forked + 11_000 - Date.now())));
      process.kill(workerPids[0] as number, 'SIGKILL');
      await waitFor(() => lines('server process exited: starting another').length === 1);
      for (let i = 0; i < 4; i++) expect((await health()).status).toBe(200);
      await waitFor(() => lines('Server listening at').length === 3);
      expect(lines('server process started')).toHaveLength(3);

      server.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(lines('shutting down the server processes')).toHaveLength(1);
      expect(lines('stopped')).toHaveLength(2); // each live worker finished and said so
      for (const pid of lines('server process started').map((l) => Number(l.pid))) {
        expect(() => process.kill(pid, 0)).toThrow(); // no worker left behind
      }
    } finally {
      await db.drop();
    }
  },
  120_000,
);
