// Where a request's time goes between a bare Fastify route and the app: the same trivial route
// (GET /x → {"ok":true}) on Fastify instances that add, one at a time, what buildApp() installs in
// front of every route — the Zod type provider with a response schema, cookies, the rate limiter
// (in-process counters), the security headers (helmet), compression, and request logging at `info`
// (pino, to /dev/null). autocannon runs in a child process (bench/lib/http-client.ts).
//   npx tsx bench/overhead.bench.ts [--connections 50] [--duration 8] [--warmup 2]
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import pino from 'pino';
import { z } from 'zod';
import { installCompression } from '../apps/server/src/platform/compression.ts';
import { loggerOptions } from '../apps/server/src/platform/logger.ts';
import { installRateLimits } from '../apps/server/src/platform/rate-limits.ts';
import { installSecurityHeaders } from '../apps/server/src/platform/security.ts';
import { loadAverage, machine, table } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
  },
});

const STEPS = [
  'bare',
  '+ zod schema',
  '+ cookies',
  '+ rate limiter',
  '+ helmet',
  '+ compression',
  '+ logging',
];

async function build(step: number): Promise<FastifyInstance> {
  const logging = step >= 6;
  // One logger type for every variant (pino's own generic would make each a different instance type).
  const app = Fastify({
    trustProxy: true,
    ...(logging
      ? { loggerInstance: pino(loggerOptions('info'), pino.destination('/dev/null')) }
      : { logger: false }),
  }) as unknown as FastifyInstance;
  if (step >= 1) {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
  }
  if (step >= 2) await app.register(fastifyCookie);
  if (step >= 3) await installRateLimits(app, { factor: 1000 });
  if (step >= 4) await installSecurityHeaders(app, { https: false });
  if (step >= 5) await installCompression(app);
  const schema = step >= 1 ? { response: { 200: z.object({ ok: z.boolean() }) } } : undefined;
  app.withTypeProvider<ZodTypeProvider>().get('/x', { schema }, async () => ({ ok: true }));
  await app.ready();
  return app;
}

function drive(url: string, file: string, seconds: number) {
  const client = new URL('./lib/http-client.ts', import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    [...process.execArgv, client, url, file, values.connections as string, String(seconds)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  return new Promise<{ requests: { average: number }; latency: { p50: number; p99: number } }>(
    (resolve, reject) =>
      child.on('exit', (code) =>
        code === 0
          ? resolve(JSON.parse(out.trim().split('\n').at(-1) as string).result)
          : reject(new Error(`autocannon exited with ${code}`)),
      ),
  );
}

const file = path.join(os.tmpdir(), `overhead-paths-${process.pid}.json`);
// Many client addresses, as in bench/http.bench.ts: the rate limiter keeps one counter each.
writeFileSync(
  file,
  JSON.stringify(
    Array.from({ length: 10_000 }, (_, i) => ({ path: '/x', ip: `2001:db8::${i.toString(16)}` })),
  ),
);
console.log(`# per-request overhead, one trivial route; ${machine()}; load average before: ${loadAverage()}`);
const rows: (string | number)[][] = [];
let first = 0;
for (let step = 0; step < STEPS.length; step++) {
  const app = await build(step);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  await drive(url, file, Number(values.warmup));
  const r = await drive(url, file, Number(values.duration));
  await app.close();
  const rps = Math.round(r.requests.average);
  if (step === 0) first = rps;
  const us = Math.round(1e6 / rps);
  rows.push([
    STEPS[step] as string,
    rps,
    r.latency.p50,
    r.latency.p99,
    `${us} µs`,
    `${Math.round((rps / first) * 100)} %`,
  ]);
  console.log(`${STEPS[step]}: ${rps} req/s`);
}
console.log(`\n${table(['server', 'req/s', 'p50 ms', 'p99 ms', 'per request', 'of bare'], rows)}`);
console.log(`\nload average after: ${loadAverage()}`);
