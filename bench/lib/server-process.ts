// Starts bench/lib/bench-server.ts as a process of its own (the load generator must not share its
// event loop) and talks to it over HTTP and IPC.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Target } from './store.ts';

type Question = 'stall' | 'spikes' | 'stalls' | 'index';

export interface BenchServer {
  base: string;
  dataDir: string;
  child: ChildProcess;
  ask<T>(what: Question): Promise<T>;
  stop(): Promise<void>;
}

/**
 * On PGlite the target folder is the data folder itself (as bench/generate.ts writes it) and must be
 * named `pgdata`: its parent becomes DATA_DIR (PGlite does not follow a symbolic link to it). On
 * PostgreSQL DATABASE_URL names it. Every request may carry X-Forwarded-For. `nodeArgs` go to the
 * server's node (e.g. --cpu-prof --cpu-prof-dir DIR).
 */
export async function startBenchServer(
  target: Target,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<BenchServer> {
  if (target.kind === 'pglite' && path.basename(target.dir) !== 'pgdata') {
    throw new Error(
      'with --pglite, name the data folder …/pgdata (e.g. bench/generate.ts --pglite ./.data-bench/server/pgdata)',
    );
  }
  const dataDir =
    target.kind === 'pglite' ? path.dirname(target.dir) : path.resolve(`.data-bench/server-${Date.now()}`);
  mkdirSync(dataDir, { recursive: true });
  const storeEnv: Record<string, string> =
    target.kind === 'postgres'
      ? {
          DATABASE_URL: target.url,
          PHONE_ENC_KEY: randomBytes(32).toString('base64'),
          HASH_KEY: randomBytes(32).toString('base64'),
        }
      : {};
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'bench/lib/bench-server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: 'true',
      REQUIRE_VERIFICATION: 'false',
      REVEAL_PER_HOUR: '100000',
      REVEAL_PER_DAY: '100000',
      REVEAL_PER_IP_PER_DAY: '100000',
      WEB_DIST: path.join(dataDir, 'no-web-app'),
      DATA_DIR: dataDir,
      ...storeEnv,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let log = '';
  child.stdout?.on('data', (d) => {
    log += d;
  });
  child.stderr?.on('data', (d) => {
    log += d;
  });
  const base = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { listening: string }).listening));
    child.once('exit', (code) => reject(new Error(`bench server exited ${code}:\n${log}`)));
  });
  return {
    base,
    dataDir,
    child,
    ask: <T>(what: Question) =>
      new Promise<T>((resolve) => {
        // Answers come by name: a slow 'spikes' must not take the answer to 'stall'.
        const onMessage = (m: unknown) => {
          if (!(m && typeof m === 'object' && what in m)) return;
          child.off('message', onMessage);
          resolve((m as Record<string, T>)[what] as T);
        };
        child.on('message', onMessage);
        child.send(what);
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The SMS code the console provider wrote for `phone` (DATA_DIR/sms-outbox.jsonl). */
export function lastCode(dataDir: string, phone: string): string {
  const lines = readFileSync(path.join(dataDir, 'sms-outbox.jsonl'), 'utf8').trim().split('\n');
  const mine = lines
    .map((l) => JSON.parse(l) as { to: string; code?: string })
    .filter((m) => m.to === phone && m.code);
  const code = mine.at(-1)?.code;
  if (!code) throw new Error(`no code for ${phone}`);
  return code;
}
