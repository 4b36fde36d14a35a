import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';

// PGlite is PostgreSQL in this process without its postmaster, so nothing stops a second process
// (the admin CLI, a second `npm start`) from opening the same data folder: two writers on one set
// of files corrupt it (issue 17). A lock file beside the folder names the owner; a lock whose
// process is gone (kill -9, power loss) is stale and taken over.

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

/** A start-up refusal, not an HTTP answer: its message is for the operator at the terminal. */
export class DataDirLockedError extends Error {
  readonly code = 'data_dir_locked';
  constructor(
    message: string,
    readonly holder?: { pid: number; host: string; since: string },
  ) {
    super(message);
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  file: string;
  release(): void;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user, which still holds the folder.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const readLock = (file: string): LockInfo | undefined => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return undefined; // half-written or unreadable: treated as stale
  }
};

/** Whether a lock belongs to a process that still runs (on this machine; another host's is kept). */
const heldByAnother = (info: LockInfo | undefined): info is LockInfo =>
  Boolean(info) &&
  (info as LockInfo).pid !== process.pid &&
  ((info as LockInfo).host !== os.hostname() || isAlive((info as LockInfo).pid));

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = `${dataDir}.lock`;
  const mine: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(' ').slice(0, 200),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify(mine));
      closeSync(fd);
      const release = () => {
        if (readLock(file)?.pid === process.pid) unlinkSync(file);
        process.off('exit', release);
      };
      // A crash still leaves the pid check to clean up, but an ordinary exit should not need it.
      process.on('exit', release);
      return { file, release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const held = readLock(file);
      if (heldByAnother(held)) {
        throw new DataDirLockedError(
          `The data folder ${dataDir} is in use by process ${held.pid} on ${held.host} ` +
            `(since ${held.startedAt}: ${held.command}). Stop that process first, or use DATABASE_URL ` +
            `for a store that several processes can share. If no such process runs, delete ${file}.`,
          { pid: held.pid, host: held.host, since: held.startedAt },
        );
      }
      // Stale: its process is gone. Remove it and try once more (another process may win the race).
      // Re-read first so that a lock another starter has just written in its place survives.
      try {
        if (JSON.stringify(readLock(file)) === JSON.stringify(held)) unlinkSync(file);
      } catch {
        // already removed by a concurrent starter
      }
    }
  }
  throw new DataDirLockedError(`Could not lock the data folder ${dataDir}; try again.`);
}
