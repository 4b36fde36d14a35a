// What compressing JSON replies costs the server (issue 11, "compression and caching"): one page of the
// square (20 newest needs nationwide, ~10 KB of JSON) asked by autocannon in a child process, with no
// Accept-Encoding, with gzip and with Brotli; the server's CPU per request and the bytes per reply.
//   npx tsx bench/compression.bench.ts [--connections 20] [--duration 8] [--rounds 3]
// The server is the real app from bootstrap() on a fresh embedded store with the demo posts.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { bootstrap } from '../apps/server/src/bootstrap.ts';
import { seedDemo } from '../apps/server/src/cli/demo-seed.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { loadAverage, machine, table } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '20' },
    duration: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    // Internal: this file run again as the load generator, in a process of its own.
    client: { type: 'string' },
    encoding: { type: 'string', default: '' },
  },
});
const FEED = '/api/v1/posts?kind=need&sort=time&limit=20';

if (values.client) {
  // Each request from another simulated resident (X-Forwarded-For), so per-address limits do not
  // turn the run into a 429 benchmark.
  let n = 0;
  const result = await autocannon({
    url: values.client,
    connections: Number(values.connections),
    duration: Number(values.duration),
    requests: [
      {
        method: 'GET',
        path: FEED,
        setupRequest: (req) => ({
          ...req,
          headers: {
            ...req.headers,
            'x-forwarded-for': `2001:db8:${(++n % 50_000).toString(16)}::1`,
            ...(values.encoding ? { 'accept-encoding': values.encoding } : {}),
          },
        }),
      },
    ],
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'medrelay-compress-'));
const running = await bootstrap(
  loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    TRUST_PROXY: 'true',
    WEB_DIST: path.join(dataDir, 'no-web-app'),
    NODE_ENV: 'production',
  }),
);
await seedDemo(running);
const address = await running.app.listen({ host: '127.0.0.1', port: 0 });

async function load(encoding: string, seconds: string) {
  const before = process.cpuUsage();
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      new URL(import.meta.url).pathname,
      '--client',
      address,
      '--encoding',
      encoding,
      '--connections',
      String(values.connections),
      '--duration',
      seconds,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  await new Promise((resolve) => child.on('exit', resolve));
  const cpu = process.cpuUsage(before);
  const result = JSON.parse(out.trim().split('\n').at(-1) as string) as autocannon.Result;
  return { result, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const ENCODINGS = ['', 'gzip', 'br'];
type Run = Awaited<ReturnType<typeof load>>;
const runs = new Map<string, Run[]>(ENCODINGS.map((e) => [e, []]));
for (const encoding of ENCODINGS) await load(encoding, '2'); // warm-up: JIT, caches, the square's index
// Interleaved rounds, so that a busy minute on a shared machine falls on every encoding alike.
for (let round = 0; round < Number(values.rounds); round++) {
  for (const encoding of ENCODINGS) runs.get(encoding)?.push(await load(encoding, String(values.duration)));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const rows = ENCODINGS.map((encoding) => {
  const rs = runs.get(encoding) ?? [];
  return [
    encoding || 'none',
    Math.round(median(rs.map((r) => r.result.requests.average))),
    median(rs.map((r) => r.result.latency.p99)),
    median(rs.map((r) => (r.cpuMs / r.result.requests.total) * 1000)).toFixed(0),
    median(rs.map((r) => r.result.throughput.total / r.result.requests.total / 1024)).toFixed(1),
    rs.reduce((n, r) => n + r.result.non2xx, 0),
  ];
});
await running.stop();
rmSync(dataDir, { recursive: true, force: true });

console.log(
  `# ${FEED} through HTTP, ${values.connections} connections, median of ${values.rounds} interleaved ` +
    `${values.duration} s runs per encoding; ` +
    `${machine()}; load average ${loadAverage()}`,
);
console.log(
  table(['Accept-Encoding', 'req/s', 'p99 ms', 'server CPU µs per request', 'KB per reply', 'non-2xx'], rows),
);
