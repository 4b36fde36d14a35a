import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

export interface ShutdownOptions {
  /** Stops accepting, waits for requests and jobs in flight, closes the stores. */
  stop: () => Promise<void>;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  /** In-flight work gets this long; then the process exits anyway (its supervisor restarts it). */
  timeoutMs: number;
  exit?: (code: number) => void;
}

/**
 * What SIGTERM does: a deploy or a scale-down sends it and waits a grace period before SIGKILL, so
 * the requests in flight finish and nothing acknowledged is cut off; past `timeoutMs` we exit rather
 * than be killed mid-write. A second signal means the operator wants out now.
 */
export function gracefulShutdown(opts: ShutdownOptions): (signal: string) => void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let started = false;
  return (signal) => {
    if (started) {
      opts.log.warn({ signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    started = true;
    opts.log.info({ signal, timeoutMs: opts.timeoutMs }, 'shutting down: finishing requests in flight');
    const timer = setTimeout(() => {
      opts.log.error({ timeoutMs: opts.timeoutMs }, 'shutdown took too long: exiting with work in flight');
      exit(1);
    }, opts.timeoutMs);
    timer.unref();
    opts.stop().then(
      () => {
        clearTimeout(timer);
        opts.log.info('stopped');
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(timer);
        opts.log.error({ err }, 'shutdown failed');
        exit(1);
      },
    );
  };
}

/**
 * Answers that finish while the server is closing say `Connection: close`, so that the client's
 * keep-alive connection ends with them; otherwise close() would wait for that idle connection until
 * the keep-alive timeout (72 s in Fastify) and the shutdown would end by its own timeout.
 */
export function installConnectionDrain(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
}
