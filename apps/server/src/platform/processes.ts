import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { createLogger } from './logger.ts';

export interface WorkerPoolOptions {
  /** How many server processes to keep running (SERVER_PROCESSES). */
  count: number;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** How long the workers get to finish on SIGTERM before the primary kills them. */
  timeoutMs: number;
  /** A worker that dies this soon after it started is not restarted: a crash loop stops the service. */
  minUptimeMs?: number;
  exit?: (code: number) => void;
}

/**
 * SERVER_PROCESSES > 1: this (primary) process serves nothing; it forks `count` copies of the same
 * script, which listen on one port (node:cluster's primary accepts the connections and hands them out
 * round-robin). Each worker is a whole server — its own square index, pools and jobs — exactly like a
 * second `medrelay@PORT` unit behind nginx, without nginx's hop: on one machine this is how the
 * square uses every core (docs/scaling.md). A worker that dies is replaced; SIGTERM/SIGINT is passed
 * on and the primary exits when the workers have.
 */
export function runWorkerPool(opts: WorkerPoolOptions): void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const minUptimeMs = opts.minUptimeMs ?? 10_000;
  const startedAt = new Map<Worker, number>();
  let stopping = false;
  let failed = false;

  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker, Date.now());
    opts.log.info({ worker: worker.id, pid: worker.process.pid }, 'server process started');
  };
  cluster.on('exit', (worker, code, signal) => {
    const uptimeMs = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) {
      if (code !== 0) failed = true;
      if (startedAt.size === 0) exit(failed ? 1 : 0);
      return;
    }
    if (uptimeMs < minUptimeMs) {
      // A worker that cannot start (a bad setting, the database down for longer than it waits) would
      // fail again at once: stop everything so that the supervisor reports it.
      opts.log.error(
        { worker: worker.id, exitCode: code, signal, uptimeMs },
        'server process failed at start: stopping',
      );
      stop('worker-failed', 1);
      return;
    }
    opts.log.warn({ worker: worker.id, exitCode: code, signal }, 'server process exited: starting another');
    fork();
  });

  const stop = (signal: string, code = 0) => {
    if (stopping) {
      opts.log.warn({ signal }, 'second signal: stopping the server processes now');
      for (const worker of startedAt.keys()) worker.process.kill('SIGKILL');
      exit(1);
      return;
    }
    stopping = true;
    failed = code !== 0;
    opts.log.info({ signal, processes: startedAt.size }, 'shutting down the server processes');
    if (startedAt.size === 0) exit(code);
    for (const worker of startedAt.keys()) worker.process.kill('SIGTERM');
    // Each worker has its own timeout (SHUTDOWN_TIMEOUT_SECONDS); this one is for a worker that hangs.
    setTimeout(() => {
      opts.log.error({ processes: startedAt.size }, 'server processes did not stop: killing them');
      for (const worker of startedAt.keys()) worker.process.kill('SIGKILL');
      exit(1);
    }, opts.timeoutMs + 5_000).unref();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(signal));

  opts.log.info({ processes: opts.count }, 'starting server processes');
  for (let i = 0; i < opts.count; i++) fork();
}

/**
 * Calls `shutdown` on SIGTERM or SIGINT. In a worker of the pool the same stop arrives several times
 * at once — Ctrl-C sends SIGINT to the whole process group, systemd sends SIGTERM to every process of
 * the unit, and the primary passes its signal on — so only the first counts there (a second signal
 * would otherwise mean "exit now" and cut requests off); the primary kills a worker that hangs.
 */
export function onShutdownSignal(shutdown: (signal: string) => void): void {
  let started = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (started && cluster.isWorker) return;
      started = true;
      shutdown(signal);
    });
  }
}

/**
 * What a server entry point does first: with SERVER_PROCESSES > 1, in the primary, starts the pool and
 * returns true (this process then serves nothing); otherwise returns false and the caller serves.
 */
export function startWorkerPoolInPrimary(config: Config): boolean {
  if (config.SERVER_PROCESSES <= 1 || !cluster.isPrimary) return false;
  const log = createLogger(config.LOG_LEVEL);
  if (!config.REDIS_URL) {
    // Connections go to the workers in turn, so a client with several of them gets several budgets.
    log.warn(
      { processes: config.SERVER_PROCESSES },
      'rate limits are counted by each server process: set REDIS_URL to share them',
    );
  }
  runWorkerPool({ count: config.SERVER_PROCESSES, log, timeoutMs: config.SHUTDOWN_TIMEOUT_SECONDS * 1000 });
  return true;
}
