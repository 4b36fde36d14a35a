// A server process of bench/cluster/cluster.ts and bench/http.bench.ts --processes: `main.ts` with its
// clock pinned to the benchmark data (BENCH_CLOCK_OFFSET_MS behind the real time, as bench/http.bench.ts
// does in-process), so that the generated posts are open as they were when generated. SERVER_PROCESSES
// works as in main.ts. Everything else as `npm start`. Not for production.
import { bootstrap } from '../../apps/server/src/bootstrap.ts';
import { loadConfig } from '../../apps/server/src/platform/config.ts';
import { onShutdownSignal, startWorkerPoolInPrimary } from '../../apps/server/src/platform/processes.ts';
import { gracefulShutdown } from '../../apps/server/src/platform/shutdown.ts';

const config = loadConfig();
if (!startWorkerPoolInPrimary(config)) {
  const offset = Number(process.env.BENCH_CLOCK_OFFSET_MS ?? 0);
  const running = await bootstrap(config, { now: () => new Date(Date.now() - offset) });
  await running.app.listen({ port: config.PORT, host: config.HOST });
  // The benchmark measures the square's steady state (index built, bodies cached): it waits for this
  // line (the log level is warn).
  void running.squareWarm.then(() => {
    process.stderr.write(`square index ready: ${running.squareIndex?.size} open posts\n`);
  });
  const shutdown = gracefulShutdown({
    stop: () => running.stop(),
    log: running.app.log,
    timeoutMs: config.SHUTDOWN_TIMEOUT_SECONDS * 1000,
  });
  onShutdownSignal(shutdown);
}
