import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './data-dir-lock.ts';

let dir: string;
let dataDir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'medrelay-lock-'));
  dataDir = path.join(dir, 'pgdata');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lockAs = (pid: number) =>
  writeFileSync(
    `${dataDir}.lock`,
    JSON.stringify({ pid, host: os.hostname(), startedAt: '2026-11-29T00:00:00Z', command: 'serve' }),
  );

test('a data folder held by a running process is refused with its pid and what to do', () => {
  lockAs(process.ppid); // the test runner: alive, and not us
  let error: unknown;
  try {
    acquireDataDirLock(dataDir);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(DataDirLockedError);
  expect((error as DataDirLockedError).code).toBe('data_dir_locked');
  expect((error as Error).message).toContain(`in use by process ${process.ppid}`);
  expect((error as Error).message).toContain('DATABASE_URL');
});

test('a lock left by a process that died is taken over, and released on close', () => {
  // A process that has exited: its pid is free.
  const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
  lockAs(dead);
  const lock = acquireDataDirLock(dataDir);
  expect(JSON.parse(readFileSync(lock.file, 'utf8')).pid).toBe(process.pid);
  expect(() => acquireDataDirLock(dataDir)).not.toThrow(); // our own pid: a previous life of this process
  lock.release();
  expect(existsSync(`${dataDir}.lock`)).toBe(false);
});

test('an unreadable lock file counts as stale', () => {
  writeFileSync(`${dataDir}.lock`, '{"pid":');
  const lock = acquireDataDirLock(dataDir);
  lock.release();
});
