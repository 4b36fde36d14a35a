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
test.runIf(template.kind === 'postgres')(
  'SIGTERM: the server stops accepting, finishes, and exits 0',
  async () => {
    const name = `medrelay_t_${template.ref.split('_').at(-1)}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: template.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template.ref}`);
    try {
      const url = new URL(template.url as string);
      url.pathname = `/${name}`;
      const keys = {
        PHONE_ENC_KEY: randomBytes(32).toString('base64'),
        HASH_KEY: randomBytes(32).toString('base64'),
      };
      const server = tsx('apps/server/src/main.ts', [], {
        ...baseEnv,
        ...keys,
        DATABASE_URL: url.toString(),
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
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  },
  120_000,
);
