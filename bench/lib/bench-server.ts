// The server process of the load benchmarks: `main.ts` with wide posting quotas and rate limits
// (the simulated residents are few and busy), and the event loop watched with perf_hooks'
// monitorEventLoopDelay from the start. The parent asks over IPC:
//   'stall'  → { maxMs, p99Ms, meanMs } since the last ask (then resets)
//   'spikes' → runs the demand-spike job once now, answers { ms, found }
//   'stalls' → the event-loop gaps over 50 ms since the last ask, longest first (stall-recorder.ts)
//   'index'  → the square index's state and size (a run can wait for it to be built)
// Started by bench/mixed-load.bench.ts and bench/live-fanout.bench.ts; not for `npm start`.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { bootstrap } from '../../apps/server/src/bootstrap.ts';
import { loadConfig } from '../../apps/server/src/platform/config.ts';
import { stallRecorder, watchPglite } from './stall-recorder.ts';

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const stalls = stallRecorder();
watchPglite(PGlite.prototype as unknown as Record<string, unknown>);
const config = loadConfig();
const running = await bootstrap(config, undefined, (deps) => ({
  ...deps,
  quotas: { openPerKind: 1_000_000, newPerDay: 1_000_000, sameMedicineHours: 0 },
  rateLimitFactor: 1000,
}));
const address = await running.app.listen({ port: config.PORT, host: config.HOST });
process.send?.({ listening: address });
process.on('message', async (m) => {
  if (m === 'stall') {
    process.send?.({
      stall: { maxMs: loop.max / 1e6, p99Ms: loop.percentile(99) / 1e6, meanMs: loop.mean / 1e6 },
    });
    loop.reset();
  } else if (m === 'stalls') {
    process.send?.({ stalls: stalls.take().slice(0, 20) });
  } else if (m === 'index') {
    const index = running.squareIndex;
    process.send?.({ index: { state: index?.state ?? 'off', size: index?.size ?? 0 } });
  } else if (m === 'spikes') {
    const t0 = performance.now();
    const found = await running.demandSpikes.detect();
    process.send?.({ spikes: { ms: performance.now() - t0, found: found.length } });
  }
});
process.on('disconnect', () => process.exit(0));
// An orderly exit, so that --cpu-prof writes its profile.
process.on('SIGTERM', () => {
  stalls.stop();
  void running.stop().finally(() => process.exit(0));
});
