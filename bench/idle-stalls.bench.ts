// The server's own event-loop stalls with no load (issue 17): starts the bench server on a store,
// asks /health twice a second for --duration seconds (the square index builds, the jobs run on
// their timers), then lists the worst stalls and, with --profile DIR, what the CPU profile sampled
// inside each. Separates what the server does to itself from what a load does to it.
//   npx tsx bench/idle-stalls.bench.ts (--database-url URL | --pglite DIR/pgdata) [--duration 120] [--profile DIR]
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startBenchServer } from './lib/server-process.ts';
import { explainStalls, type Stall } from './lib/stall-recorder.ts';
import { loadAverage, machine, ms, summarize } from './lib/stats.ts';
import { describeTarget, TARGET_OPTIONS, targetFrom } from './lib/store.ts';

const USAGE =
  'npx tsx bench/idle-stalls.bench.ts (--database-url URL | --pglite DIR) [--duration 120] [--profile DIR]';
const { values } = parseArgs({
  options: { ...TARGET_OPTIONS, duration: { type: 'string', default: '120' }, profile: { type: 'string' } },
});
const target = targetFrom(values, USAGE);
const profileDir = values.profile ? path.resolve(values.profile, `idle-${Date.now()}`) : undefined;
if (profileDir) mkdirSync(profileDir, { recursive: true });
const t0 = performance.now();
const server = await startBenchServer(
  target,
  {},
  profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
);
console.log(
  `# idle stalls, ${describeTarget(target)}; ${machine()}; load average ${loadAverage()}; listening after ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
await server.ask('stalls'); // start-up's own (opening the store, migrating) are not the running server's
const latencies: number[] = [];
const end = performance.now() + Number(values.duration) * 1000;
let built: number | undefined;
while (performance.now() < end) {
  const a = performance.now();
  const res = await fetch(`${server.base}/api/v1/health`, { signal: AbortSignal.timeout(60_000) }).catch(
    () => undefined,
  );
  latencies.push(performance.now() - a);
  if (!res?.ok) console.log(`health ${res?.status ?? 'no answer'} at ${((a - t0) / 1000).toFixed(1)} s`);
  if (built === undefined && (await server.ask<{ state: string }>('index')).state === 'ready') {
    built = (performance.now() - t0) / 1000;
    console.log(`square index ready at ${built.toFixed(1)} s`);
  }
  await new Promise((r) => setTimeout(r, 500));
}
const stalls = await server.ask<Stall[]>('stalls');
await server.stop();
const s = summarize(latencies);
console.log(
  `/health: n ${s.n}, p50 ${ms(s.p50)} ms, p99 ${ms(s.p99)} ms, max ${ms(s.max)} ms; load average ${loadAverage()}`,
);
console.log(`stalls over 50 ms: ${stalls.length}`);
const file = profileDir && readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
const lines = file && profileDir ? explainStalls(path.join(profileDir, file), stalls.slice(0, 8)) : [];
stalls.slice(0, 8).forEach((st, i) => {
  console.log(
    `  ${lines[i] ?? `${st.wallMs.toFixed(0)} ms wall, ${st.cpuMs.toFixed(0)} ms CPU, GC ${JSON.stringify(st.gc)}`}`,
  );
});
