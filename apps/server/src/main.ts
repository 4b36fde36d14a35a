import { bootstrap } from './bootstrap.ts';
import { loadConfig } from './platform/config.ts';
import { DataDirLockedError } from './platform/db/index.ts';
import { onShutdownSignal, startWorkerPoolInPrimary } from './platform/processes.ts';
import { gracefulShutdown } from './platform/shutdown.ts';

const config = loadConfig();
if (!startWorkerPoolInPrimary(config)) {
  const running = await bootstrap(config).catch((err: unknown) => {
    // A refusal the operator can act on is said in one line, without a stack trace.
    if (err instanceof DataDirLockedError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  });
  await running.app.listen({ port: config.PORT, host: config.HOST });

  const shutdown = gracefulShutdown({
    stop: () => running.stop(),
    log: running.app.log,
    timeoutMs: config.SHUTDOWN_TIMEOUT_SECONDS * 1000,
  });
  onShutdownSignal(shutdown);
}
